from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncMonth

from jisr.core.text.digits import to_ascii_digits

from .models import (
    PERSON_SITE_ID_PREFIX,
    Activity,
    AnnouncedPosition,
    Attendance,
    Bill,
    BillPhase,
    CommitteeAttendance,
    Membership,
    Organization,
    Person,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)

LEGISLATURE = Organization.Classification.LEGISLATURE


def people_with_name_key(key: str):
    return Person.objects.filter(name_key=key)


def with_seat(people):
    """Annotate each person with the party and governorate of their latest seat in the
    legislature, inside the same query (a picker of hundreds of people stays one query)."""
    if "seat_party" in people.query.annotations:
        return people
    seat = Membership.objects.filter(
        person=OuterRef("pk"), organization__classification=LEGISLATURE
    ).order_by("-term__start_date", "-start_date", "-id")
    return people.annotate(
        seat_party=Subquery(seat.values("on_behalf_of__name")[:1]),
        seat_party_en=Subquery(seat.values("on_behalf_of__name_en")[:1]),
        seat_area=Subquery(seat.values("area__name")[:1]),
        seat_area_en=Subquery(seat.values("area__name_en")[:1]),
    )


def person_by_site_id(value: str) -> Person | None:
    """The person named by this site's own id (``jisr:person/12``, in any digits), if any."""
    text = to_ascii_digits(value.strip())
    if not text.lower().startswith(PERSON_SITE_ID_PREFIX):
        return None
    number = text[len(PERSON_SITE_ID_PREFIX) :]
    if not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    return Person.objects.filter(pk=int(number)).first()


def members_on(term: Term, day: date) -> dict[int, Membership]:
    """Return the term's legislature memberships current on the day, by person id."""
    memberships = (
        Membership.objects.filter(term=term, organization__classification=LEGISLATURE)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )
    if day < term.start_date or (term.end_date and day > term.end_date):
        return {}
    return {m.person_id: m for m in memberships}


def current_term() -> Term | None:
    return Term.objects.order_by("-start_date").first()


def representatives(
    *,
    term: Term | None,
    party: int | None = None,
    alliance: int | None = None,
    area: int | None = None,
    gender: str = "",
    committee: int | None = None,
    sort: str = "name",
):
    """The members of a term's legislature with their party and governorate."""
    seats = Membership.objects.filter(organization__classification=LEGISLATURE)
    if term is not None:
        seats = seats.filter(term=term)
    if party:
        seats = seats.filter(on_behalf_of_id=party)
    if alliance:
        seats = seats.filter(Q(on_behalf_of_id=alliance) | Q(on_behalf_of__parent_id=alliance))
    if area:
        seats = seats.filter(area_id=area)
    people = Person.objects.filter(Exists(seats.filter(person=OuterRef("pk"))))
    if gender:
        people = people.filter(gender=gender)
    if committee:
        people = people.filter(memberships__organization_id=committee).distinct()
    people = people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=seats.select_related("on_behalf_of__parent", "area"),
            to_attr="seats",
        )
    )
    order = {"name": ["name", "id"], "-name": ["-name", "-id"]}.get(sort, ["name", "id"])
    return people.order_by(*order)


def person_profile(pk: int) -> Person:
    return (
        Person.objects.prefetch_related(
            "contacts",
            "other_names",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related(
                    "organization", "on_behalf_of__parent", "area", "term"
                ).order_by("-start_date", "-id"),
            ),
        )
        .filter(pk=pk)
        .get()
    )


def timeline(person: Person, *, kind: str = ""):
    activities = Activity.objects.filter(person=person)
    if kind:
        activities = activities.filter(kind=kind)
    return activities.order_by("-date", "-id")


def timeline_page(person: Person, *, kind: str, number, size: int):
    """One page of the timeline. The page's ids come from the index alone, then only
    those rows are read: deep pages stay as cheap as the first."""
    page = Paginator(timeline(person, kind=kind).values_list("id", flat=True), size).get_page(
        number
    )
    rows = Activity.objects.select_related("committee").in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    return page


def person_votes(person: Person):
    return (
        Vote.objects.filter(person=person)
        .select_related("vote_event")
        .order_by("-vote_event__date", "-vote_event_id")
    )


def presence(by_status: dict[str, int]) -> dict:
    """Presence counted both ways, over the same denominator: the sittings (or meetings)
    whose attendance was recorded while the member was sitting. A member who was not
    sitting has no row (the services refuse one), so is left out."""
    total = sum(by_status.values())
    present = by_status.get(Attendance.Status.PRESENT, 0)
    excused = by_status.get(Attendance.Status.EXCUSED, 0)
    return {
        "total": total,
        "present": present,
        "excused": excused,
        "absent": by_status.get(Attendance.Status.ABSENT, 0),
        "present_or_excused": present + excused,
        "rate": round(100 * present / total) if total else None,
        "rate_excused": round(100 * (present + excused) / total) if total else None,
    }


