"""The reads of the organizer's side of events, each in a fixed number of queries: the
events list with their counts, one event with its times, the closing report as the public
sees it (counts, never names) and the feedback in aggregate."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from .models import (
    RATINGS,
    Event,
    EventReport,
    EventStatus,
    Feedback,
    FeedbackGiven,
    Registration,
    RegistrationStatus,
    Timeslot,
)

HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


def staff_events():
    """Every event, newest first, with its registrations, check-ins and times counted."""
    return Event.objects.annotate(
        registered=Count(
            "timeslots__registrations",
            filter=Q(timeslots__registrations__status__in=HOLDING),
            distinct=True,
        ),
        checked_in=Count(
            "timeslots__registrations",
            filter=Q(timeslots__registrations__checked_in_at__isnull=False),
            distinct=True,
        ),
        first_start=Min("timeslots__starts_at"),
        last_end=Max("timeslots__ends_at"),
    ).order_by("-pk")


def awaiting_report():
    """Published events whose last time has ended: they wait for their closing report."""
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED)
        .annotate(last_end=Max("timeslots__ends_at"))
        .filter(last_end__lte=timezone.now())
    )


def event_timeslots(event: Event):
    """The event's times, each with its places taken, queued (waiting list) and checked in."""
    return Timeslot.objects.filter(event=event).annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
        queued=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        arrived=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    )


def report_of(event: Event) -> EventReport | None:
    return EventReport.objects.filter(event=event).first()


def checked_in_count(event: Event) -> int:
    return Registration.objects.filter(timeslot__event=event, checked_in_at__isnull=False).count()


@dataclass
class FeedbackSummary:
    count: int = 0
    average: float | None = None
    #: (rating, how many, percent of all), best first.
    distribution: list[tuple[int, int, int]] = field(default_factory=list)


def feedback_summary(event: Event) -> FeedbackSummary:
    """How many gave feedback, their average and how the ratings spread (one query)."""
    counts = dict(
        Feedback.objects.filter(event=event)
        .order_by()
        .values_list("rating")
        .annotate(n=Count("id"))
        .values_list("rating", "n")
    )
    total = sum(counts.values())
    summary = FeedbackSummary(count=total)
    if total:
        summary.average = round(sum(r * n for r, n in counts.items()) / total, 1)
    summary.distribution = [
        (r, counts.get(r, 0), round(100 * counts.get(r, 0) / total) if total else 0)
        for r in reversed(RATINGS)
    ]
    return summary


def feedback_comments(event: Event) -> list[str]:
    """The comments, for the organizers only, in the random order of their keys."""
    return list(
        Feedback.objects.filter(event=event).exclude(comment="").values_list("comment", flat=True)
    )


def has_given_feedback(registration: Registration) -> bool:
    return FeedbackGiven.objects.filter(registration=registration).exists()


@dataclass
class PublicReport:
    """A closed event's report as everyone may read it: counts, the minutes, the public
    proposals it fed and the money counted — never a name."""

    attendees: int
    walk_ins: int
    minutes: str
    proposals: list
    #: (currency, total in minor units), one per currency.
    money: list[tuple[str, int]]
    feedback: FeedbackSummary


def public_report(event: Event) -> PublicReport | None:
    """The closing report of a closed event (None before it is closed), in five queries."""
    if event.status != EventStatus.CLOSED:
        return None
    report = report_of(event)
    if report is None or report.closed_at is None:
        return None
    from jisr.proposals.selectors import public_proposals

    proposals = list(
        public_proposals()
        .filter(pk__in=report.proposals.values("pk"))
        .only("pk", "title", "status")
        .order_by("pk")
    )
    money = list(
        report.cash_sheets.order_by("currency")
        .values_list("currency")
        .annotate(total=Sum("total"))
        .values_list("currency", "total")
    )
    return PublicReport(
        attendees=checked_in_count(event),
        walk_ins=report.walk_ins,
        minutes=report.minutes,
        proposals=proposals,
        money=money,
        feedback=feedback_summary(event),
    )
