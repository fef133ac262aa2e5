"""Cohen's kappa: a worked example, and properties that hold for any ratings."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jisr.pledges.agreement import cohen_kappa, kappa_by_quarter, quarter_of

LABELS = st.sampled_from(["kept", "broken", "stalled", "compromise"])
PAIRS = st.lists(st.tuples(LABELS, LABELS), min_size=1, max_size=60)


def test_the_worked_example():
    # 50 items: both yes 20, first yes second no 5, first no second yes 10, both no 15.
    # Observed 35/50 = 0.7; by chance 0.5 × 0.6 + 0.5 × 0.4 = 0.5; kappa (0.7 − 0.5) / 0.5.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    kappa = cohen_kappa(pairs)
    assert kappa is not None and abs(kappa - 0.4) < 1e-12


def test_undefined_without_pairs_or_when_chance_agrees_always():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("kept", "kept")] * 5) is None


def test_complete_disagreement_on_two_labels_is_minus_one():
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1


@given(PAIRS)
def test_kappa_is_at_most_one_and_at_least_minus_one(pairs):
    kappa = cohen_kappa(pairs)
    assert kappa is None or -1 - 1e-9 <= kappa <= 1 + 1e-9


@given(PAIRS)
def test_swapping_the_raters_changes_nothing(pairs):
    a, b = cohen_kappa(pairs), cohen_kappa([(y, x) for x, y in pairs])
    assert (a is None and b is None) or abs(a - b) < 1e-9


@given(st.lists(LABELS, min_size=2, max_size=40).filter(lambda labels: len(set(labels)) > 1))
def test_raters_who_always_agree_have_kappa_one(labels):
    assert cohen_kappa([(label, label) for label in labels]) == 1


@given(PAIRS)
def test_renaming_the_labels_changes_nothing(pairs):
    rename = {"kept": "k", "broken": "b", "stalled": "s", "compromise": "c"}
    renamed = [(rename[a], rename[b]) for a, b in pairs]
    a, b = cohen_kappa(pairs), cohen_kappa(renamed)
    assert (a is None and b is None) or abs(a - b) < 1e-9


def test_pairs_fall_in_the_quarter_of_their_day():
    assert quarter_of(date(2025, 3, 31)) == (2025, 1)
    assert quarter_of(date(2025, 4, 1)) == (2025, 2)
    quarters = kappa_by_quarter(
        [
            (date(2025, 5, 2), "kept", "kept"),
            (date(2025, 1, 9), "kept", "broken"),
            (date(2025, 5, 3), "broken", "broken"),
        ]
    )
    assert [(q.year, q.quarter, q.pairs, q.agreed) for q in quarters] == [
        (2025, 1, 1, 0),
        (2025, 2, 2, 2),
    ]
    assert quarters[1].kappa == 1
    assert quarters[0].start == date(2025, 1, 1)
