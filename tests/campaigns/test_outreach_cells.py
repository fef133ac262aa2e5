"""Small-cell suppression of the outreach figures (pure)."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.campaigns.outreach_cells import MIN_CELL, WeekCounts, publish, shown_count, week_of

TODAY = datetime.date(2026, 12, 9)  # a Wednesday
THIS_WEEK = datetime.date(2026, 12, 7)


def weeks_ago(n: int) -> datetime.date:
    return THIS_WEEK - datetime.timedelta(weeks=n)


def row(week, members, contacted=20, will_vote=10, registered=5) -> WeekCounts:
    return WeekCounts(week, members, contacted, will_vote, registered)


def test_a_week_with_fewer_than_ten_members_is_hidden_and_left_out_of_the_total():
    figures = publish([row(weeks_ago(2), 12, 30, 20, 9), row(weeks_ago(1), 9)], today=TODAY)
    shown, hidden = figures.weeks
    assert (shown.week, shown.members, shown.contacted) == (weeks_ago(2), 12, 30)
    assert hidden.suppressed and hidden.members is None and hidden.contacted is None
    assert (figures.total.contacted, figures.total.will_vote, figures.total.registered) == (
        30,
        20,
        9,
    )
    assert figures.hidden_weeks == 1


def test_ten_members_is_enough():
    assert not publish([row(weeks_ago(1), MIN_CELL)], today=TODAY).weeks[0].suppressed
    assert publish([row(weeks_ago(1), MIN_CELL - 1)], today=TODAY).weeks[0].suppressed


def test_the_current_week_is_never_shown_even_with_many_members():
    figures = publish([row(THIS_WEEK, 50)], today=TODAY)
    assert figures.weeks == []
    assert figures.total.suppressed and figures.total.contacted is None


def test_weeks_come_oldest_first():
    figures = publish([row(weeks_ago(1), 10), row(weeks_ago(3), 10)], today=TODAY)
    assert [w.week for w in figures.weeks] == [weeks_ago(3), weeks_ago(1)]


def test_a_count_of_members_below_ten_is_not_shown():
    assert (shown_count(9), shown_count(10), shown_count(0)) == (None, 10, None)


def test_week_of_is_the_monday():
    assert week_of(TODAY) == THIS_WEEK
    assert week_of(THIS_WEEK) == THIS_WEEK


counts = st.integers(0, 100)
weeks = st.dictionaries(
    st.integers(-1, 10), st.tuples(st.integers(0, 30), counts, counts, counts), max_size=8
).map(lambda found: [row(weeks_ago(n), *values) for n, values in found.items()])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks)
def test_no_figure_ever_stands_for_fewer_than_ten_members(rows):
    figures = publish(rows, today=TODAY)
    by_week = {r.week: r for r in rows}
    shown = [w for w in figures.weeks if not w.suppressed]
    for week in figures.weeks:
        assert week.week is not None and week.week < THIS_WEEK
        if not week.suppressed:
            assert by_week[week.week].members >= MIN_CELL
        else:
            assert week.contacted is None and week.members is None
    # The total is the sum of what is shown: subtracting gives nothing hidden away.
    if shown:
        assert figures.total.contacted == sum(w.contacted or 0 for w in shown)
        assert figures.total.registered == sum(w.registered or 0 for w in shown)
    else:
        assert figures.total.suppressed
