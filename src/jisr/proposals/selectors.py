from statistics import median
from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from . import similarity, states
from .models import Delivery, Milestone, Notification, OfficeAccount, Proposal, Support
from .notifications import overdue_proposals
from .states import Status

OPENING = 300  # characters of a proposal's text compared for similarity

SORTS = {
    "newest": ["-published_at", "-id"],
    "supported": ["-support_count", "-id"],
    "updated": ["-last_update_at", "-id"],
}


def public_proposals():
    """What everyone may see: published or later, not hidden, not merged away."""
    return Proposal.objects.filter(status__in=sorted(states.PUBLIC), hidden=False)


def proposal_list(*, status="", topic=None, representative=None, area=None, sort="newest"):
    proposals = public_proposals()
    if status:
        proposals = proposals.filter(status=status)
    if topic:
        proposals = proposals.filter(topic_id=topic)
    if area:
        proposals = proposals.filter(area_id=area)
    if representative:
        proposals = proposals.filter(
            Q(deliveries__representative_id=representative) | Q(targets__id=representative)
        ).distinct()
    return proposals.select_related("topic", "area").order_by(*SORTS.get(sort, SORTS["newest"]))


def access_proposal(user, pk: int, *, staff: bool = False) -> Proposal:
    """Return the proposal if the user may see it: the public, its author, or ``staff``
    (a verified staff member: ``accounts.permissions.is_verified``; drafts only its author).

    Raise Proposal.DoesNotExist otherwise, so a private proposal looks like a missing one.
    """
    proposal = (
        Proposal.objects.select_related("topic", "area", "merged_into", "author")
        .prefetch_related(
            "targets",
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.select_related("representative", "answer"),
            ),
            "milestones",
            "changes",
            "links__activity",
            "links__vote_event",
            "links__bill",
            "links__question",
        )
        .get(pk=pk)
    )
    visible = proposal.status in states.PUBLIC and not proposal.hidden
    is_author = user.is_authenticated and proposal.author_id == user.pk
    # A draft is the author's own until submitted: not even staff read it.
    is_staff = proposal.status != Status.DRAFT and staff
    if visible or is_author or is_staff:
        return proposal
    raise Proposal.DoesNotExist


def is_supporting(user, proposal) -> bool:
    return user.is_authenticated and Support.objects.filter(proposal=proposal, user=user).exists()


def unread_notices(user, *, proposal) -> int:
    """How many of the member's notices about ``proposal`` they have not marked read."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, proposal=proposal, read_at__isnull=True).count()


def newest_unread_notice(user) -> int | None:
    """The id up to which "mark all as read" reaches: the newest notice shown, so one that
    arrives while the member reads stays unread."""
    return (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def similar_proposals(title: str, body: str, *, exclude=None, limit=5):
    """Published proposals that say much the same, best first."""
    candidates = public_proposals().exclude(status=Status.MERGED)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    # The newest 1,000, compared on the title and the opening of the text, catch a fresh
    # duplicate and keep the form fast (a few hundred milliseconds at most).
    rows = list(candidates.order_by("-published_at").values_list("pk", "title", "body")[:1000])
    ranked = similarity.most_similar(
        f"{title} {body[:OPENING]}", [(pk, f"{t} {b[:OPENING]}") for pk, t, b in rows], limit=limit
    )
    found = Proposal.objects.in_bulk([pk for pk, _score in ranked])
    return [found[pk] for pk, _score in ranked]


def responsiveness(person) -> dict:
    """WriteToThem's figures from our own records: delivered, answered, median days."""
    deliveries = list(
        Delivery.objects.filter(representative=person)
        .select_related("answer", "proposal")
        .only("delivered_on", "answer__answered_on", "proposal__status")
    )
    waits = [
        (d.answer.answered_on - d.delivered_on).days for d in deliveries if hasattr(d, "answer")
    ]
    outcomes: dict[str, int] = {}
    for d in deliveries:
        if d.proposal.status in states.OUTCOMES:
            outcomes[d.proposal.status] = outcomes.get(d.proposal.status, 0) + 1
    return {
        "delivered": len(deliveries),
        "answered": len(waits),
        "median_days": median(waits) if waits else None,
        "outcomes": outcomes,
    }


