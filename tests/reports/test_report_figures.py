"""Every figure of a monthly report equals a direct count of the records of its period,
however many there are (the report lists only the first 40 of each kind)."""

from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.parliament import services as parliament
from jisr.parliament.models import Vote, VoteEvent
from jisr.reports.selectors import LIST_LIMIT, report_data
from tests.rollback import rolled_back

from ..parliament.conftest import Parliament

pytestmark = pytest.mark.django_db

MARCH, FEBRUARY = (date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 2, 1), date(2026, 2, 28))
NUMBERS = count(1)
OPTIONS = [Vote.Option.YES, Vote.Option.NO, Vote.Option.ABSTAIN, Vote.Option.ABSENT]


@pytest.fixture
def house(db):
    return Parliament()


def _record(house, day: date, ballots: list[str]) -> None:
    parliament.vote_event_record(
        actor="system:test",
        term=house.term,
        date=day,
        motion=f"اقتراح رقم {next(NUMBERS)}",
        result=VoteEvent.Result.PASSED,
        votes={m.pk: option for m, option in zip(house.members, ballots, strict=False)},
    )


def _direct(person, period) -> dict[str, int]:
    votes = Vote.objects.filter(vote_event__date__range=period)
    if person is not None:
        votes = votes.filter(person=person)
    return {o: votes.filter(option=o).count() for o in OPTIONS}


def test_a_month_of_more_than_forty_votes_is_counted_in_full(house):
    """The month with 45 votes used to show only the first 40 events' votes: a false drop."""
    for i in range(45):
        _record(house, MARCH[0] + timedelta(days=i % 28), ["yes", "no", "yes", "abstain"])
    for i in range(45):
        _record(house, FEBRUARY[0] + timedelta(days=i % 27), ["yes", "no", "yes", "abstain"])
    data = report_data(None, *MARCH)
    assert len(data["votes"]) == LIST_LIMIT and data["vote_event_total"] == 45
    assert data["vote_totals"]["yes"] == 90
    assert data["current"]["votes"] == data["previous"]["votes"] == 45 * 4


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    march=st.lists(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4), max_size=50),
    february=st.lists(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4), max_size=5),
    who=st.sampled_from([None, 0, 2]),
)
def test_every_vote_figure_equals_a_direct_count(house, march, february, who):
    with rolled_back():
        for i, ballots in enumerate(march):
            _record(house, MARCH[0] + timedelta(days=i % 31), ballots)
        for i, ballots in enumerate(february):
            _record(house, FEBRUARY[0] + timedelta(days=i % 28), ballots)
        person = None if who is None else house.members[who]
        data = report_data(person, *MARCH)
        direct = _direct(person, MARCH)
        for option in OPTIONS:
            assert data["vote_totals"][option] == direct[option]
        cast = ("yes", "no", "abstain")
        assert data["current"]["votes"] == sum(direct[o] for o in cast)
        previous = _direct(person, FEBRUARY)
        assert data["previous"]["votes"] == sum(previous[o] for o in cast)
        events = VoteEvent.objects.filter(date__range=MARCH)
        if person is not None:
            events = events.filter(votes__person=person)
        assert data["vote_event_total"] == events.distinct().count()
        assert len(data["votes"]) == min(LIST_LIMIT, data["vote_event_total"])
