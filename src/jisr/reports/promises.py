"""The organization's own promises, measured by the system itself from Jisr's own data.

Three measures, per month and overall, each with its numerator and denominator:

- follow: parliamentary records (votes, activities, questions, bills) entered within
  ``JISR_PROMISE_FOLLOW_DAYS`` days of their sitting (or, without one, their own date);
- deliver: published proposals delivered to a representative within
  ``JISR_PROMISE_DELIVER_DAYS`` days of reaching the support threshold;
- report back: the organization's monthly report published by day
  ``JISR_PROMISE_REPORT_DAY`` of the following month.

Counted in the database (aggregates by month, a fixed number of queries), never row by row.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from jisr.parliament.models import Activity, Bill, Question, VoteEvent
from jisr.proposals.models import PUBLIC_ROWS, Proposal, Support

from .models import MonthlyReport


@dataclass
class Measure:
    """``kept`` of ``due`` (the promises that came due), and those not yet due."""

    kept: int = 0
    due: int = 0
    pending: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.kept / self.due) if self.due else None

    def add(self, other: Measure) -> None:
        self.kept += other.kept
        self.due += other.due
        self.pending += other.pending


@dataclass
class Month:
    month: date
    follow: Measure = field(default_factory=Measure)
    deliver: Measure = field(default_factory=Measure)
    report: Measure = field(default_factory=Measure)


@dataclass
class Promises:
    months: list[Month]
    follow: Measure
    deliver: Measure
    report: Measure
    follow_days: int
    deliver_days: int
    report_day: int
    threshold: int
    since: date | None


def _since() -> date | None:
    value = getattr(settings, "JISR_PROMISE_SINCE", "")
    return date.fromisoformat(value) if value else None


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


# The records that follow the chamber, and the date each is measured from.
RECORDS: list[tuple[Any, Any]] = [
    (VoteEvent, Coalesce(F("sitting__date"), F("date"))),
    (Activity, Coalesce(F("sitting__date"), F("date"))),
    (Question, F("asked_on")),
    (Bill, F("introduced_on")),
]


def follow(days: int, since: date | None, today: date) -> dict[date, Measure]:
    """Per month of the record's date: the records entered within ``days`` days of it. A
    record dated in the future is not counted; a record never entered cannot be."""
    months: dict[date, Measure] = defaultdict(Measure)
    for model, reference in RECORDS:
        rows = model.objects.annotate(ref=reference).filter(ref__lte=today)
        if since:
            rows = rows.filter(ref__gte=since)
        # The days between the record's date and the day it was entered, in the database.
        rows = (
            rows.annotate(
                lag=ExpressionWrapper(
                    TruncDate("recorded_at") - F("ref"), output_field=DurationField()
                ),
                month=TruncMonth("ref", output_field=DateField()),
            )
            .values("month")
            .annotate(
                kept=Count("pk", filter=Q(lag__lte=timedelta(days=days))),
                total=Count("pk"),
            )
            .order_by("month")
        )
        for row in rows:
            months[row["month"]].add(Measure(kept=row["kept"], due=row["total"]))
    return months


def deliver(days: int, threshold: int, since: date | None, today: date) -> dict[date, Measure]:
    """Per month the threshold was reached (the time of the ``threshold``-th support still
    standing): the published proposals first delivered within ``days`` days of it."""
    threshold = max(threshold, 1)
    nth = Support.objects.filter(proposal=OuterRef("pk")).order_by("created_at", "pk")
    rows = (
        Proposal.objects.filter(PUBLIC_ROWS, support_count__gte=threshold)
        .annotate(
            reached=Subquery(nth.values("created_at")[threshold - 1 : threshold]),
            delivered=Min("deliveries__delivered_on"),
        )
        .filter(reached__isnull=False)
        .values_list("reached", "delivered")
        .order_by()
    )
    months: dict[date, Measure] = defaultdict(Measure)
    for reached_at, delivered in rows:
        reached = timezone.localdate(reached_at)
        if since and reached < since:
            continue
        deadline = reached + timedelta(days=days)
        measure = months[_month(reached)]
        if delivered is not None and delivered <= deadline:
            measure.add(Measure(kept=1, due=1))
        elif deadline < today:
            measure.add(Measure(due=1))
        else:
            measure.add(Measure(pending=1))
    return months


def report_back(day: int, since: date | None, today: date) -> dict[date, Measure]:
    """Per month, from the first the organization reported on (or ``since``): its report
    on the month published by day ``day`` of the next month."""
    published: dict[date, date] = {}
    for start, published_at in MonthlyReport.objects.filter(
        person__isnull=True, status=MonthlyReport.Status.PUBLISHED, published_at__isnull=False
    ).values_list("period_start", "published_at"):
        day_published = timezone.localdate(published_at)
        key = _month(start)
        published[key] = min(published.get(key, day_published), day_published)
    first = _month(since) if since else min(published, default=None)
    months: dict[date, Measure] = {}
    month = first
    # The month under way is not listed: its report cannot be due before it ends.
    while month is not None and month < _month(today):
        following = _next_month(month)
        last_day = calendar.monthrange(following.year, following.month)[1]
        deadline = following.replace(day=min(day, last_day))
        on = published.get(month)
        if on is not None and on <= deadline:
            months[month] = Measure(kept=1, due=1)
        elif deadline < today:
            months[month] = Measure(due=1)
        else:
            months[month] = Measure(pending=1)
        month = following
    return months


def promises(today: date | None = None) -> Promises:
    if today is None:
        today = timezone.localdate()
    since = _since()
    follow_days = settings.JISR_PROMISE_FOLLOW_DAYS
    deliver_days = settings.JISR_PROMISE_DELIVER_DAYS
    report_day = settings.JISR_PROMISE_REPORT_DAY
    threshold = settings.JISR_SUPPORT_THRESHOLD
    by_measure = {
        "follow": follow(follow_days, since, today),
        "deliver": deliver(deliver_days, threshold, since, today),
        "report": report_back(report_day, since, today),
    }
    totals = {name: Measure() for name in by_measure}
    months: dict[date, Month] = {}
    for name, per_month in by_measure.items():
        for month, measure in per_month.items():
            row = months.setdefault(month, Month(month))
            getattr(row, name).add(measure)
            totals[name].add(measure)
    return Promises(
        months=[months[m] for m in sorted(months, reverse=True)],
        follow=totals["follow"],
        deliver=totals["deliver"],
        report=totals["report"],
        follow_days=follow_days,
        deliver_days=deliver_days,
        report_day=report_day,
        threshold=threshold,
        since=since,
    )
