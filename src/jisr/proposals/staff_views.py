"""Staff pages for proposals. Moderators review what members submit; organizers deliver,
record answers, milestones, links and outcomes, manage topics and export. Every one of
those pages is wrapped in ``staff_required`` (role plus two-factor authentication).

The representative office's inbox is the exception: offices answer for their
representative, need no two-factor authentication, and see only what was delivered to
the representative their account is linked to (``OfficeAccount``)."""

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role, has_role, role_codes
from jisr.core.forms import choice_field
from jisr.core.lists import join_list
from jisr.parliament.models import Person
from jisr.parliament.selectors import current_term

from . import selectors, services
from .models import STATUS_LABELS, AbuseReport, Answer, Delivery, Proposal, Topic
from .staff_forms import (
    AnswerForm,
    DeliverForm,
    LinkForm,
    MergeForm,
    MilestoneForm,
    ModerateForm,
    OfficeAnswerForm,
    OutcomeForm,
    PickForm,
    ReviewReportsForm,
    TopicForm,
    TopicToggleForm,
)
from .states import PUBLIC, Actor, Status, next_statuses

moderator_only = staff_required(Role.MODERATOR)
organizer_only = staff_required(Role.ORGANIZER)

DASHBOARD_ROWS = 20
PAGE_SIZE = 50
INBOX_PAGE_SIZE = 20
DELIVERABLE = {Status.PUBLISHED, Status.DELIVERED, Status.ANSWERED, Status.IN_PROGRESS}


# --- Helpers --------------------------------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    """Show a rule the service refused as an error on the form."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


def _run(form, call) -> bool:
    """Run the service call; return whether it succeeded, else put its refusal on the form."""
    try:
        call()
    except ValidationError as error:
        _add_errors(form, error)
        return False
    return True


