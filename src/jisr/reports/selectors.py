"""Reads for the reports: what someone follows, what a monthly report says, and what is
new on a followed thing in a period. Every function here runs a fixed number of queries,
whatever the size of the data."""

from datetime import date, timedelta
from statistics import median
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, Q

from jisr.parliament.models import (
    Activity,
    Attendance,
    Bill,
    Membership,
    Organization,
    Person,
    Question,
    Sitting,
    Vote,
    VoteEvent,
)
from jisr.proposals import states
from jisr.proposals.models import Answer, Delivery, Proposal, StatusChange, Topic

from .models import REPORT_KEY, MonthlyReport, Subscriber, Subscription

LIST_LIMIT = 40
VOTE_OPTIONS = [o.value for o in Vote.Option]
ACTIVITY_KINDS = [k.value for k in Activity.Kind]

# What can be followed, as "app_label.model", and the public page of each.
FOLLOWABLE: dict[str, tuple[str | None, type[models.Model]]] = {
    "parliament.person": ("parliament:representative", Person),
    "parliament.organization": ("parliament:organization", Organization),
    "proposals.proposal": ("proposals:detail", Proposal),
    "proposals.topic": (None, Topic),
}


# --- Subscriptions ----------------------------------------------------------------------------


def subscriber_for(user) -> Subscriber | None:
    if not user.is_authenticated:
        return None
    return Subscriber.objects.filter(user=user).first()


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(
        subscriber__user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    ).exists()


def subscriptions_of(subscriber: Subscriber) -> list[Subscription]:
    """The subscriber's subscriptions, each with ``target`` loaded (one query per kind of
    thing followed, not per subscription)."""
    subscriptions = list(
        Subscription.objects.filter(subscriber=subscriber)
        .select_related("target_type")
        .order_by("target_type_id", "created_at", "id")
    )
    wanted: dict[int, list[int]] = {}
    for s in subscriptions:
        if s.target_type_id and s.target_id is not None:
            wanted.setdefault(s.target_type_id, []).append(s.target_id)
    found: dict[int | None, dict[int, models.Model]] = {}
    for kind, ids in wanted.items():
        model = ContentType.objects.get_for_id(kind).model_class()
        if model is not None:  # None: a model no longer installed, nothing to load
            found[kind] = model._default_manager.in_bulk(ids)
    for s in subscriptions:
        target_id = s.target_id
        s.loaded_target = (
            None if target_id is None else found.get(s.target_type_id, {}).get(target_id)
        )
    return subscriptions


def target_label(key: str, target=None) -> str:
    """A short public name for what a key points at (names of public records only)."""
    from django.utils.translation import gettext as _

    if key == REPORT_KEY:
        return _("The organization's monthly report")
    if target is None:
        return key
    return getattr(target, "name", None) or getattr(target, "title", None) or str(target)


# --- Monthly reports --------------------------------------------------------------------------


# The years a report may cover: its figures compare with the period before, which near
# year 1 or 9999 is no date.
REPORT_YEARS = (2000, 2100)


