"""The allocation methods and their divisor sequences."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .figures import (
    AllocationError,
    Text,
    _fraction,
    _text,
    exact_text,
)

# --- Methods and divisors ---------------------------------------------------------------------


class Method(StrEnum):
    SAINTE_LAGUE = "sainte-lague"
    DHONDT = "dhondt"
    HARE = "hare"
    DROOP = "droop"
    SNTV = "sntv"


HIGHEST_AVERAGES = frozenset({Method.SAINTE_LAGUE, Method.DHONDT})
LARGEST_REMAINDER = frozenset({Method.HARE, Method.DROOP})


@dataclass(frozen=True)
class DivisorSequence:
    """A highest-averages method's divisors: ``first``, then ``second``, ``second + step``, …"""

    first: Fraction
    second: Fraction
    step: Fraction

    def __post_init__(self):
        for name in ("first", "second", "step"):
            object.__setattr__(self, name, _fraction(getattr(self, name)))
        if not 0 < self.first < self.second:
            raise AllocationError(
                f"the first divisor must be above 0 and below {exact_text(self.second)}"
                f" (got {exact_text(self.first)})"
            )
        if self.step <= 0:
            raise AllocationError("the divisors must increase")

    def divisor(self, seats_won: int) -> Fraction:
        """Return the divisor of a list's next quotient, once it has won ``seats_won`` seats."""
        if seats_won == 0:
            return self.first
        return self.second + (seats_won - 1) * self.step

    def describe(self, separator: str = ", ") -> str:
        return separator.join(exact_text(self.divisor(k)) for k in range(4)) + separator + "…"


def divisors_for(method: Method | str, first_divisor=None) -> DivisorSequence:
    """Return the divisors of D'Hondt (1, 2, 3, …) or Sainte-Laguë (1, 3, 5, …), with
    ``first_divisor`` replacing the first one (modified Sainte-Laguë: Iraq uses 1.7)."""
    method = Method(method)
    first = _fraction(1 if first_divisor is None else first_divisor)
    if method is Method.SAINTE_LAGUE:
        return DivisorSequence(first, Fraction(3), Fraction(2))
    if method is Method.DHONDT:
        return DivisorSequence(first, Fraction(2), Fraction(1))
    raise AllocationError(f"{method.value} is not a highest-averages method: it has no divisors")


def method_name(method: Method, divisors: DivisorSequence | None) -> Text:
    """Return the method's name with its divisors, in both languages."""
    if method is Method.HARE:
        return _text("largest remainder with the Hare quota", "الباقي الأكبر بحصة هير")
    if method is Method.DROOP:
        return _text("largest remainder with the Droop quota", "الباقي الأكبر بحصة دروب")
    if method is Method.SNTV:
        return _text("the single non-transferable vote", "الصوت الواحد غير المتحوّل")
    assert divisors is not None
    if (divisors.second, divisors.step) == (Fraction(3), Fraction(2)):
        name = _text("Sainte-Laguë", "سانت ليغو")
        if divisors.first != 1:
            name = _text("modified Sainte-Laguë", "سانت ليغو المعدّلة")
    elif (divisors.second, divisors.step) == (Fraction(2), Fraction(1)):
        name = _text("D'Hondt", "دي هونت")
        if divisors.first != 1:
            name = _text("modified D'Hondt", "دي هونت المعدّلة")
    else:
        name = _text("highest averages", "المعدلات الأعلى")
    return _text(
        f"{name['en']} (divisors {divisors.describe()})",
        f"{name['ar']} (القواسم {divisors.describe('، ')})",
    )
