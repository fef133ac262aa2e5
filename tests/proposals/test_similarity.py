from hypothesis import given
from hypothesis import strategies as st

from jisr.proposals.similarity import most_similar

CANDIDATES = [
    (1, "تسهيل تجديد جوازات السفر في القنصليات"),
    (2, "تحسين تجهيز الكهرباء في الصيف"),
    (3, "مقاعد دراسية لأبناء الجالية في الجامعات"),
]


def test_a_differently_spelled_duplicate_comes_first():
    # Hamza, ta marbuta, a prefix and diacritics differ from the stored text.
    found = most_similar("تَسهيل تجديد الجوازات في قنصلية العراق", CANDIDATES)
    assert found[0][0] == 1
    assert all(pk != 2 for pk, _score in found)


def test_unrelated_text_finds_nothing():
    assert most_similar("Football results of the weekend", CANDIDATES) == []


def test_empty_inputs_are_harmless():
    assert most_similar("", CANDIDATES) == []
    assert most_similar("الكهرباء", []) == []


@given(st.text(min_size=1, max_size=200))
def test_scores_are_between_zero_and_one_and_sorted(text):
    found = most_similar(text, CANDIDATES, threshold=0.0)
    scores = [score for _pk, score in found]
    assert all(0.0 <= s <= 1.0001 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_identical_text_scores_one():
    assert most_similar(CANDIDATES[1][1], CANDIDATES)[0] == (2, 1.0)
