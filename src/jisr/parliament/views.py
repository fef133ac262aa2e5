from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dates
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jisr.accounts.roles import Role, has_role
from jisr.core.panels import panels

from . import charts, selectors
from .compare import compare as compare_people
from .forms import CompareForm, RepresentativeFilterForm
from .models import (
    Activity,
    Attendance,
    Bill,
    MergedPerson,
    Organization,
    Person,
    Question,
    Sitting,
    Vote,
    VoteEvent,
)

PAGE_SIZE = 30

OPTION_ORDER = [o.value for o in Vote.Option]


def _page(request, items, param="page", size=PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get(param))


def _query_without(request, *params) -> str:
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    return query.urlencode()


@require_safe
def representatives(request):
    form = RepresentativeFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"term": None, "sort": "name"}
    if filters["term"] is None:
        filters["term"] = selectors.current_term()
    people = selectors.representatives(**filters)
    context = {
        "form": form,
        "term": filters["term"],
        "page_obj": _page(request, people),
        "query": _query_without(request, "page"),
    }
    return render(request, "parliament/representatives.html", context)


def _monthly_charts(card: dict) -> list[tuple[str | Promise, str]]:
    months = list(card["monthly"])
    rtl = get_language_bidi()
    series = [
        ("votes", _("Votes cast per month")),
        (Activity.Kind.QUESTION, _("Questions asked per month")),
        (Activity.Kind.SPEECH, _("Speeches per month")),
        (Activity.Kind.BILL, _("Bills sponsored per month")),
    ]
    return [
        (
            title,
            charts.monthly_bars(
                months,
                [card["monthly"][m].get(key, 0) for m in months],
                title=title,
                rtl=rtl,
                month_names=dates.MONTHS,
            ),
        )
        for key, title in series
        if any(card["monthly"][m].get(key) for m in months)
    ]


@require_safe
def representative(request, pk: int):
    try:
        person = selectors.person_profile(pk)
    except Person.DoesNotExist as error:
        # A record merged into another: its old address leads to the one kept.
        merged = MergedPerson.objects.filter(old_id=pk).values_list("person_id", flat=True)
        if merged:
            return redirect("parliament:representative", pk=merged[0], permanent=True)
        raise Http404 from error
    kind = request.GET.get("kind", "")
    if kind not in Activity.Kind.values:
        kind = ""
    term = selectors.current_term()
    seat = selectors.current_seat(person, term)
    card = selectors.scorecard(person, term)
    context = {
        "person": person,
        "seat": seat,
        "card": card,
        "votes_summary": selectors.vote_summary(person, term, seat),
        "charts": _monthly_charts(card),
        "kind": kind,
        "kinds": Activity.Kind.choices,
        "timeline": selectors.timeline_page(
            person, kind=kind, number=request.GET.get("page"), size=PAGE_SIZE
        ),
        "votes": _page(request, selectors.person_votes(person), param="votes", size=20),
        # Announced after votes whose individual votes are unknown: never a recorded vote.
        "announced": list(selectors.announced_positions(person=person)[:PAGE_SIZE]),
        "explanations": list(selectors.vote_explanations(person=person)[:PAGE_SIZE]),
        "can_record": has_role(request.user, Role.ORGANIZER),
        "query": _query_without(request, "page"),
        "votes_query": _query_without(request, "votes"),
        # What other apps add (the follow button, the proposals delivered): core.panels.
        "actions": panels("person.actions", request, person),
        "sections": panels("person.sections", request, person),
    }
    return render(request, "parliament/representative.html", context)


@require_safe
def photo(request, pk: int):
    person = get_object_or_404(Person.objects.only("photo"), pk=pk)
    if not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def organizations(request):
    groups = (
        Organization.objects.filter(
            classification__in=[
                Organization.Classification.ALLIANCE,
                Organization.Classification.PARTY,
            ]
        )
        .select_related("parent")
        .order_by("classification", "name")
    )
    return render(request, "parliament/organizations.html", {"groups": groups})


@require_safe
def organization(request, pk: int):
    group = get_object_or_404(Organization.objects.select_related("parent"), pk=pk)
    term = selectors.current_term()
    members = list(selectors.organization_members(group, term))
    seats: dict[Organization, int] = {}
    for seat in members:
        seats[seat.on_behalf_of] = seats.get(seat.on_behalf_of, 0) + 1
    votes = _page(request, selectors.organization_vote_events(group))
    context = {
        "group": group,
        "term": term,
        "members": members,
        "seats": sorted(seats.items(), key=lambda item: -item[1]),
        "components": group.children.all(),
        "votes": votes,
        "actions": panels("organization.actions", request, group),
    }
    return render(request, "parliament/organization.html", context)