def answer_rates():
    """Per representative: deliveries and answers, most delivered first."""
    from jisr.parliament.models import Person

    return (
        Person.objects.annotate(
            delivered=Count("deliveries", distinct=True),
            answered=Count("deliveries__answer", distinct=True),
        )
        .filter(delivered__gt=0)
        .order_by("-delivered", "name")
    )


def queue_by_status():
    counts = dict(Proposal.objects.values_list("status").annotate(n=Count("id")))
    return [(status, counts.get(status.value, 0)) for status in Status]


def moderation_queue():
    return (
        Proposal.objects.filter(Q(status__in=[Status.SUBMITTED, Status.IN_REVIEW]) | Q(hidden=True))
        .select_related("topic")
        .order_by("submitted_at", "id")
    )


def ready_for_delivery():
    """Published proposals with enough supports, or picked by the organizers."""
    return (
        public_proposals()
        .filter(status=Status.PUBLISHED)
        .filter(Q(picked_for_delivery=True) | Q(support_count__gte=settings.JISR_SUPPORT_THRESHOLD))
        .select_related("topic")
        .order_by("-support_count", "-id")
    )


def needing_follow_up():
    """Proposals with no update for longer than the organization's follow-up period."""
    return overdue_proposals(settings.JISR_FOLLOW_UP_DAYS)


def office_of(user) -> OfficeAccount | None:
    """The office account of a user with the representative-office role, remembered on
    the user for the request (the header and the inbox both ask)."""
    if not hasattr(user, "_jisr_office"):
        user._jisr_office = (
            OfficeAccount.objects.select_related("representative").filter(user=user).first()
        )
    return user._jisr_office


def awaiting_answer(office: OfficeAccount):
    return Delivery.objects.filter(representative_id=office.representative_id, answer__isnull=True)


def proposal_timeline(proposal: Proposal, *, full: bool) -> list[dict]:
    """The proposal's story in one list, oldest first: status changes, deliveries,
    answers and milestones, merged. ``full`` (its author, staff) includes the moderation
    steps and notes.

    Deliveries and answers carry the day they happened, often entered days later; the
    status they caused ("delivered", "answered") is dated with them, right after them.
    On one day, events keep the order they were recorded in."""
    events: list[dict[str, Any]] = []
    for delivery in proposal.deliveries.all():
        events.append(
            {
                "kind": "delivery",
                "date": delivery.delivered_on,
                "at": delivery.created_at,
                "delivery": delivery,
            }
        )
        answer = getattr(delivery, "answer", None)
        if answer is not None:
            days = (answer.answered_on - delivery.delivered_on).days
            events.append(
                {
                    "kind": "answer",
                    "date": answer.answered_on,
                    "at": answer.created_at,
                    "delivery": delivery,
                    "days": days,
                }
            )
    for milestone in proposal.milestones.all():
        events.append(
            {
                "kind": "milestone",
                "date": milestone.date,
                "at": milestone.created_at,
                "milestone": milestone,
            }
        )
    first_of: dict[str, dict] = {}
    for event in sorted(events, key=lambda e: (e["date"], e["at"])):
        first_of.setdefault(event["kind"], event)
    causes: dict[str, dict | None] = {
        Status.DELIVERED: first_of.get("delivery"),
        Status.ANSWERED: first_of.get("answer"),
    }
    for change in proposal.changes.all():
        if full or change.to_status in states.PUBLIC_TIMELINE:
            note = change.note if full else states.public_note(change.to_status, change.note)
            day, at = timezone.localdate(change.created_at), change.created_at
            cause = causes.get(change.to_status)
            if cause is not None and cause["date"] < day:
                day, at = cause["date"], cause["at"]
            events.append(
                {
                    "kind": "status",
                    "date": day,
                    "at": at,
                    "change": change,
                    "note": note,
                    "order": 1,
                }
            )
    return sorted(events, key=lambda e: (e["date"], e["at"], e.get("order", 0)))


HOME_PROPOSALS = 5


def recently_moved():
    """The public proposals that changed last (a status, a delivery, an answer, a
    milestone), each with the progress of its latest milestone, in one query."""
    latest = Milestone.objects.filter(proposal=OuterRef("pk")).order_by("-date", "-id")
    return list(
        public_proposals()
        .select_related("topic")
        .annotate(progress=Subquery(latest.values("progress")[:1]))
        .order_by("-last_update_at", "-id")[:HOME_PROPOSALS]
    )
