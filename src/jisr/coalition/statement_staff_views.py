"""The organizers' statement pages: the list, a new statement, a statement's management
(new version, open, publish, withdraw). Counts only: an unlisted signer is not named here
either."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role

from . import statement_selectors as selectors
from .models import Statement, StatementStatus
from .services import statements as services
from .statement_forms import StatementForm, VersionForm

ORGANIZER = Role.ORGANIZER


@staff_required(ORGANIZER)
@require_safe
def statement_index(request):
    return render(
        request,
        "coalition/statements/staff_index.html",
        {"statements": selectors.staff_statements()},
    )


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def statement_new(request):
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opens_at, closes_at = form.window()
        try:
            statement = services.statement_create(
                actor=request.user,
                title=data["title"],
                title_en=data["title_en"],
                text=data["text"],
                text_en=data["text_en"],
                opens_at=opens_at,
                closes_at=closes_at,
                threshold=data["threshold"],
                coalition=data["coalition"],
                delegate=data["delegate"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved. Open it for signing when it is ready."))
            return redirect("coalition_staff:statement_manage", statement.pk)
    return render(request, "coalition/statements/staff_form.html", {"form": form})


@staff_required(ORGANIZER)
@require_safe
def statement_manage(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related("coalition"), pk=pk)
    signers = selectors.signers(statement)
    context = {
        "statement": statement,
        "signers": signers,
        "can_edit": statement.status in services.EDITABLE,
        "can_open": statement.status == StatementStatus.DRAFT,
        "can_publish": statement.status == StatementStatus.OPEN
        and signers.organizations_count >= statement.threshold,
    }
    return render(request, "coalition/statements/staff_manage.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def statement_version_new(request, pk: int):
    statement = get_object_or_404(Statement, pk=pk)
    latest = services.latest_version(statement)
    initial = {"text": latest.text, "text_en": latest.text_en} if latest else {}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_add_version(
                actor=request.user, statement=statement, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("New version saved. Signatures of earlier versions stay with them."),
            )
            return redirect("coalition_staff:statement_manage", pk)
    return render(
        request,
        "coalition/statements/staff_version.html",
        {"form": form, "statement": statement, "latest": latest},
    )


def _act(request, pk: int, service, done: str):
    statement = get_object_or_404(Statement, pk=pk)
    try:
        service(actor=request.user, statement=statement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("coalition_staff:statement_manage", pk)


@staff_required(ORGANIZER)
@require_POST
def statement_open(request, pk: int):
    return _act(request, pk, services.statement_open, _("The statement is open for signing."))


@staff_required(ORGANIZER)
@require_POST
def statement_publish(request, pk: int):
    return _act(
        request, pk, services.statement_publish, _("Published: the text is frozen with its hash.")
    )


@staff_required(ORGANIZER)
@require_POST
def statement_withdraw(request, pk: int):
    return _act(request, pk, services.statement_withdraw, _("The statement is withdrawn."))