def _option_counts(source) -> list[tuple[str, str | Promise, int]]:
    labels = dict(Vote.Option.choices)
    return [(o, labels[o], getattr(source, f"{o}_count")) for o in OPTION_ORDER]


@require_safe
def vote_events(request):
    events = VoteEvent.objects.select_related("term").order_by("-date", "-id")
    return render(request, "parliament/vote_events.html", {"page_obj": _page(request, events)})


@require_safe
def vote_event(request, pk: int):
    try:
        event, votes = selectors.vote_event_detail(pk)
    except VoteEvent.DoesNotExist as error:
        raise Http404 from error
    rtl = get_language_bidi()
    # No Vote row exists where individual votes are unknown (the database refuses one);
    # the query is not even made then.
    groups = selectors.group_votes_by_party(votes) if event.individual_votes_known else []
    for group in groups:
        group["chart"] = charts.stacked_bar(group["counts"], title=group["name"], rtl=rtl)
    context = {
        "event": event,
        "counts": _option_counts(event),
        "chart": charts.stacked_bar(_option_counts(event), title=event.motion, rtl=rtl),
        "groups": groups,
        "announced": selectors.announced_positions(vote_event=event),
        "explanations": selectors.vote_explanations(vote_event=event),
        "can_record": has_role(request.user, Role.ORGANIZER),
    }
    return render(request, "parliament/vote_event.html", context)


@require_safe
def vote_methods(request):
    """How Jisr records votes: the methods, and why a per-person vote is never invented."""
    return render(request, "parliament/vote_methods.html", {"methods": VoteEvent.Method.choices})


@require_safe
def bills(request):
    items = Bill.objects.select_related("term").order_by("-introduced_on", "-id")
    return render(request, "parliament/bills.html", {"page_obj": _page(request, items)})


@require_safe
def bill(request, pk: int):
    item = get_object_or_404(Bill.objects.select_related("term"), pk=pk)
    stages = list(item.stages.all())
    path = selectors.bill_path(item, stages)
    current = next((step for step in path if step["current"]), None)
    context = {
        "bill": item,
        "path": path,
        "current": current,
        "can_record": has_role(request.user, Role.ORGANIZER),
        "sponsors": item.sponsors.all(),
        "vote_events": item.vote_events.all(),
        "explanations": selectors.vote_explanations(bill=item),
    }
    return render(request, "parliament/bill.html", context)


@require_safe
def questions(request):
    items = Question.objects.select_related("asked_by", "ministry").order_by("-asked_on", "-id")
    return render(request, "parliament/questions.html", {"page_obj": _page(request, items)})


@require_safe
def question(request, pk: int):
    item = get_object_or_404(Question.objects.select_related("asked_by", "ministry"), pk=pk)
    return render(request, "parliament/question.html", {"question": item})


@require_safe
def sitting(request, pk: int):
    """A sitting: when it began against when it was called for, whether the quorum was
    reached, and the recorded attendance with the reasons for the absences."""
    item = get_object_or_404(Sitting.objects.select_related("term"), pk=pk)
    rows = list(
        Attendance.objects.filter(sitting=item)
        .select_related("person")
        .order_by("status", "person__name", "person_id")
    )
    by_status: dict[str, int] = {}
    reasons: dict[str, int] = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
        if row.status != Attendance.Status.PRESENT:
            label = str(Attendance.Reason(row.reason).label)
            reasons[label] = reasons.get(label, 0) + 1
    context = {
        "sitting": item,
        "presence": selectors.presence(by_status),
        "reasons": sorted(reasons.items(), key=lambda pair: -pair[1]),
        "absences": [r for r in rows if r.status != Attendance.Status.PRESENT],
        "delay": item.delay_minutes,
        "vote_events": list(item.vote_events.all()),
    }
    return render(request, "parliament/sitting.html", context)


@require_safe
def compare(request):
    """Two to four representatives side by side: votes in common, deviation from their
    party, questions by ministry and the ministries' answer rates; each with its
    denominator and its method, no score and no ranking."""
    form = CompareForm(request.GET or None)
    comparison = None
    if form.is_valid():
        people = sorted(form.cleaned_data["p"], key=lambda p: (p.name, p.pk))
        comparison = compare_people(people)
    return render(request, "parliament/compare.html", {"form": form, "comparison": comparison})
