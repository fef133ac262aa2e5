"""The pure counting of decisions (``coalition.decision_tally``): Borda totals, ties and
quorum, as properties over any ballots."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jisr.coalition import decision_tally as t

options_st = st.lists(st.integers(1, 10_000), min_size=2, max_size=8, unique=True)


@st.composite
def ranked_election(draw):
    options = draw(options_st)
    ballots = draw(st.lists(st.permutations(options), max_size=30))
    return options, ballots


@given(ranked_election())
def test_borda_totals_are_the_points_every_ballot_hands_out(election):
    options, ballots = election
    n = len(options)
    scores = t.tally(t.RANKED, options, ballots)
    assert set(scores) == set(options)
    # Every ballot gives n + (n-1) + … + 1 points.
    assert sum(scores.values()) == len(ballots) * n * (n + 1) // 2
    # Each option gets between 1 and n points from each ballot.
    for score in scores.values():
        assert len(ballots) <= score <= len(ballots) * n


@given(ranked_election())
def test_a_unanimous_first_choice_wins_alone(election):
    options, ballots = election
    favourite = options[0]
    ballots = [[favourite, *[o for o in b if o != favourite]] for b in ballots] or [options]
    scores = t.tally(t.RANKED, options, ballots)
    assert t.winners(scores) == [favourite]


@given(options_st, st.data())
def test_choice_counts_each_ballot_once_and_ties_keep_every_winner(options, data):
    ballots = data.draw(st.lists(st.sampled_from(options).map(lambda o: [o]), max_size=40))
    scores = t.tally(t.CHOICE, options, ballots)
    assert sum(scores.values()) == len(ballots)
    winners = t.winners(scores)
    if ballots:
        top = max(scores.values())
        assert winners == [o for o in options if scores[o] == top]
        assert all(scores[o] < top for o in options if o not in winners)
    else:
        assert winners == []


@given(options_st, st.data())
def test_the_best_time_is_the_one_most_organizations_can_make(options, data):
    ballots = data.draw(
        st.lists(st.lists(st.sampled_from(options), unique=True), min_size=1, max_size=20)
    )
    scores = t.tally(t.TIME, options, ballots)
    for option in options:
        assert scores[option] == sum(option in b for b in ballots)
    for best in t.winners(scores):
        assert scores[best] == max(scores.values())


@given(st.integers(0, 500), st.integers(0, 100))
def test_a_percent_quorum_is_rounded_up_and_never_above_the_electorate(electorate, percent):
    needed = t.quorum_required(electorate, percent, "percent")
    assert 0 <= needed <= electorate
    assert needed * 100 >= electorate * percent  # enough
    assert needed == 0 or (needed - 1) * 100 < electorate * percent  # and no more


@given(st.integers(0, 500), st.integers(0, 1000), st.integers(0, 500))
def test_quorum_met_exactly_when_enough_ballots(electorate, quorum, cast):
    cast = min(cast, electorate)
    result = t.result(
        t.CHOICE, [1, 2], [[1]] * cast, electorate=electorate, quorum=quorum, unit="organizations"
    )
    assert result.quorum_met == (cast >= min(quorum, electorate))


def test_a_tie_is_a_tie():
    scores = t.tally(t.RANKED, [1, 2], [[1, 2], [2, 1]])
    assert scores == {1: 3, 2: 3}
    assert t.winners(scores) == [1, 2]


@pytest.mark.parametrize(
    ("kind", "ballot"),
    [
        (t.CHOICE, [1, 2]),
        (t.CHOICE, []),
        (t.PROPOSAL, [9]),
        (t.RANKED, [1, 2]),
        (t.RANKED, [1, 1, 2]),
        (t.TIME, [3, 3]),
        ("poll", [1]),
    ],
)
def test_ballots_that_do_not_fit_are_refused(kind, ballot):
    with pytest.raises(t.BallotError):
        t.check_ballot(kind, [1, 2, 3], ballot)


def test_ballots_that_fit_pass():
    assert t.check_ballot(t.RANKED, [1, 2, 3], [3, 1, 2]) == [3, 1, 2]
    assert t.check_ballot(t.TIME, [1, 2, 3], []) == []
    assert t.check_ballot(t.CHOICE, [1, 2, 3], [2]) == [2]
