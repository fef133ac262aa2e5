"""Outreach's published figures as JSON: each published ask with its counts by ended week,
a week shown only when at least ``min_cell`` members reported in it (else its counts are
null and it is marked suppressed). Aggregates only: no member, no commitment, no report."""

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination, RowsOf

from . import outreach_selectors as selectors
from .models.outreach import Ask
from .outreach_cells import MIN_CELL, Figure, Figures

router = Router(tags=["outreach"])


class WeekOut(Schema):
    week: datetime.date = Field(description="The Monday the week starts on.")
    suppressed: bool = Field(description="Fewer than min_cell members reported: counts null.")
    members: int | None = Field(description="Different members who reported in the week.")
    contacted: int | None
    will_vote: int | None
    registered: int | None


class TotalOut(Schema):
    suppressed: bool = Field(description="No week can be shown yet: the sums are null.")
    contacted: int | None = Field(description="The sum of the weeks shown (never hidden ones).")
    will_vote: int | None
    registered: int | None


class AskOut(Schema):
    id: int
    title: str
    title_en: str
    people: int = Field(description="How many people each member is asked to reach.")
    opens_on: datetime.date
    closes_on: datetime.date
    min_cell: int = Field(description="The fewest members a published figure may stand for.")
    committed: int | None = Field(description="Members who took the ask up; null below min_cell.")
    weeks: list[WeekOut] = Field(description="Ended weeks only, oldest first.")
    total: TotalOut


def _week(figure: Figure) -> dict:
    return {
        "week": figure.week,
        "suppressed": figure.suppressed,
        "members": figure.members,
        "contacted": figure.contacted,
        "will_vote": figure.will_vote,
        "registered": figure.registered,
    }


def _ask_out(ask: Ask, figures: Figures, committed: int | None) -> dict:
    total = figures.total
    return {
        "id": ask.pk,
        "title": ask.title,
        "title_en": ask.title_en,
        "people": ask.people,
        "opens_on": ask.opens_on,
        "closes_on": ask.closes_on,
        "min_cell": MIN_CELL,
        "committed": committed,
        "weeks": [_week(w) for w in figures.weeks],
        "total": {
            "suppressed": total.suppressed,
            "contacted": total.contacted,
            "will_vote": total.will_vote,
            "registered": total.registered,
        },
    }


def _asks_out(asks: list) -> list:
    """A page of published asks with their figures and commitments."""
    figures = selectors.figures(asks, timezone.localdate())
    committed = selectors.committed(asks)
    return [_ask_out(a, figures[a.pk], committed[a.pk]) for a in asks]


@router.get("/asks", response=list[AskOut], summary="Outreach asks and their figures")
@paginate(Pagination)
def list_asks(request):
    """Published outreach asks, newest first, with their figures by ended week."""
    return RowsOf(selectors.published_asks(), _asks_out)


@router.get("/asks/{id}", response=AskOut, summary="One outreach ask and its figures")
def get_ask(request, id: Number):
    try:
        ask = selectors.published_ask(id)
    except Ask.DoesNotExist:
        raise Http404 from None
    figures = selectors.figures([ask], timezone.localdate())[ask.pk]
    return _ask_out(ask, figures, selectors.committed([ask])[ask.pk])