def scorecard(person: Person, term: Term | None) -> dict:
    """Totals and per-month counts for the representative's scorecard."""
    scope = {"term": term} if term else {}
    attendance = dict(
        Attendance.objects.filter(person=person, **{f"sitting__{k}": v for k, v in scope.items()})
        .values_list("status")
        .annotate(n=Count("id"))
    )
    attended = sum(attendance.values())
    votes = Vote.objects.filter(person=person, **{f"vote_event__{k}": v for k, v in scope.items()})
    votes_cast = votes.filter(option__in=[Vote.Option.YES, Vote.Option.NO, Vote.Option.ABSTAIN])
    by_kind = dict(
        Activity.objects.filter(person=person, **scope).values_list("kind").annotate(n=Count("id"))
    )
    monthly: dict[str, dict] = {}
    for month, kind, n in (
        Activity.objects.filter(person=person, **scope)
        .annotate(month=TruncMonth("date"))
        .values_list("month", "kind")
        .annotate(n=Count("id"))
    ):
        monthly.setdefault(month.strftime("%Y-%m"), {})[kind] = n
    for month, n in (
        votes_cast.annotate(month=TruncMonth("vote_event__date"))
        .values_list("month")
        .annotate(n=Count("id"))
    ):
        monthly.setdefault(month.strftime("%Y-%m"), {})["votes"] = n
    committee = dict(
        CommitteeAttendance.objects.filter(
            person=person, **{f"meeting__{k}": v for k, v in scope.items()}
        )
        .values_list("status")
        .annotate(n=Count("id"))
    )
    present = attendance.get(Attendance.Status.PRESENT, 0)
    return {
        "attendance_rate": round(100 * present / attended) if attended else None,
        "sittings": attended,
        "presence": presence(attendance),
        "committee_presence": presence(committee),
        "votes_cast": votes_cast.count(),
        "bills": by_kind.get(Activity.Kind.BILL, 0),
        "questions": by_kind.get(Activity.Kind.QUESTION, 0),
        "speeches": by_kind.get(Activity.Kind.SPEECH, 0),
        "committee": by_kind.get(Activity.Kind.COMMITTEE, 0),
        "monthly": dict(sorted(monthly.items())),
    }


CAST = [Vote.Option.YES, Vote.Option.NO, Vote.Option.ABSTAIN]


def current_seat(person: Person, term: Term | None) -> Membership | None:
    """The person's seat in the term's legislature, from their prefetched memberships."""
    seats = [
        m
        for m in person.memberships.all()
        if m.organization.classification == LEGISLATURE and (term is None or m.term_id == term.pk)
    ]
    return seats[0] if seats else None


def vote_summary(person: Person, term: Term | None, seat: Membership | None) -> dict:
    """How the person took part in the term's recorded votes, from recorded data only.

    ``events``: the roll calls with recorded individual votes in the term while they held
    their seat (a vote by show of hands, secret ballot or an unknown way is left out);
    ``cast``: those they voted in (yes, no or abstain); ``with_party``: in how many of
    ``party_events`` they voted as most of their party's other members did. A vote counts in
    ``party_events`` only where at least two members of the party voted and one option had
    more votes than any other (four queries; three for a member with no recorded vote).
    """
    if term is None:
        return {"events": 0, "cast": 0, "with_party": 0, "party_events": 0, "with_party_rate": None}
    # Only votes whose individual votes were recorded: a show of hands is nobody's absence.
    events = VoteEvent.objects.filter(term=term, individual_votes_known=True)
    if seat is not None and seat.start_date:
        events = events.filter(date__gte=seat.start_date)
    if seat is not None and seat.end_date:
        events = events.filter(date__lte=seat.end_date)
    own = Vote.objects.filter(
        person=person, vote_event__term=term, option__in=CAST, party__isnull=False
    )
    # The member's own votes first, then their parties' votes on those events, by lists of
    # values: a plan over subqueries depends on the tables' statistics, and with stale ones
    # PostgreSQL chose nested loops that ran for minutes on a few thousand votes.
    party_of = dict(own.values_list("vote_event_id", "party_id"))
    rows = Vote.objects.filter(
        vote_event_id__in=list(party_of),
        party_id__in=set(party_of.values()),
        option__in=CAST,
    ).values_list("vote_event_id", "party_id", "option", "person_id")
    mine: dict[int, str] = {}
    tallies: dict[int, dict[str, int]] = {}
    for event_id, party_id, option, person_id in rows:
        if party_id != party_of[event_id]:
            continue
        if person_id == person.pk:
            mine[event_id] = option
        tally = tallies.setdefault(event_id, {})
        tally[option] = tally.get(option, 0) + 1
    party_events = with_party = 0
    for event_id, tally in tallies.items():
        ranked = sorted(tally.values(), reverse=True)
        if sum(ranked) < 2 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            continue
        party_events += 1
        with_party += tally[mine[event_id]] == ranked[0]
    return {
        "events": events.count(),
        "cast": Vote.objects.filter(person=person, vote_event__in=events, option__in=CAST).count(),
        "with_party": with_party,
        "party_events": party_events,
        "with_party_rate": round(100 * with_party / party_events) if party_events else None,
    }


