"""The staff's pledge pages, under /staff/pledges/. Organizers record platforms, pledges,
evidence and links and agree verdicts; organizers and moderators rate. A rater's page
never shows the other rating of the round before their own is given."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as _render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits
from jisr.parliament.models import Activity, Bill, Question, VoteEvent
from jisr.proposals.selectors import public_proposals

from . import selectors, services
from .forms import (
    AgreeForm,
    CategoryForm,
    EvidenceForm,
    LinkForm,
    PlatformForm,
    PledgeForm,
    RatingForm,
)
from .models import Category, Platform, Pledge

ORGANIZER, MODERATOR = Role.ORGANIZER, Role.MODERATOR


def _page(request, items, size=50):
    return Paginator(items, size).get_page(to_ascii_digits(request.GET.get("page") or "") or 1)


def render(request, template: str, context: dict):
    """Every staff page knows whether the person organizes (raters who only moderate see
    no link to an organizer's page)."""
    return _render(request, template, {"can_organize": is_verified(request, ORGANIZER), **context})


def _refused(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@staff_required(ORGANIZER, MODERATOR)
@require_safe
def index(request):
    waiting = request.GET.get("waiting", "")
    pledges = selectors.staff_pledges(waiting)
    context = {
        "page_obj": _page(request, pledges),
        "waiting": waiting,
    }
    return render(request, "pledges/staff/index.html", context)


# --- Categories ---------------------------------------------------------------------------


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def categories(request):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("pledges_staff:categories")
    items = Category.objects.all()
    return render(request, "pledges/staff/categories.html", {"form": form, "categories": items})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def category_edit(request, pk: int):
    item = get_object_or_404(Category, pk=pk)
    initial = {"name": item.name, "name_en": item.name_en, "order": item.order}
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, category=item, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("pledges_staff:categories")
    return render(
        request, "pledges/staff/form.html", {"form": form, "title": _("Edit the category")}
    )


# --- Platforms ----------------------------------------------------------------------------


@staff_required(ORGANIZER)
@require_safe
def platforms(request):
    items = selectors.platforms().order_by("-published_on", "-pk")
    return render(request, "pledges/staff/platforms.html", {"page_obj": _page(request, items)})


def _platform_form(request, platform: Platform | None):
    initial = {}
    if platform is not None:
        initial = {
            "owner": platform.owner_id,
            "election": platform.election_id,
            "title": platform.title,
            "source_url": platform.source_url,
            "archive_url": platform.archive_url,
            "published_on": platform.published_on,
        }
    form = PlatformForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_save(actor=request.user, platform=platform, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Platform saved."))
            return redirect("pledges_staff:platforms")
    title = _("Add a platform") if platform is None else _("Edit the platform")
    return render(request, "pledges/staff/form.html", {"form": form, "title": title})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def platform_new(request):
    return _platform_form(request, None)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def platform_edit(request, pk: int):
    return _platform_form(request, get_object_or_404(Platform, pk=pk))


# --- Pledges ------------------------------------------------------------------------------


def _pledge_form(request, pledge: Pledge | None):
    initial: dict = {}
    if pledge is not None:
        initial = {
            "platform": pledge.platform_id,
            "quote": pledge.quote,
            "source_url": pledge.source_url,
            "page": pledge.page,
            "archive_url": pledge.archive_url,
            "summary": pledge.summary,
            "summary_en": pledge.summary_en,
            "categories": [c.pk for c in pledge.categories.all()],
            "scope": pledge.scope,
            "area": pledge.area_id,
            "deadline": pledge.deadline,
            "people": [p.pk for p in pledge.people.all()],
        }
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["categories"] = list(data["categories"])
        data["people"] = list(data["people"])
        try:
            saved = services.pledge_save(actor=request.user, pledge=pledge, **data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Pledge saved."))
            return redirect("pledges_staff:pledge", saved.pk)
    title = _("Add a pledge") if pledge is None else _("Edit the pledge")
    return render(request, "pledges/staff/form.html", {"form": form, "title": title})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def pledge_new(request):
    return _pledge_form(request, None)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def pledge_edit(request, pk: int):
    return _pledge_form(request, get_object_or_404(Pledge, pk=pk))


def _pledge(pk: int) -> Pledge:
    try:
        return selectors.pledge_detail(pk)
    except Pledge.DoesNotExist:
        raise Http404 from None


@staff_required(ORGANIZER, MODERATOR)
@require_safe
def pledge(request, pk: int):
    item = _pledge(pk)
    ratings = services.round_ratings(item)
    mine = next((r for r in ratings if r.rater_id == request.user.pk), None)
    context = {
        "pledge": item,
        "rated": len(ratings),
        "mine": mine,
    }
    return render(request, "pledges/staff/pledge.html", context)


@staff_required(ORGANIZER, MODERATOR)
@require_http_methods(["GET", "POST"])
def rate(request, pk: int):
    """One rater's own verdict. The other rating of the round is shown only once this
    rater has given theirs."""
    item = _pledge(pk)
    ratings = services.round_ratings(item)
    mine = next((r for r in ratings if r.rater_id == request.user.pk), None)
    form = RatingForm(request.POST or None) if mine is None and len(ratings) < 2 else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This round already has your rating, or both ratings."))
            return redirect("pledges_staff:rate", item.pk)
        if form.is_valid():
            try:
                services.pledge_rate(actor=request.user, pledge=item, **form.cleaned_data)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Your rating is recorded."))
                return redirect("pledges_staff:rate", item.pk)
    context = {
        "pledge": item,
        "form": form,
        "mine": mine,
        # Only after one's own rating: the others of the round.
        "others": [r for r in ratings if r is not mine] if mine else [],
        "rated": len(ratings),
    }
    return render(request, "pledges/staff/rate.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def agree(request, pk: int):
    item = _pledge(pk)
    ratings = services.round_ratings(item)
    form = AgreeForm(request.POST or None, pledge=item) if len(ratings) >= 2 else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request, _("Two raters must rate the pledge before a verdict is agreed.")
            )
            return redirect("pledges_staff:pledge", item.pk)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["evidence"] = list(data["evidence"])
            try:
                services.pledge_agree(actor=request.user, pledge=item, **data)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The agreed verdict is recorded."))
                return redirect("pledges_staff:pledge", item.pk)
    return render(
        request, "pledges/staff/agree.html", {"pledge": item, "form": form, "ratings": ratings}
    )


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def evidence_new(request, pk: int):
    item = get_object_or_404(Pledge, pk=pk)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(actor=request.user, pledge=item, **form.cleaned_data)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("pledges_staff:pledge", item.pk)
    title = _("Add evidence")
    return render(
        request, "pledges/staff/form.html", {"form": form, "title": title, "pledge": item}
    )


# Only public proposals: the pledge's page shows what it links to.
LINK_RECORDS = {
    "bill": Bill.objects.all,
    "vote_event": VoteEvent.objects.all,
    "question": Question.objects.all,
    "activity": Activity.objects.all,
    "proposal": public_proposals,
}


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def link_new(request, pk: int):
    item = get_object_or_404(Pledge, pk=pk)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records = LINK_RECORDS[form.cleaned_data["kind"]]()
        target = records.filter(pk=form.cleaned_data["number"]).first()
        if target is None:
            form.add_error("number", _("No record of this kind has this number."))
        else:
            try:
                services.pledge_link(
                    actor=request.user, pledge=item, target=target, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Link added."))
                return redirect("pledges_staff:pledge", item.pk)
    title = _("Link to a record")
    return render(
        request, "pledges/staff/form.html", {"form": form, "title": title, "pledge": item}
    )
