"""Errors, the two languages' texts, and exact numbers written for people."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

# --- Errors, texts and numbers ----------------------------------------------------------------


class AllocationError(ValueError):
    """Input the law cannot allocate. ``line`` is the input line at fault, when one is known."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")


Text = dict[str, str]
"""A plain-language text in both languages: {"ar": …, "en": …}."""


def _text(en: str, ar: str) -> Text:
    return {"ar": ar, "en": en}


def _key(name: str) -> str:
    """Return a name's identity: spellings differing only in Unicode form or spacing are one."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _num(n: int) -> str:
    return f"{n:,}"


def _fraction(value: Fraction | int | str | float) -> Fraction:
    # str() first, so that 1.7 means 17/10 and not the binary float nearest to it.
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def exact_text(value: Fraction) -> str:
    """Return value exactly: a short decimal when it has one (1.7), else a fraction (5/3)."""
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole, part = divmod(scaled.numerator, 10**places)
            return f"{whole}.{part:0{places}d}"
    return f"{value.numerator}/{value.denominator}"


def _dec(value: Fraction, places: int = 2) -> str:
    """Return value rounded half up to ``places`` decimals, with thousands separators."""
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    whole, part = divmod(scaled, 10**places)
    return f"{whole:,}.{part:0{places}d}"


# Counted nouns: (one, two, two after a preposition, 3-10, 11-99, 100 and round hundreds).
SEATS_AR = ("مقعد واحد", "مقعدان", "مقعدين", "مقاعد", "مقعدًا", "مقعد")
LISTS_AR = ("قائمة واحدة", "قائمتان", "قائمتين", "قوائم", "قائمة", "قائمة")
VOTES_AR = ("صوت واحد", "صوتان", "صوتين", "أصوات", "صوتًا", "صوت")
WOMEN_AR = ("امرأة واحدة", "امرأتان", "امرأتين", "نساء", "امرأة", "امرأة")


def _ar_count(n: int, forms: tuple[str, ...], *, genitive: bool = False) -> str:
    """Return n with its noun as Arabic grammar counts it; digits are Western, as in Iraq."""
    one, two, two_genitive, plural, singular_accusative, singular = forms
    if n == 1:
        return one
    if n == 2:
        return two_genitive if genitive else two
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n:,} {plural}"
    if 11 <= rest <= 99:
        return f"{n:,} {singular_accusative}"
    return f"{n:,} {singular}"


def _en_count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _en_join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _is_arabic_script(name: str) -> bool:
    for char in name:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return direction != "L"
    return False


def _ar_join(names: Sequence[str]) -> str:
    """Join names with و: joined to an Arabic-script name, spaced before any other."""
    names = list(names)
    joined = names[0] if names else ""
    for name in names[1:]:
        joined += f" و{name}" if _is_arabic_script(name) else f" و {name}"
    return joined