def vote_event_detail(pk: int):
    event = VoteEvent.objects.select_related("term", "bill", "sitting").get(pk=pk)
    votes = (
        Vote.objects.filter(vote_event=event)
        .select_related("person", "party")
        .order_by("party__name", "person__name")
    )
    return event, votes


def announced_positions(**where):
    """Positions announced after a vote (never recorded votes), with who and which vote."""
    return (
        AnnouncedPosition.objects.filter(**where)
        .select_related("person", "vote_event")
        .order_by("-vote_event__date", "person__name", "date", "id")
    )


def vote_explanations(**where):
    """Explanations of a vote or a bill, with who and what they explain."""
    return (
        VoteExplanation.objects.filter(**where)
        .select_related("person", "vote_event", "bill")
        .order_by("-date", "-id")
    )


def organization_detail(pk: int) -> Organization:
    return Organization.objects.select_related("parent").get(pk=pk)


def organization_members(organization: Organization, term: Term | None):
    """Members elected for the organization or one of its component parties."""
    seats = Membership.objects.filter(organization__classification=LEGISLATURE).filter(
        Q(on_behalf_of=organization) | Q(on_behalf_of__parent=organization)
    )
    if term is not None:
        seats = seats.filter(term=term)
    return seats.select_related("person", "on_behalf_of", "area").order_by("person__name")


def organization_vote_events(organization: Organization):
    """Vote events with how the group's members voted, newest first."""
    group = Q(votes__party=organization) | Q(votes__party__parent=organization)
    counts = {
        f"group_{option}": Count("votes", filter=group & Q(votes__option=option))
        for option in Vote.Option.values
    }
    return (
        VoteEvent.objects.filter(
            Exists(
                Vote.objects.filter(
                    Q(party=organization) | Q(party__parent=organization), vote_event=OuterRef("pk")
                )
            )
        )
        .annotate(**counts)
        .order_by("-date", "-id")
    )


def group_votes_by_party(votes) -> list[dict]:
    """Split an event's votes (ordered by party) into one group per party."""
    labels = dict(Vote.Option.choices)
    groups: dict = {}
    for vote in votes:
        key = vote.party_id
        if key not in groups:
            name = vote.party.name if vote.party else ""
            groups[key] = {"party": vote.party, "name": name, "votes": [], "tally": {}}
        group = groups[key]
        group["votes"].append(vote)
        group["tally"][vote.option] = group["tally"].get(vote.option, 0) + 1
    for group in groups.values():
        group["counts"] = [(o, labels[o], group["tally"].get(o, 0)) for o in Vote.Option.values]
    return sorted(groups.values(), key=lambda g: -len(g["votes"]))


# Reads for the JSON API (api.py). Each list is ordered down to the id, so its pages never
# overlap or skip a row, and loads its related rows in a fixed number of queries.


def _seats_prefetch(term: int | None = None) -> Prefetch:
    seats = Membership.objects.filter(organization__classification=LEGISLATURE)
    if term is not None:
        seats = seats.filter(term_id=term)
    return Prefetch(
        "memberships",
        queryset=seats.select_related("term", "on_behalf_of__parent", "area").order_by(
            "-term__start_date", "-id"
        ),
        to_attr="seats",
    )


def people(
    *,
    term: int | None = None,
    party: int | None = None,
    alliance: int | None = None,
    area: int | None = None,
    gender: str = "",
    committee: int | None = None,
):
    """Everyone on record, each with their seats (in the term, if one is given).

    A seat filter (term, party, alliance, area) keeps the people holding a seat that
    matches all of them; alliance matches a seat for the alliance or for one of its
    parties. Committee keeps the members of that committee in any term.
    """
    found = Person.objects.all()
    if any(value is not None for value in (term, party, alliance, area)):
        seats = Membership.objects.filter(organization__classification=LEGISLATURE)
        if term is not None:
            seats = seats.filter(term_id=term)
        if party is not None:
            seats = seats.filter(on_behalf_of_id=party)
        if alliance is not None:
            seats = seats.filter(Q(on_behalf_of_id=alliance) | Q(on_behalf_of__parent_id=alliance))
        if area is not None:
            seats = seats.filter(area_id=area)
        found = found.filter(Exists(seats.filter(person=OuterRef("pk"))))
    if gender:
        found = found.filter(gender=gender)
    if committee is not None:
        found = found.filter(
            Exists(Membership.objects.filter(person=OuterRef("pk"), organization_id=committee))
        )
    return found.prefetch_related(_seats_prefetch(term)).order_by("name", "id")


