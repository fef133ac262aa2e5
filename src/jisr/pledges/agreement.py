"""How far two raters agree beyond chance: Cohen's kappa, and kappa per calendar quarter.

Pure: the standard library only. Polimeter has two coders rate every pledge on their own;
kappa says how often they agree once the agreement that chance alone would give is taken
out (1: always, 0: as often as chance, below 0: less often than chance).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Kappa of the pairs (first rater's label, second rater's label).

    None when it is undefined: no pairs, or chance alone would make the raters agree always
    (both gave one and the same label to everything).
    """
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _b in pairs)
    second = Counter(b for _a, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int  # 1 to 4
    pairs: int
    agreed: int
    kappa: float | None

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def kappa_by_quarter(ratings: Iterable[tuple[date, str, str]]) -> list[Quarter]:
    """Kappa of each quarter that has pairs, oldest first; each pair counts in the quarter
    of its date (the day the second rating was given)."""
    by_quarter: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for day, a, b in ratings:
        by_quarter.setdefault(quarter_of(day), []).append((a, b))
    return [
        Quarter(
            year,
            quarter,
            len(pairs),
            sum(1 for a, b in pairs if a == b),
            cohen_kappa(pairs),
        )
        for (year, quarter), pairs in sorted(by_quarter.items())
    ]
