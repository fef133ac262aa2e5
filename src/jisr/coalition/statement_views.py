"""The statements' public pages: the list, a statement (text in the page's language, its
version and window, counts, listed signers, the forms to sign), its frozen text as plain
text (to recompute the hash), its PDF and a feed of published statements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import statement_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .models import Statement, StatementStatus, canonical_bytes
from .services import statements as services
from .statement_forms import OrganizationSignForm, PersonSignForm


def _public_or_404(pk: int) -> Statement:
    return get_object_or_404(selectors.public_statements().select_related("coalition"), pk=pk)


@require_safe
def statement_list(request):
    statements = selectors.statement_list()
    return render(request, "coalition/statements/list.html", {"statements": statements})


@require_safe
def statement_detail(request, pk: int):
    statement = _public_or_404(pk)
    signers = selectors.signers(statement)
    english = get_language() == "en"
    if statement.is_published:
        text, text_en = statement.published_text, statement.published_text_en
    else:
        text, text_en = signers.version.text, signers.version.text_en
    mine = selectors.my_signatures(request, statement)
    signing = statement.status == StatementStatus.OPEN and statement.window_state() == "open"
    unsigned = [
        d
        for d in mine["delegations"]
        if mine["signed_orgs"].get(d.organization_id) != signers.version.pk
    ]
    context = {
        "statement": statement,
        "signers": signers,
        "text": (text_en if english and text_en else text),
        "text_lang": "en" if english and text_en else "ar",
        "signing": signing,
        "window": statement.window_state(),
        "org_form": OrganizationSignForm(delegations=unsigned) if signing and unsigned else None,
        "person": mine["person"],
        "person_form": PersonSignForm() if signing and request.user.is_authenticated else None,
        "person_signed_latest": mine["person"] is not None
        and mine["person"].version_id == signers.version.pk,
        "signed_for": [d for d in mine["delegations"] if d not in unsigned],
    }
    return render(request, "coalition/statements/detail.html", context)


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@delegate_required
@require_POST
def statement_sign_organization(request, pk: int):
    statement = _public_or_404(pk)
    form = OrganizationSignForm(
        request.POST, delegations=current_delegations(request.user, acting=True)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the organization you sign for and how it is listed."))
        return redirect("coalition:statement_detail", pk)
    organization = next(
        d.organization
        for d in current_delegations(request.user, acting=True)
        if d.organization_id == form.cleaned_data["organization"]
    )
    delegate = acting_delegate(request, organization)
    try:
        services.statement_sign_organization(
            delegate=delegate, statement=statement, listed=form.cleaned_data["listed"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Your organization's signature is recorded."))
    return redirect("coalition:statement_detail", pk)


@login_required
@require_POST
def statement_sign_person(request, pk: int):
    statement = _public_or_404(pk)
    form = PersonSignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether your name is shown."))
        return redirect("coalition:statement_detail", pk)
    try:
        services.statement_sign_person(
            actor=request.user, statement=statement, listed=form.cleaned_data["listed"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Your signature is recorded."))
    return redirect("coalition:statement_detail", pk)


def _published_or_404(pk: int) -> Statement:
    statement = _public_or_404(pk)
    if not statement.is_published:
        raise Http404
    return statement


@require_safe
def statement_text(request, pk: int):
    """The frozen text in its canonical form: ``sha256sum`` of this file is the hash."""
    statement = _published_or_404(pk)
    body = canonical_bytes(statement.published_text, statement.published_text_en)
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="statement-{statement.pk}.txt"'
    return response


@require_safe
def statement_pdf(request, pk: int):
    from .statement_pdf import statement_pdf as make_pdf

    statement = _published_or_404(pk)
    response = HttpResponse(make_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{statement.pk}.pdf"'
    return response


class PublishedStatementsFeed(Feed):
    """Published statements (RSS): the title, the frozen text and its hash; never a
    signer's name."""

    title = gettext_lazy("Joint statements")
    description = gettext_lazy("Joint statements published by the community's organizations.")

    def link(self):
        return reverse("coalition:statement_list")

    def items(self):
        return selectors.published_statements()

    def item_title(self, item):
        return (item.title_en if get_language() == "en" else "") or item.title

    def item_description(self, item):
        text = (item.published_text_en if get_language() == "en" else "") or item.published_text
        return f"{text}\n\nSHA-256: {item.sha256}"

    def item_link(self, item):
        return reverse("coalition:statement_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at


statement_feed = require_safe(PublishedStatementsFeed())