def month_range(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period just before: the previous calendar month for a whole month, otherwise
    the same number of days."""
    if start.day == 1 and end == month_range(start.year, start.month)[1]:
        before = start - timedelta(days=1)
        return month_range(before.year, before.month)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def published_reports():
    return MonthlyReport.objects.filter(status=MonthlyReport.Status.PUBLISHED).select_related(
        "person"
    )


def _vote_totals(person, period) -> dict[str, int]:
    """Votes cast in the period by option, counted over every vote event (the report lists
    only the first ``LIST_LIMIT`` of them)."""
    votes = Vote.objects.filter(vote_event__date__range=period)
    if person is not None:
        votes = votes.filter(person=person)
    counted = dict(votes.values_list("option").annotate(n=Count("id")))
    return {o: counted.get(o, 0) for o in VOTE_OPTIONS}


CAST = ("yes", "no", "abstain")  # the options that count as a vote cast


def _counts(person, start, end) -> dict:
    """The headline figures of a period, compared from one report to the next."""
    activities = Activity.objects.filter(date__range=(start, end))
    attendance = Attendance.objects.filter(sitting__date__range=(start, end))
    deliveries = Delivery.objects.filter(delivered_on__range=(start, end))
    answers = Answer.objects.filter(answered_on__range=(start, end))
    if person is not None:
        activities = activities.filter(person=person)
        attendance = attendance.filter(person=person)
        deliveries = deliveries.filter(representative=person)
        answers = answers.filter(delivery__representative=person)
    by_status = dict(attendance.values_list("status").annotate(n=Count("id")))
    present, total = by_status.get(Attendance.Status.PRESENT, 0), sum(by_status.values())
    return {
        "activities": activities.count(),
        "votes": sum(_vote_totals(person, (start, end))[o] for o in CAST),
        "attendance_rate": round(100 * present / total) if total else None,
        "delivered": deliveries.count(),
        "answered": answers.count(),
    }


def report_data(person: Person | None, start: date, end: date, *, since=None) -> dict:
    """Everything a report shows, JSON-ready, from the records as they are now.

    ``since`` is when the previous report on the same subject was published: records
    entered after it but dated before this period are listed as late additions, so a
    correction shows up here instead of silently changing the published report.
    """
    period = (start, end)
    activities = Activity.objects.filter(date__range=period)
    if person is not None:
        activities = activities.filter(person=person)
    by_kind = dict(activities.values_list("kind").annotate(n=Count("id")))
    activity_items = [
        {
            "id": a.pk,
            "date": a.date.isoformat(),
            "kind": a.kind,
            "title": a.title,
            "person": a.person.name,
        }
        for a in activities.select_related("person").order_by("-date", "-id")[:LIST_LIMIT]
    ]

    events = VoteEvent.objects.filter(date__range=period).order_by("date", "id")
    if person is not None:
        own = dict(
            Vote.objects.filter(person=person, vote_event__date__range=period).values_list(
                "vote_event_id", "option"
            )
        )
        events = events.filter(pk__in=list(own))
    votes = []
    for event in events[:LIST_LIMIT]:
        row = {
            "id": event.pk,
            "date": event.date.isoformat(),
            "motion": event.motion,
            "result": event.result,
        }
        if person is not None:
            row["option"] = own.get(event.pk, "")
        else:
            row["counts"] = {o: getattr(event, f"{o}_count") for o in VOTE_OPTIONS}
        votes.append(row)
    vote_totals = _vote_totals(person, period)

    attendance = Attendance.objects.filter(sitting__date__range=period)
    if person is not None:
        attendance = attendance.filter(person=person)
    by_status = dict(attendance.values_list("status").annotate(n=Count("id")))
    present = by_status.get(Attendance.Status.PRESENT, 0)
    marked = sum(by_status.values())
    sittings = Sitting.objects.filter(date__range=period).count()

    bills = Bill.objects.filter(introduced_on__range=period)
    questions = Question.objects.filter(asked_on__range=period).select_related("ministry")
    if person is not None:
        bills = bills.filter(sponsors=person)
        questions = questions.filter(asked_by=person)
    bill_items = [
        {"id": b.pk, "title": b.title, "stage": b.stage, "date": b.introduced_on.isoformat()}
        for b in bills.order_by("introduced_on", "id")[:LIST_LIMIT]
    ]
    question_items = [
        {
            "id": q.pk,
            "title": q.title,
            "date": q.asked_on.isoformat(),
            "ministry": q.ministry.name,
            "answered": q.answered_on.isoformat() if q.answered_on else "",
        }
        for q in questions.order_by("asked_on", "id")[:LIST_LIMIT]
    ]

    deliveries = Delivery.objects.filter(delivered_on__range=period).select_related(
        "proposal", "representative"
    )
    answers = Answer.objects.filter(answered_on__range=period).select_related(
        "delivery__proposal", "delivery__representative"
    )
    outcomes = StatusChange.objects.filter(
        created_at__date__range=period, to_status__in=list(states.OUTCOMES)
    ).select_related("proposal")
    if person is not None:
        deliveries = deliveries.filter(representative=person)
        answers = answers.filter(delivery__representative=person)
        outcomes = outcomes.filter(proposal__deliveries__representative=person)
    delivered = [
        {
            "id": d.proposal_id,
            "title": d.proposal.title,
            "date": d.delivered_on.isoformat(),
            "representative": d.representative.name,
        }
        for d in deliveries.order_by("delivered_on", "id")[:LIST_LIMIT]
    ]
    answer_rows = list(answers.order_by("answered_on", "id"))
    waits = [(a.answered_on - a.delivery.delivered_on).days for a in answer_rows]
    answered = [
        {
            "id": a.delivery.proposal_id,
            "title": a.delivery.proposal.title,
            "date": a.answered_on.isoformat(),
            "representative": a.delivery.representative.name,
            "days": (a.answered_on - a.delivery.delivered_on).days,
        }
        for a in answer_rows[:LIST_LIMIT]
    ]
    outcome_items = [
        {
            "id": c.proposal_id,
            "title": c.proposal.title,
            "status": c.to_status,
            "date": c.created_at.date().isoformat(),
        }
        for c in outcomes.order_by("created_at", "id").distinct()[:LIST_LIMIT]
    ]
    outcome_counts = dict(
        outcomes.order_by().values_list("to_status").annotate(n=Count("id", distinct=True))
    )

    before = previous_period(start, end)
    late = {"activities": 0, "vote_events": 0}
    if since is not None:
        late_activities = Activity.objects.filter(recorded_at__gt=since, date__lt=start)
        if person is not None:
            late_activities = late_activities.filter(person=person)
        late_events = VoteEvent.objects.filter(recorded_at__gt=since, date__lt=start)
        if person is not None:
            late_events = late_events.filter(votes__person=person)
        late = {"activities": late_activities.count(), "vote_events": late_events.count()}

    total_activities = sum(by_kind.values())
    data: dict[str, Any] = {
        "version": 1,
        "person": _person_data(person),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "activities": {k: by_kind.get(k, 0) for k in ACTIVITY_KINDS},
        "activity_total": total_activities,
        "activity_items": activity_items,
        "votes": votes,
        "vote_event_total": events.count() if person is None else len(own),
        "vote_totals": vote_totals,
        "attendance": {
            "present": present,
            "absent": by_status.get(Attendance.Status.ABSENT, 0),
            "excused": by_status.get(Attendance.Status.EXCUSED, 0),
            "marked": marked,
            "sittings": sittings,
            "rate": round(100 * present / marked) if marked else None,
        },
        "bills": bill_items,
        "bill_total": bills.count(),
        "questions": question_items,
        "question_total": questions.count(),
        "proposals": {
            "delivered": delivered,
            "delivered_total": deliveries.count(),
            "answered": answered,
            "answered_total": len(answer_rows),
            "median_days": median(waits) if waits else None,
            "outcomes": outcome_items,
            "outcome_counts": outcome_counts,
        },
        "current": {},
        "previous": {"start": before[0].isoformat(), "end": before[1].isoformat()},
        "late": late,
    }
    data["current"] = {
        "activities": total_activities,
        "votes": sum(vote_totals[o] for o in CAST),
        "attendance_rate": data["attendance"]["rate"],
        "delivered": data["proposals"]["delivered_total"],
        "answered": data["proposals"]["answered_total"],
    }
    data["previous"].update(_counts(person, *before))
    data["sections"] = app_sections(person, start, end)
    data["empty"] = not any(
        [
            total_activities,
            votes,
            marked,
            bill_items,
            question_items,
            delivered,
            answer_rows,
            outcome_items,
        ]
    )
    return data


def app_sections(person: Person | None, start: date, end: date) -> dict[str, dict]:
    """What higher apps add to a report (the treasury's money in and out), by app label:
    each app's ``AppConfig.report_section(person, start, end)`` returns JSON-ready data,
    frozen with the report, or None to add nothing; the report shows it with the app's
    ``report_section_template``."""
    sections = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "report_section", None)
        if hook is not None:
            section = hook(person, start, end)
            if section is not None:
                sections[config.label] = section
    return sections


def _person_data(person: Person | None) -> dict | None:
    if person is None:
        return None
    seat = (
        Membership.objects.filter(
            person=person, organization__classification=Organization.Classification.LEGISLATURE
        )
        .select_related("on_behalf_of", "area")
        .order_by("-start_date", "-id")
        .first()
    )
    return {
        "id": person.pk,
        "name": person.name,
        "name_latin": person.name_latin,
        "party": seat.on_behalf_of.name if seat and seat.on_behalf_of else "",
        "area": seat.area.name if seat and seat.area else "",
        "fictional": person.is_fictional,
    }


def previous_publication(report: MonthlyReport):
    """When the last report on the same subject before this one was published."""
    return (
        MonthlyReport.objects.filter(
            person=report.person,
            status=MonthlyReport.Status.PUBLISHED,
            period_start__lt=report.period_start,
        )
        .order_by("-period_start")
        .values_list("published_at", flat=True)
        .first()
    )


def report_content(report: MonthlyReport) -> dict:
    """The frozen snapshot of a published report, or the live data of a draft."""
    if report.is_published and report.snapshot:
        return report.snapshot
    return report_data(
        report.person,
        report.period_start,
        report.period_end,
        since=previous_publication(report),
    )


# --- What is new on a followed thing ---------------------------------------------------------


def new_for_people(ids: list[int], start, end) -> dict[int, dict]:
    """Per representative: activities and votes recorded in [start, end), deliveries and
    answers, published reports."""
    out: dict[int, dict[str, list]] = {
        pk: {"activities": [], "votes": [], "answers": [], "reports": []} for pk in ids
    }
    if not ids:
        return out
    for a in (
        Activity.objects.filter(person_id__in=ids, recorded_at__gte=start, recorded_at__lt=end)
        .only("id", "person_id", "kind", "date", "title")
        .order_by("-date", "-id")
    ):
        out[a.person_id]["activities"].append(
            {"id": a.pk, "kind": a.kind, "date": a.date.isoformat(), "title": a.title}
        )
    for v in (
        Vote.objects.filter(
            person_id__in=ids, vote_event__recorded_at__gte=start, vote_event__recorded_at__lt=end
        )
        .select_related("vote_event")
        .only("person_id", "option", "vote_event__id", "vote_event__date", "vote_event__motion")
        .order_by("-vote_event__date", "-vote_event_id")
    ):
        out[v.person_id]["votes"].append(
            {
                "id": v.vote_event_id,
                "date": v.vote_event.date.isoformat(),
                "title": v.vote_event.motion,
                "option": v.option,
            }
        )
    for answer in Answer.objects.filter(
        delivery__representative_id__in=ids, created_at__gte=start, created_at__lt=end
    ).select_related("delivery__proposal"):
        out[answer.delivery.representative_id]["answers"].append(
            {
                "id": answer.delivery.proposal_id,
                "title": answer.delivery.proposal.title,
                "date": answer.answered_on.isoformat(),
            }
        )
    for report in published_reports().filter(
        person_id__in=ids, published_at__gte=start, published_at__lt=end
    ):
        out[report.person_id]["reports"].append(_report_item(report))
    return out


def new_for_groups(ids: list[int], start, end) -> dict[int, dict]:
    """Per party or alliance: the vote events recorded in [start, end) with how the
    group's members voted."""
    out: dict[int, dict[str, list]] = {pk: {"votes": []} for pk in ids}
    if not ids:
        return out
    parents = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    children: dict[int, int] = dict(
        Organization.objects.filter(parent_id__in=ids).values_list("pk", "parent_id")
    )
    rows = (
        Vote.objects.filter(
            Q(party_id__in=ids) | Q(party__parent_id__in=ids),
            vote_event__recorded_at__gte=start,
            vote_event__recorded_at__lt=end,
        )
        .values_list(
            "vote_event_id", "vote_event__date", "vote_event__motion", "party_id", "option"
        )
        .annotate(n=Count("id"))
        .order_by("-vote_event__date", "-vote_event_id")
    )
    tallies: dict[tuple[int, int], dict] = {}
    for event_id, day, motion, party_id, option, n in rows:
        for group in {party_id, children.get(party_id)} & set(parents):
            entry = tallies.setdefault(
                (group, event_id),
                {"id": event_id, "date": day.isoformat(), "title": motion, "counts": {}},
            )
            entry["counts"][option] = entry["counts"].get(option, 0) + n
    for (group, _event), entry in tallies.items():
        out[group]["votes"].append(entry)
    return out


def new_for_proposals(ids: list[int], start, end) -> dict[int, dict]:
    """Per public proposal: status changes, milestones and answers in [start, end)."""
    from jisr.proposals.models import Milestone

    out: dict[int, dict[str, list]] = {
        pk: {"changes": [], "milestones": [], "answers": []} for pk in ids
    }
    if not ids:
        return out
    public = set(
        Proposal.objects.filter(pk__in=ids, status__in=states.PUBLIC, hidden=False).values_list(
            "pk", flat=True
        )
    )
    for change in StatusChange.objects.filter(
        proposal_id__in=public,
        created_at__gte=start,
        created_at__lt=end,
        to_status__in=states.PUBLIC_TIMELINE,  # never the back-and-forth of moderation
    ).order_by("created_at", "id"):
        out[change.proposal_id]["changes"].append(
            {"to": change.to_status, "date": change.created_at.date().isoformat()}
        )
    for milestone in Milestone.objects.filter(
        proposal_id__in=public, created_at__gte=start, created_at__lt=end
    ):
        out[milestone.proposal_id]["milestones"].append(
            {
                "note": milestone.note,
                "progress": milestone.progress,
                "date": milestone.date.isoformat(),
            }
        )
    for answer in Answer.objects.filter(
        delivery__proposal_id__in=public, created_at__gte=start, created_at__lt=end
    ).select_related("delivery__representative"):
        out[answer.delivery.proposal_id]["answers"].append(
            {
                "representative": answer.delivery.representative.name,
                "date": answer.answered_on.isoformat(),
            }
        )
    return out


def new_for_topics(ids: list[int], start, end) -> dict[int, dict]:
    """Per topic: proposals published in [start, end)."""
    out: dict[int, dict[str, list]] = {pk: {"proposals": []} for pk in ids}
    if not ids:
        return out
    for proposal in Proposal.objects.filter(
        topic_id__in=ids,
        status__in=states.PUBLIC,
        hidden=False,
        published_at__gte=start,
        published_at__lt=end,
    ).order_by("-published_at", "-id"):
        out[proposal.topic_id]["proposals"].append(
            {"id": proposal.pk, "title": proposal.title, "status": proposal.status}
        )
    return out


# What is new on each kind of followed thing, by its "app_label.model".
NEWS = {
    "parliament.person": new_for_people,
    "parliament.organization": new_for_groups,
    "proposals.proposal": new_for_proposals,
    "proposals.topic": new_for_topics,
}


def new_organization_reports(start, end) -> list[dict]:
    return [
        _report_item(r)
        for r in published_reports().filter(
            person__isnull=True, published_at__gte=start, published_at__lt=end
        )
    ]


def _report_item(report: MonthlyReport) -> dict:
    return {
        "id": report.pk,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "person": report.person.name if report.person is not None else "",
    }


# --- The front page ---------------------------------------------------------------------------


def latest_report() -> MonthlyReport | None:
    """The published report of the latest period; the organization's before one on a
    single representative of the same period."""
    return (
        published_reports()
        .order_by("-period_start", F("person").asc(nulls_first=True), "-id")
        .first()
    )


def following_news(user, *, since, until) -> list[dict]:
    """What the member follows, each with what is new on it in [since, until): ``key``,
    ``target`` (None for the monthly report or a thing that no longer exists) and ``news``.

    A fixed number of queries whatever they follow: the subscriber, the subscriptions,
    one per kind of thing followed, and the news of each kind.
    """
    subscriber = subscriber_for(user)
    if subscriber is None:
        return []
    subscriptions = subscriptions_of(subscriber)
    wanted: dict[str, list[int]] = {}
    for s in subscriptions:
        if s.loaded_target is not None:
            wanted.setdefault(s.target_key.partition(":")[0], []).append(s.loaded_target.pk)
    news = {label: NEWS[label](ids, since, until) for label, ids in wanted.items()}
    rows: list[dict[str, Any]] = []
    for s in subscriptions:
        key = s.target_key
        if key == REPORT_KEY:
            rows.append(
                {
                    "key": key,
                    "target": None,
                    "news": {"reports": new_organization_reports(since, until)},
                }
            )
        elif s.loaded_target is not None:
            label = key.partition(":")[0]
            target = s.loaded_target
            rows.append({"key": key, "target": target, "news": news[label][target.pk]})
    return rows


def subscribers_of(user) -> list:
    """The person's subscribers: first the account's (or None), then those made signed out
    with one of the account's verified addresses (matched exactly, never by substring)."""
    from allauth.account.models import EmailAddress
    from django.db.models import Q

    addresses = {user.email.lower()} | {
        a.lower()
        for a in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    same_address = Q()
    for address in addresses:
        same_address |= Q(email__iexact=address)
    visitors = Subscriber.objects.filter(same_address, user__isnull=True).order_by("pk")
    return [Subscriber.objects.filter(user=user).first(), *visitors]