def _proposal(pk: int) -> Proposal:
    """A proposal staff may work on: anything the author has submitted (drafts stay the
    author's own)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("topic", "area", "merged_into"), pk=pk
    )
    if proposal.status == Status.DRAFT:
        raise Http404
    return proposal


def _render(request, template: str, context: dict):
    # The roles decide which staff links the pages show; they are cached on the user.
    return render(request, template, {**context, "staff_roles": role_codes(request.user)})


def _with_story(proposal: Proposal) -> Proposal:
    """The proposal with what its timeline shows, fetched in a few queries."""
    deliveries = Delivery.objects.select_related("representative", "answer")
    prefetch_related_objects(
        [proposal], "changes", "milestones", Prefetch("deliveries", queryset=deliveries)
    )
    return proposal


def _context(proposal: Proposal, **extra) -> dict:
    return {"proposal": proposal, **extra}


# --- Dashboard and moderation ---------------------------------------------------------------


@require_safe
@organizer_only
def dashboard(request):
    days = settings.JISR_FOLLOW_UP_DAYS
    overdue = selectors.needing_follow_up().select_related("topic")
    ready = selectors.ready_for_delivery()
    context = {
        "queue": [
            (status, STATUS_LABELS[status], count) for status, count in selectors.queue_by_status()
        ],
        "overdue": overdue[:DASHBOARD_ROWS],
        "overdue_count": overdue.count(),
        "ready": ready[:DASHBOARD_ROWS],
        "ready_count": ready.count(),
        "rates": selectors.answer_rates()[:DASHBOARD_ROWS],
        "public_statuses": {s.value for s in PUBLIC},
        "moderated_statuses": {Status.SUBMITTED.value, Status.IN_REVIEW.value},
        "follow_up_days": days,
        "threshold": settings.JISR_SUPPORT_THRESHOLD,
    }
    return _render(request, "proposals/staff/dashboard.html", context)


@require_safe
@moderator_only
def moderation_queue(request):
    page = Paginator(selectors.moderation_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "proposals/staff/moderation_queue.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
@moderator_only
def moderate(request, pk: int):
    """Publish, review, ask for changes, reject, merge into a duplicate, or settle the
    reports of a hidden proposal. Every decision goes through a service and is audited."""
    proposal = _proposal(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "moderate": ModerateForm(request.POST if action == "moderate" else None, proposal=proposal),
        "merge": MergeForm(request.POST if action == "merge" else None, proposal=proposal),
        "reports": ReviewReportsForm(request.POST if action == "reports" else None),
    }
    if action is not None:
        if action not in forms:
            return HttpResponseBadRequest()
        form = forms[action]
        if form.is_valid() and _run(form, lambda: _moderate(request, proposal, action, form)):
            return redirect("proposals_staff:moderation")
    reports = (
        AbuseReport.objects.filter(proposal=proposal, resolved=False)
        .values("reason")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    reasons = dict(AbuseReport.Reason.choices)
    similar = []
    if Status.MERGED in next_statuses(Status(proposal.status), Actor.MODERATOR):
        similar = selectors.similar_proposals(proposal.title, proposal.body, exclude=proposal.pk)
    context = _context(
        proposal,
        moderate_form=forms["moderate"],
        merge_form=forms["merge"],
        reports_form=forms["reports"],
        can_moderate=bool(choice_field(forms["moderate"], "target").choices),
        can_merge=Status.MERGED in next_statuses(Status(proposal.status), Actor.MODERATOR),
        reports=[(reasons.get(r["reason"], r["reason"]), r["n"]) for r in reports],
        similar=similar,
    )
    return _render(request, "proposals/staff/moderate.html", context)


def _moderate(request, proposal, action, form):
    data = form.cleaned_data
    if action == "moderate":
        services.proposal_moderate(
            actor=request.user,
            proposal=proposal,
            target=data["target"],
            message=data["message"],
        )
        messages.success(request, _("Your decision was recorded."))
    elif action == "merge":
        services.proposal_merge(actor=request.user, duplicate=proposal, into=data["into"])
        messages.success(
            request,
            _("The proposal was merged into number %(number)d.") % {"number": data["into"].pk},
        )
    else:
        services.proposal_review_reports(
            actor=request.user, proposal=proposal, restore=data["restore"]
        )
        if data["restore"]:
            messages.success(request, _("The proposal is visible again."))
        else:
            messages.success(request, _("The proposal stays hidden."))


# --- Delivery, answers, milestones, links, outcomes -----------------------------------------


@require_http_methods(["GET", "POST"])
@organizer_only
def deliver(request, pk: int):
    proposal = _proposal(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    term = current_term()
    targets = list(proposal.targets.all())
    form = DeliverForm(
        request.POST if action == "deliver" else None,
        term=term,
        initial={"representatives": [p.pk for p in targets], "delivered_on": timezone.localdate()},
    )
    if action == "pick":
        pick = PickForm(request.POST)
        if pick.is_valid():
            picked = pick.cleaned_data["picked"]
            services.proposal_pick(actor=request.user, proposal=proposal, picked=picked)
            if picked:
                messages.success(request, _("The proposal is picked for delivery."))
            else:
                messages.success(request, _("The proposal is no longer picked for delivery."))
        return redirect("proposals_staff:deliver", pk=proposal.pk)
    if action == "deliver" and form.is_valid():
        data = form.cleaned_data
        created: list[Delivery] = []

        def record():
            created[:] = services.delivery_record(
                actor=request.user,
                proposal=proposal,
                representatives=data["representatives"],
                method=data["method"],
                delivered_on=data["delivered_on"],
                note=data["note"],
                email_office=data["email_office"],
            )

        if proposal.hidden:
            form.add_error(None, _("A hidden proposal cannot be delivered until it is reviewed."))
        elif _run(form, record):
            count = len(created)
            messages.success(
                request,
                ngettext(
                    "Recorded the delivery to %(count)d representative.",
                    "Recorded the delivery to %(count)d representatives.",
                    count,
                )
                % {"count": count},
            )
            if data["email_office"]:
                _warn_without_email(request, [d.representative for d in created])
            return redirect("proposals_staff:deliver", pk=proposal.pk)
    deliveries = proposal.deliveries.select_related("representative", "answer")
    context = _context(
        proposal,
        form=form,
        term=term,
        targets=targets,
        deliveries=deliveries,
        deliverable=proposal.status in DELIVERABLE and not proposal.hidden,
        ready=services.ready_for_delivery(proposal),
        threshold=settings.JISR_SUPPORT_THRESHOLD,
    )
    return _render(request, "proposals/staff/deliver.html", context)


def _warn_without_email(request, people) -> None:
    with_email = set(
        Person.objects.filter(pk__in=[p.pk for p in people], contacts__kind="email").values_list(
            "pk", flat=True
        )
    )
    missing = [p.name for p in people if p.pk not in with_email]
    if missing:
        messages.warning(
            request,
            _("No public e-mail address is recorded for: %(names)s. No link was sent to them.")
            % {"names": join_list(missing)},
        )


@require_http_methods(["GET", "POST"])
@organizer_only
def answer(request, pk: int):
    """Transcribe a representative's answer given in a meeting, a letter or a call."""
    proposal = _proposal(pk)
    waiting = proposal.deliveries.filter(answer__isnull=True).select_related("representative")
    form = AnswerForm(
        request.POST or None, deliveries=waiting, initial={"answered_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.answer_record(  # noqa: E731
            actor=request.user,
            delivery=data["delivery"],
            text=data["text"],
            answered_on=data["answered_on"],
            source=Answer.Source.TRANSCRIBED,
        )
        if _run(form, call):
            messages.success(request, _("The answer was recorded."))
            return redirect("proposals_staff:deliver", pk=proposal.pk)
    answers = Answer.objects.filter(delivery__proposal=proposal).select_related(
        "delivery__representative"
    )
    context = _context(proposal, form=form, has_waiting=waiting.exists(), answers=answers)
    return _render(request, "proposals/staff/answer.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def milestone(request, pk: int):
    proposal = _proposal(pk)
    form = MilestoneForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.milestone_add(  # noqa: E731
            actor=request.user,
            proposal=proposal,
            date=data["date"],
            note=data["note"],
            progress=data["progress"],
        )
        if _run(form, call):
            messages.success(request, _("The milestone was added."))
            return redirect("proposals_staff:milestone", pk=proposal.pk)
    context = _context(proposal, form=form, milestones=proposal.milestones.all())
    return _render(request, "proposals/staff/milestone.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def link(request, pk: int):
    """Link the parliamentary record that came of the proposal: chosen among the recent
    records of the representatives it was delivered to (or addressed to), or by address."""
    proposal = _proposal(pk)
    people = Person.objects.filter(deliveries__proposal=proposal).order_by("name")
    if not people.exists():
        people = proposal.targets.order_by("name")
    form = LinkForm(request.POST or None, representatives=people)
    if request.method == "POST" and form.is_valid():
        kind, record = form.cleaned_data["target"]
        call = lambda: services.activity_link(  # noqa: E731
            actor=request.user, proposal=proposal, **{kind: record}
        )
        if _run(form, call):
            messages.success(request, _("The parliamentary record was linked."))
            return redirect("proposals_staff:link", pk=proposal.pk)
    links = proposal.links.select_related("activity", "vote_event", "bill", "question")
    return _render(request, "proposals/staff/link.html", _context(proposal, form=form, links=links))


@require_http_methods(["GET", "POST"])
@organizer_only
def outcome(request, pk: int):
    """Move the proposal along the state machine (in progress, an outcome, or reopen)."""
    proposal = _proposal(pk)
    form = OutcomeForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.proposal_set_outcome(  # noqa: E731
            actor=request.user, proposal=proposal, target=data["target"], note=data["note"]
        )
        if _run(form, call):
            messages.success(request, _("The status was changed."))
            return redirect("proposals_staff:outcome", pk=proposal.pk)
    context = _context(
        proposal,
        form=form,
        can_change=bool(choice_field(form, "target").choices),
        timeline=selectors.proposal_timeline(_with_story(proposal), full=True),
    )
    return _render(request, "proposals/staff/outcome.html", context)


# --- Topics and export ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@organizer_only
def topics(request):
    """List, add, rename, reorder, withdraw and offer again the topics members choose from."""
    action = request.POST.get("action") if request.method == "POST" else None
    everything = list(Topic.objects.annotate(n=Count("proposal")))
    add_form = TopicForm(request.POST if action == "add" else None, prefix="new")
    edited = request.POST.get("topic") if action == "rename" else None
    rows = []
    for item in everything:
        bound = edited == str(item.pk)
        initial = {"name": item.name, "name_en": item.name_en, "order": item.order}
        form = TopicForm(request.POST if bound else None, initial=initial, prefix=f"t{item.pk}")
        rows.append((item, form))
    if action in ("add", "rename"):
        topic: Topic | None
        if action == "add":
            form, topic = add_form, None
        else:
            row = next((r for r in rows if str(r[0].pk) == edited), None)
            if row is None:
                raise Http404
            topic, form = row
        if form.is_valid():
            data = form.cleaned_data
            call = lambda: services.topic_save(  # noqa: E731
                actor=request.user,
                name=data["name"],
                name_en=data["name_en"],
                topic=topic,
                order=data["order"] or 0,
            )
            if _run(form, call):
                messages.success(request, _("The topic was saved."))
                return redirect("proposals_staff:topics")
    elif action == "toggle":
        toggle = TopicToggleForm(request.POST)
        if not toggle.is_valid():
            raise Http404
        topic = toggle.cleaned_data["topic"]
        services.topic_save(
            actor=request.user,
            name=topic.name,
            name_en=topic.name_en,
            topic=topic,
            is_active=not topic.is_active,
        )
        if topic.is_active:
            messages.success(request, _("The topic is offered to members again."))
        else:
            messages.success(request, _("The topic is no longer offered to members."))
        return redirect("proposals_staff:topics")
    elif action is not None:
        return HttpResponseBadRequest()
    return _render(request, "proposals/staff/topics.html", {"rows": rows, "add_form": add_form})


class _Echo:
    """A file-like object whose write hands the line back, for a streaming CSV."""

    def write(self, value):
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Keep spreadsheets from running a member's text as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _public_url(pk: int) -> str:
    try:
        return settings.JISR_SITE_URL.rstrip("/") + reverse("proposals:detail", args=[pk])
    except NoReverseMatch:
        return ""


def _csv_rows(proposals):
    writer = csv.writer(_Echo())
    header = [
        _("Number"),
        _("Title"),
        _("Status"),
        _("Topic"),
        _("Governorate"),
        _("Author"),
        _("Supports"),
        _("Submitted"),
        _("Published"),
        _("Last update"),
        _("Hidden"),
        _("Picked for delivery"),
        _("Delivered to"),
        _("Answers"),
        _("Address"),
    ]
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (Arabic).
    yield "\ufeff" + writer.writerow(header)
    yes, no = _("yes"), _("no")
    for p in proposals.iterator(chunk_size=500):
        deliveries = list(p.deliveries.all())
        yield writer.writerow(
            [
                _cell(v)
                for v in (
                    p.pk,
                    p.title,
                    STATUS_LABELS[Status(p.status)],
                    p.topic.name,
                    p.area.name if p.area else "",
                    p.author_display_name or _("erased member"),
                    p.support_count,
                    _iso(p.submitted_at),
                    _iso(p.published_at),
                    _iso(p.last_update_at),
                    yes if p.hidden else no,
                    yes if p.picked_for_delivery else no,
                    join_list(d.representative.name for d in deliveries),
                    sum(1 for d in deliveries if hasattr(d, "answer")),
                    _public_url(p.pk),
                )
            ]
        )


def _iso(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@require_safe
@organizer_only
def export_csv(request):
    """Every submitted proposal (drafts stay the author's), or those of one status; only
    display names, never e-mail addresses or real names."""
    proposals = Proposal.objects.exclude(status=Status.DRAFT)
    status = request.GET.get("status", "")
    if status:
        if status not in {s.value for s in Status} or status == Status.DRAFT:
            return HttpResponseBadRequest()
        proposals = proposals.filter(status=status)
    proposals = (
        proposals.select_related("topic", "area")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.select_related("representative", "answer").only(
                    "proposal_id", "representative__name", "answer__id"
                ),
            )
        )
        .order_by("id")
    )
    response = StreamingHttpResponse(_csv_rows(proposals), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="proposals-{stamp}.csv"'
    return response


# --- The representative's office ------------------------------------------------------------


def office_required(view):
    """Let in accounts with the representative-office role that are linked to a
    representative; ``request.office`` is that link."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(user, Role.REPRESENTATIVE_OFFICE):
            raise PermissionDenied
        office = selectors.office_of(user)
        if office is None:
            raise PermissionDenied
        request.office = office
        return view(request, *args, **kwargs)

    # Read by the staff navigation and the staff-guard test.
    wrapped.office_only = True  # type: ignore[attr-defined]
    wrapped.office_roles = (Role.REPRESENTATIVE_OFFICE,)  # type: ignore[attr-defined]
    return wrapped


@require_http_methods(["GET", "POST"])
@office_required
def office_inbox(request):
    """The proposals delivered to the office's representative, each with a form to answer."""
    representative = request.office.representative
    deliveries = Delivery.objects.filter(representative=representative).select_related(
        "proposal__topic", "answer"
    )
    bound_pk, bound_form = None, None
    if request.method == "POST":
        delivery = get_object_or_404(
            deliveries, pk=_int(request.POST.get("delivery")), answer__isnull=True
        )
        bound_pk = delivery.pk
        bound_form = OfficeAnswerForm(request.POST, prefix=f"d{delivery.pk}")
        if bound_form.is_valid():
            data = bound_form.cleaned_data
            call = lambda: services.answer_record(  # noqa: E731
                actor=request.user,
                delivery=delivery,
                text=data["text"],
                answered_on=data["answered_on"],
                source=Answer.Source.OFFICE,
            )
            if _run(bound_form, call):
                messages.success(request, _("Thank you: the answer was recorded and published."))
                return redirect("proposals_staff:office_inbox")
    waiting = Paginator(
        deliveries.filter(answer__isnull=True).order_by("-delivered_on", "-id"), INBOX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [
        (d, bound_form if d.pk == bound_pk else OfficeAnswerForm(prefix=f"d{d.pk}"))
        for d in waiting.object_list
    ]
    if bound_pk is not None and all(d.pk != bound_pk for d, _form in rows):
        rows.insert(0, (delivery, bound_form))  # answered from another page: keep its errors
    answered = deliveries.filter(answer__isnull=False).order_by("-answer__answered_on", "-id")
    context = {
        "representative": representative,
        "page_obj": waiting,
        "rows": rows,
        "answered": answered[:INBOX_PAGE_SIZE],
    }
    return render(request, "proposals/office/inbox.html", context)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
