"""Which outreach figures may be published (pure: no Django).

A figure is published per ask and per week, and only for a week that has ended: a week's
counts never change after it (a report counts on the day it is made), so nobody can watch
a figure move and learn what one member just reported. A week is shown only when at least
``MIN_CELL`` different members reported in it; otherwise it reads "fewer than 10". The
ask's total is the sum of the weeks shown, never of the hidden ones — a total that included
them would give a hidden week away by subtraction.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

MIN_CELL = 10


@dataclass(frozen=True)
class WeekCounts:
    """What was reported for an ask in one week (Monday to Sunday), and by how many
    different members."""

    week: datetime.date
    members: int
    contacted: int
    will_vote: int
    registered: int


@dataclass(frozen=True)
class Figure:
    """One published row: the counts, or ``None`` everywhere when suppressed."""

    week: datetime.date | None
    suppressed: bool
    members: int | None = None
    contacted: int | None = None
    will_vote: int | None = None
    registered: int | None = None


@dataclass(frozen=True)
class Figures:
    weeks: list[Figure]
    #: The sums of the weeks shown; ``suppressed`` when no week can be shown.
    total: Figure
    #: How many weeks are left out for having fewer than ``min_cell`` members.
    hidden_weeks: int
    min_cell: int


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week ``day`` is in."""
    return day - datetime.timedelta(days=day.weekday())


def publish(
    rows: Iterable[WeekCounts], *, today: datetime.date, min_cell: int = MIN_CELL
) -> Figures:
    """Return the figures that may be shown: ended weeks only, oldest first."""
    current = week_of(today)
    weeks: list[Figure] = []
    hidden = 0
    sums = [0, 0, 0]
    for row in sorted(rows, key=lambda r: r.week):
        if row.week >= current:
            continue
        if row.members < min_cell:
            hidden += 1
            weeks.append(Figure(week=row.week, suppressed=True))
            continue
        weeks.append(
            Figure(
                week=row.week,
                suppressed=False,
                members=row.members,
                contacted=row.contacted,
                will_vote=row.will_vote,
                registered=row.registered,
            )
        )
        sums[0] += row.contacted
        sums[1] += row.will_vote
        sums[2] += row.registered
    if any(not w.suppressed for w in weeks):
        total = Figure(
            week=None, suppressed=False, contacted=sums[0], will_vote=sums[1], registered=sums[2]
        )
    else:
        total = Figure(week=None, suppressed=True)
    return Figures(weeks=weeks, total=total, hidden_weeks=hidden, min_cell=min_cell)


def shown_count(count: int, *, min_cell: int = MIN_CELL) -> int | None:
    """A count of members (who committed, say): itself, or ``None`` below ``min_cell``."""
    return count if count >= min_cell else None