def organizations(*, classification: str = "", parent: int | None = None):
    groups = Organization.objects.select_related("parent")
    if classification:
        groups = groups.filter(classification=classification)
    if parent is not None:
        groups = groups.filter(parent_id=parent)
    return groups.order_by("name", "id")


def memberships(
    *, person: int | None = None, organization: int | None = None, term: int | None = None
):
    items = Membership.objects.select_related(
        "person", "organization", "term", "on_behalf_of", "area"
    )
    if person is not None:
        items = items.filter(person_id=person)
    if organization is not None:
        items = items.filter(organization_id=organization)
    if term is not None:
        items = items.filter(term_id=term)
    return items.order_by("-start_date", "-id")


def vote_events(
    *,
    term: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    bill: int | None = None,
):
    events = VoteEvent.objects.select_related("term", "bill", "sitting")
    if term is not None:
        events = events.filter(term_id=term)
    if date_from is not None:
        events = events.filter(date__gte=date_from)
    if date_to is not None:
        events = events.filter(date__lte=date_to)
    if bill is not None:
        events = events.filter(bill_id=bill)
    return events.order_by("-date", "-id")


def activities(
    *,
    person: int | None = None,
    kind: str = "",
    term: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
):
    # The timeline shows what the bill or question is, not its text.
    items = Activity.objects.select_related(
        "person", "term", "committee", "bill", "question", "sitting"
    ).defer("person__summary", "bill__summary", "question__body", "question__answer")
    if person is not None:
        items = items.filter(person_id=person)
    if kind:
        items = items.filter(kind=kind)
    if term is not None:
        items = items.filter(term_id=term)
    if date_from is not None:
        items = items.filter(date__gte=date_from)
    if date_to is not None:
        items = items.filter(date__lte=date_to)
    return items.order_by("-date", "-id")


# --- The front page -----------------------------------------------------------------------------

HOME_VOTES = 3
HOME_ACTIVITIES = 5


def recent_activity() -> dict:
    """The latest recorded votes and the latest questions, speeches, bills and committee
    work of the representatives, for the front page (two queries)."""
    votes = list(
        VoteEvent.objects.only(
            "id", "date", "motion", "result", "yes_count", "no_count", "abstain_count"
        ).order_by("-date", "-id")[:HOME_VOTES]
    )
    activities = list(
        Activity.objects.select_related("person")
        .only("id", "kind", "date", "title", "bill_id", "question_id", "person__id", "person__name")
        .order_by("-date", "-id")[:HOME_ACTIVITIES]
    )
    return {"votes": votes, "activities": activities}


def phase_names(term_ids) -> dict[tuple[int, str], BillPhase]:
    """The bill phases of these terms, by (term id, code): one query."""
    return {(p.term_id, p.code): p for p in BillPhase.objects.filter(term_id__in=set(term_ids))}


def phase_label(phases: dict[tuple[int, str], BillPhase], term_id: int, code: str) -> str:
    """A phase's name in the page language; a code no phase has is named by the default
    list, or shown as it is."""
    from jisr.core.localized import localized_name

    phase = phases.get((term_id, code))
    if phase is not None:
        return localized_name(phase)
    return str(Bill.Stage(code).label) if code in Bill.Stage.values else code


def bill_path(bill: Bill, stages) -> list[dict]:
    """The term's phases in order, each with the dates the bill reached it, for the bill
    page: the phases the bill passed, the one it is in, and those still ahead (a terminal
    phase it did not reach is left out, as only one of them can end its path)."""
    phases = list(BillPhase.objects.filter(term_id=bill.term_id))
    reached: dict[str, list] = {}
    for stage in stages:
        reached.setdefault(stage.stage, []).append(stage)
    path = []
    for phase in phases:
        entries = reached.pop(phase.code, [])
        if phase.is_terminal and not entries:
            continue
        path.append({"phase": phase, "code": phase.code, "entries": entries})
    # Stages whose phase was since removed from the term still show, at the end.
    by_code = {(bill.term_id, p.code): p for p in phases}
    for code, entries in reached.items():
        path.append(
            {
                "phase": None,
                "code": code,
                "entries": entries,
                "label": phase_label(by_code, bill.term_id, code),
            }
        )
    for step in path:
        step["current"] = step["code"] == bill.stage
        step["done"] = bool(step["entries"])
    return path


def known_vote_events():
    """The vote events whose individual votes are known (roll calls with recorded votes):
    the only ones over which anything may show or count a per-person vote — Iraq's chamber
    mostly votes by show of hands. The comparison page and the open-data dump read it."""
    return VoteEvent.objects.filter(individual_votes_known=True)
