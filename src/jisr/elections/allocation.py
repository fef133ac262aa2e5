"""Seat allocation exactly as the electoral law says, with no Django import.

Quotients are exact fractions, so two quotients are equal only when they really are. A tie
that decides a seat is never settled silently: the organizer's recorded lot result settles
it, or a seeded draw whose seed is returned with the result so anyone can repeat it. Every
result carries the quotient table, the cutoff, the margin, each decision a rule made and an
explanation in Arabic and English. The laws behind each rule set: docs/elections-allocation.md.
"""

from __future__ import annotations

import math
import random
import secrets
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
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
    first = 1 if first_divisor is None else first_divisor
    if method is Method.SAINTE_LAGUE:
        return DivisorSequence(first, 3, 2)
    if method is Method.DHONDT:
        return DivisorSequence(first, 2, 1)
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
    if (divisors.second, divisors.step) == (3, 2):
        name = _text("Sainte-Laguë", "سانت ليغو")
        if divisors.first != 1:
            name = _text("modified Sainte-Laguë", "سانت ليغو المعدّلة")
    elif (divisors.second, divisors.step) == (2, 1):
        name = _text("D'Hondt", "دي هونت")
        if divisors.first != 1:
            name = _text("modified D'Hondt", "دي هونت المعدّلة")
    else:
        name = _text("highest averages", "المعدلات الأعلى")
    return _text(
        f"{name['en']} (divisors {divisors.describe()})",
        f"{name['ar']} (القواسم {divisors.describe('، ')})",
    )


# --- Inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListVotes:
    """A list's (an alliance's, an individual's) valid votes in one constituency.

    ``candidates`` is how many candidates it fielded: a list takes no more seats than that.
    """

    name: str
    votes: int
    candidates: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class CandidateVotes:
    """A candidate's personal votes; ``community`` marks a candidate for a community seat."""

    name: str
    list: str
    votes: int
    woman: bool = False
    community: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Constituency:
    """One constituency (a governorate; a district in 2021) and everything cast in it.

    ``seats`` are the general seats. ``women_seats`` is the women's quota among them (by
    default a quarter, rounded up; one per district under iq-2021); ``community_seats``
    maps each minority community to the quota seats it has here.
    """

    name: str
    seats: int
    lists: tuple[ListVotes, ...] = ()
    candidates: tuple[CandidateVotes, ...] = ()
    women_seats: int | None = None
    community_seats: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Lot:
    """How ties are settled.

    ``order`` is the organizer's recorded lot result: names in the order drawn, an earlier
    name being chosen first. Without it, ties go to a draw seeded with ``seed`` (a fresh
    random seed when None); the seed is returned with the result, so anyone can repeat it.
    """

    order: tuple[str, ...] = ()
    seed: int | None = None


# --- Results ------------------------------------------------------------------------------------

RULES: dict[str, Text] = {
    "lot/organizer": _text(
        "A tie is settled by lot; the organizer recorded the result of the lot.",
        "يُحسم التعادل بالقرعة، وقد سجّل المنظّم نتيجتها.",
    ),
    "lot/seeded-draw": _text(
        "A tie is settled by lot; here a draw seeded with the recorded seed, which anyone can"
        " repeat.",
        "يُحسم التعادل بالقرعة، وهنا بسحب آلي ببذرة مسجّلة يستطيع أي أحد إعادته.",
    ),
    "list/exhausted": _text(
        "A list takes no more seats than it has candidates; its further quotients are passed over.",
        "لا تنال القائمة مقاعد أكثر من عدد مرشحيها، فتُتخطّى نواتج قسمتها الباقية.",
    ),
    "women/after-three-men": _text(
        "Within each list, a woman is seated after every three winning men.",
        "داخل كل قائمة، تُجلس امرأة بعد كل ثلاثة فائزين من الرجال.",
    ),
    "women/list-quarter": _text(
        "A list's women seats are its seats ÷ 4, fractions dropped; the lowest-voted winning man"
        " gives way to the highest-voted woman of the same list not yet seated.",
        "مقاعد النساء في القائمة هي عدد مقاعدها مقسومًا على 4 مع إهمال الكسر؛ ويُستبدل بالرجل"
        " الفائز الأقل أصواتًا المرأةُ الأعلى أصواتًا من القائمة نفسها ممن لم تفز.",
    ),
    "women/list-third": _text(
        "If the governorate's women are still short, a list's seats are divided by 3 instead.",
        "إن بقي عدد النساء في المحافظة دون الكوتا، تُقسم مقاعد القائمة على 3 بدلًا من 4.",
    ),
    "women/list-votes-order": _text(
        "Documented practice where the regulation leaves the choice open: lists give quota seats"
        " in order of their total votes, the list with the most votes first (one seat per list"
        " in turn once ÷3 is exhausted), until the governorate's quota is met.",
        "ممارسة موثّقة حيث يترك النظام الخيار مفتوحًا: تمنح القوائم مقاعد الكوتا بترتيب مجموع"
        " أصواتها، الأعلى أصواتًا أولًا (مقعدًا لكل قائمة بالتناوب بعد استنفاد القسمة على 3)،"
        " حتى تكتمل كوتا المحافظة.",
    ),
    "women/district-reserved": _text(
        "In each district, the seats reserved for women go to the highest-voted women; the"
        " lowest-voted winning man gives way.",
        "في كل دائرة تذهب المقاعد المخصصة للنساء إلى الأعلى أصواتًا منهن، ويخلي لها المقعدَ"
        " الرجلُ الفائز الأقل أصواتًا.",
    ),
    "women/no-woman-left": _text(
        "The list has no woman candidate left to seat; the quota cannot be filled from it.",
        "لم يبقَ في القائمة مرشحة لم تفز، فلا تُستكمل الكوتا منها.",
    ),
    "women/shortfall": _text(
        "The women's quota is still short after every step the rule set has; the published rule"
        " says nothing further, so the organizer must check the official result.",
        "ما زالت كوتا النساء ناقصة بعد كل خطوات القاعدة، والقاعدة المنشورة لا تقول أكثر من ذلك،"
        " فعلى المنظّم مراجعة النتيجة الرسمية.",
    ),
    "community/most-votes": _text(
        "A community seat goes to the community's candidate with the most personal votes.",
        "يذهب مقعد المكوّن إلى مرشح المكوّن الحاصل على أعلى الأصوات.",
    ),
    "vacancy/same-list": _text(
        "A vacant seat goes to the next candidate of the same list by votes.",
        "يذهب المقعد الشاغر إلى المرشح التالي بالأصوات من القائمة نفسها.",
    ),
    "vacancy/same-list-woman": _text(
        "A woman's vacant seat goes to the next woman of the same list by votes.",
        "يذهب المقعد الشاغر لامرأة إلى المرأة التالية بالأصوات من القائمة نفسها.",
    ),
    "vacancy/seatless-list": _text(
        "When the list has no one left (a single-candidate list), the seat goes to the list with"
        " the most votes that won no seat.",
        "إذا لم يبقَ في القائمة أحد (قائمة منفردة) يذهب المقعد إلى القائمة الأعلى أصواتًا التي لم"
        " تفز بمقعد.",
    ),
    "vacancy/seatless-list-woman": _text(
        "A woman's seat whose list has no woman left goes to a woman of the list with the most"
        " votes that won no seat.",
        "مقعد المرأة الذي لم يبقَ في قائمتها امرأة يذهب إلى امرأة من القائمة الأعلى أصواتًا التي"
        " لم تفز بمقعد.",
    ),
    "vacancy/community": _text(
        "A vacant community seat goes to the community's next candidate by votes in the same"
        " constituency.",
        "يذهب مقعد المكوّن الشاغر إلى مرشح المكوّن التالي بالأصوات في الدائرة نفسها.",
    ),
    "vacancy/district": _text(
        "Under the single non-transferable vote, a vacant seat goes to the district's next"
        " candidate by votes (a woman for a woman's seat).",
        "في نظام الصوت الواحد غير المتحوّل يذهب المقعد الشاغر إلى المرشح التالي بالأصوات في"
        " الدائرة (وإلى امرأة إذا كان المقعد لامرأة).",
    ),
}


RULE_NAMES: dict[str, Text] = {
    "women/list-quarter": _text("women's quota, list seats ÷ 4", "كوتا النساء، مقاعد القائمة ÷ 4"),
    "women/list-third": _text("women's quota, list seats ÷ 3", "كوتا النساء، مقاعد القائمة ÷ 3"),
    "women/list-votes-order": _text(
        "women's quota, one seat per list by total votes",
        "كوتا النساء، مقعد لكل قائمة بترتيب أصواتها",
    ),
    "women/district-reserved": _text(
        "the district's seat reserved for a woman", "المقعد المخصص للنساء في الدائرة"
    ),
}


@dataclass(frozen=True)
class Decision:
    """A step a rule decided rather than plain ranking: a lot, a quota seat, a vacancy."""

    kind: str
    rule: str
    text: Text
    details: Mapping[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "rule_text": RULES.get(self.rule),
            "text": self.text,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class Quotient:
    """A list's votes divided by one divisor, and the seat (1 = first) it won, if any."""

    list: str
    votes: int
    divisor: Fraction
    value: Fraction
    seat: int | None = None

    def as_dict(self) -> dict:
        return {
            "list": self.list,
            "votes": self.votes,
            "divisor": exact_text(self.divisor),
            "quotient": float(self.value),
            "quotient_exact": str(self.value),
            "seat": self.seat,
        }


@dataclass(frozen=True)
class Remainder:
    """A list's row under largest remainder: seats for its full quotas, then what is left."""

    list: str
    votes: int
    quota: Fraction
    whole_seats: int
    remainder: Fraction
    remainder_seat: bool

    @property
    def value(self) -> Fraction:
        return self.remainder

    def as_dict(self) -> dict:
        return {
            "list": self.list,
            "votes": self.votes,
            "quotient": float(self.votes / self.quota),
            "quotient_exact": str(self.votes / self.quota),
            "whole_seats": self.whole_seats,
            "remainder": float(self.remainder),
            "remainder_exact": str(self.remainder),
            "remainder_seat": self.remainder_seat,
        }


@dataclass(frozen=True)
class Margin:
    """The fewest extra votes that would have won ``list`` one more seat, from ``seat_from``."""

    list: str
    votes_needed: int
    seat_from: str | None = None

    def as_dict(self) -> dict:
        return {"list": self.list, "votes_needed": self.votes_needed, "seat_from": self.seat_from}


@dataclass(frozen=True)
class Allocation:
    """Seats per list in one constituency, and everything needed to check and explain them."""

    method: Method
    divisors: DivisorSequence | None
    quota: Fraction | None
    seats_total: int
    votes: dict[str, int]
    seats: dict[str, int]
    quotients: tuple[Quotient | Remainder, ...]
    last_winning: Quotient | Remainder | None
    first_losing: Quotient | Remainder | None
    margin: Margin | None
    margins: dict[str, int | None]
    decisions: tuple[Decision, ...]
    seed: int | None
    explanation: Text

    def as_dict(self) -> dict:
        def row(item):
            return item.as_dict() if item is not None else None

        return {
            "method": self.method.value,
            "first_divisor": exact_text(self.divisors.first) if self.divisors else None,
            "divisors": (
                [exact_text(self.divisors.divisor(k)) for k in range(self.seats_total)]
                if self.divisors
                else None
            ),
            "quota": float(self.quota) if self.quota is not None else None,
            "quota_exact": str(self.quota) if self.quota is not None else None,
            "seats_total": self.seats_total,
            "votes": dict(self.votes),
            "seats": dict(self.seats),
            "quotients": [item.as_dict() for item in self.quotients],
            "last_winning": row(self.last_winning),
            "first_losing": row(self.first_losing),
            "margin": row(self.margin),
            "margins": dict(self.margins),
            "decisions": [d.as_dict() for d in self.decisions],
            "seed": self.seed,
            "explanation": self.explanation,
        }


# --- Lots ---------------------------------------------------------------------------------------

Chooser = Callable[[list[str], int, Text], list[str]]
"""choose(tied names, places, what is being decided) -> the chosen names, in order."""


class _Lots:
    """Settles the ties of one allocation and records each as a decision."""

    def __init__(self, lot: Lot | None, known: set[str]):
        lot = lot or Lot()
        self._rank: dict[str, int] = {}
        for position, name in enumerate(lot.order):
            if _key(name) in self._rank:
                raise AllocationError(f"the lot result names '{name}' twice")
            if _key(name) not in known:
                raise AllocationError(
                    f"the lot result names '{name}', which is not a list or candidate here"
                )
            self._rank[_key(name)] = position
        self._seed = lot.seed
        self.seed_used: int | None = None
        self.decisions: list[Decision] = []
        self._draws: list[list[str]] = []

    def choose(self, contenders: list[str], places: int, what: Text) -> list[str]:
        names = list(contenders)
        for earlier in self._draws:  # a tie already drawn is not drawn again
            if set(names) <= set(earlier):
                return [name for name in earlier if name in names][:places]
        if self._rank:
            missing = [name for name in names if _key(name) not in self._rank]
            if missing:
                raise AllocationError(
                    f"{what['en']} This needs a lot between {_en_join(names)}, and the lot result"
                    f" does not name {_en_join(missing)}."
                )
            ranked = sorted(names, key=lambda name: self._rank[_key(name)])
            rule = "lot/organizer"
            how = _text("the organizer's recorded lot", "القرعة التي سجّل المنظّم نتيجتها")
        else:
            if self._seed is None:
                self._seed = secrets.randbelow(2**53)  # exact in JSON and in JavaScript
            self.seed_used = self._seed
            ranked = sorted(names)
            random.Random(f"jisr-lot:{self._seed}:{len(self._draws)}").shuffle(ranked)
            rule = "lot/seeded-draw"
            how = _text(f"a draw seeded with {self._seed}", f"سحب آلي بالبذرة {self._seed}")
        self._draws.append(ranked)
        chosen = ranked[:places]
        self.decisions.append(
            Decision(
                kind="tie",
                rule=rule,
                text=_text(
                    f"{what['en']} By lot ({how['en']}) the choice fell on {_en_join(chosen)}.",
                    f"{what['ar']} ووقع اختيار القرعة ({how['ar']}) على {_ar_join(chosen)}.",
                ),
                details={"contenders": names, "order": ranked, "chosen": chosen}
                | ({"seed": self._seed} if rule == "lot/seeded-draw" else {}),
            )
        )
        return chosen


def _against(name: str) -> Chooser:
    """Return a chooser that settles every tie against ``name`` (to find exact margins)."""

    def choose(contenders: list[str], places: int, what: Text) -> list[str]:
        return ([n for n in contenders if n != name] + [n for n in contenders if n == name])[
            :places
        ]

    return choose


# --- Validation ---------------------------------------------------------------------------------


def _check_count(value, what: str, *, line: int | None = None, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationError(f"{what} must be a whole number, not {value!r}", line=line)
    if value < minimum:
        adjective = "negative" if value < 0 else f"below {minimum}"
        raise AllocationError(f"{what} is {adjective} ({value})", line=line)


def _as_entries(votes: Sequence[ListVotes] | Mapping[str, int]) -> tuple[ListVotes, ...]:
    if isinstance(votes, Mapping):
        return tuple(ListVotes(name, count) for name, count in votes.items())
    return tuple(votes)


def _check_lists(entries: Sequence[ListVotes], seats: int) -> None:
    _check_count(seats, "the number of seats", minimum=1)
    first_line: dict[str, ListVotes] = {}
    for entry in entries:
        if not entry.name or not entry.name.strip():
            raise AllocationError("the list name is empty", line=entry.line)
        _check_count(entry.votes, f"the votes of '{entry.name}'", line=entry.line)
        if entry.candidates is not None:
            _check_count(entry.candidates, f"the candidates of '{entry.name}'", line=entry.line)
        earlier = first_line.setdefault(_key(entry.name), entry)
        if earlier is not entry:
            where = f" (first on line {earlier.line})" if earlier.line is not None else ""
            raise AllocationError(f"list '{entry.name}' appears twice{where}", line=entry.line)
    if not any(entry.votes for entry in entries):
        raise AllocationError("no list has any votes: there is nothing to allocate")
    if all(entry.candidates is not None for entry in entries):
        room = sum(entry.candidates for entry in entries if entry.votes > 0)
        if room < seats:
            raise AllocationError(
                f"more seats ({seats}) than candidates on the lists with votes ({room})"
            )


def _capacity(entry: ListVotes, seats: int) -> int:
    return seats if entry.candidates is None else min(entry.candidates, seats)


# --- Seats per list -----------------------------------------------------------------------------


def allocate(
    votes: Sequence[ListVotes] | Mapping[str, int],
    seats: int,
    *,
    method: Method | str = Method.SAINTE_LAGUE,
    first_divisor: Fraction | int | str | float | None = None,
    lot: Lot | None = None,
) -> Allocation:
    """Allocate one constituency's ``seats`` among its lists.

    ``method`` is sainte-lague (default, first divisor 1 unless ``first_divisor`` is given:
    Iraq uses 1.7), dhondt, hare or droop. Ties are settled by ``lot``.
    """
    method = Method(method)
    if method is Method.SNTV:
        raise AllocationError("the single non-transferable vote elects candidates, not lists")
    if first_divisor is not None and method not in HIGHEST_AVERAGES:
        raise AllocationError("a first divisor applies only to sainte-lague and dhondt")
    entries = _as_entries(votes)
    _check_lists(entries, seats)
    lots = _Lots(lot, {_key(entry.name) for entry in entries})
    return _allocate_lists(entries, seats, method, first_divisor, lots)


def _allocate_lists(
    entries: Sequence[ListVotes], seats: int, method: Method, first_divisor, lots: _Lots
) -> Allocation:
    earlier_decisions = len(lots.decisions)
    if method in HIGHEST_AVERAGES:
        divisors = divisors_for(method, first_divisor)
        won, awarded = _highest_averages(entries, seats, divisors, lots.choose)
        table = _quotient_table(entries, seats, divisors, awarded)
        last = awarded[-1]
        first_losing = _first_losing_quotient(entries, seats, divisors, won)
        margins = _highest_averages_margins(entries, seats, divisors, won, awarded)
        decisions = _exhausted_lists(entries, seats, divisors, won, last)
        quota = None
    else:
        divisors = None
        won, rows, quota, last, first_losing = _largest_remainder(
            entries, seats, method, lots.choose
        )
        table = tuple(rows)
        margins = _largest_remainder_margins(entries, seats, method, won)
        decisions = []
    decisions = [*lots.decisions[earlier_decisions:], *decisions]
    margin = None
    if first_losing is not None and margins[first_losing.list] is not None:
        margin = margins[first_losing.list]
    allocation = Allocation(
        method=method,
        divisors=divisors,
        quota=quota,
        seats_total=seats,
        votes={entry.name: entry.votes for entry in entries},
        seats=won,
        quotients=table,
        last_winning=last,
        first_losing=first_losing,
        margin=margin,
        margins={name: (m.votes_needed if m else None) for name, m in margins.items()},
        decisions=tuple(decisions),
        seed=lots.seed_used,
        explanation=_text("", ""),
    )
    return replace(allocation, explanation=_explain_lists(allocation, margins))


def _highest_averages(
    entries: Sequence[ListVotes], seats: int, divisors: DivisorSequence, choose: Chooser
) -> tuple[dict[str, int], list[Quotient]]:
    """Award seats one by one to the highest current quotient; a tie for the last seats goes
    to lot (tied lists that all fit take a seat each: no lot is needed)."""
    won = {entry.name: 0 for entry in entries}
    awarded: list[Quotient] = []
    while len(awarded) < seats:
        open_lists = [
            entry
            for entry in entries
            if entry.votes > 0 and won[entry.name] < _capacity(entry, seats)
        ]
        if not open_lists:
            raise AllocationError("more seats than candidates on the lists with votes")
        current = {e.name: e.votes / divisors.divisor(won[e.name]) for e in open_lists}
        best = max(current.values())
        tied = [entry for entry in open_lists if current[entry.name] == best]
        left = seats - len(awarded)
        if len(tied) > left:
            names = [entry.name for entry in tied]
            what = _text(
                f"{_en_join(names)} had equal quotients ({_dec(best)}) with"
                f" {_en_count(left, 'seat')} left to fill.",
                f"تساوت نواتج القسمة ({_dec(best)}) لكلٍّ من {_ar_join(names)} ولم يبقَ إلا"
                f" {_ar_count(left, SEATS_AR)}.",
            )
            chosen = choose(names, left, what)
            tied = [next(e for e in tied if e.name == name) for name in chosen]
        for entry in tied:
            divisor = divisors.divisor(won[entry.name])
            awarded.append(Quotient(entry.name, entry.votes, divisor, best, len(awarded) + 1))
            won[entry.name] += 1
    return won, awarded


def _quotient_table(entries, seats, divisors, awarded) -> tuple[Quotient, ...]:
    seat_of = {(q.list, q.divisor): q.seat for q in awarded}
    rows = []
    for index, entry in enumerate(entries):
        for k in range(_capacity(entry, seats)):
            divisor = divisors.divisor(k)
            quotient = Quotient(
                entry.name,
                entry.votes,
                divisor,
                entry.votes / divisor,
                seat_of.get((entry.name, divisor)),
            )
            rows.append((-quotient.value, index, k, quotient))
    rows.sort(key=lambda row: row[:3])
    return tuple(row[3] for row in rows)


def _first_losing_quotient(entries, seats, divisors, won) -> Quotient | None:
    best = None
    for entry in entries:
        if won[entry.name] < _capacity(entry, seats):
            divisor = divisors.divisor(won[entry.name])
            quotient = Quotient(entry.name, entry.votes, divisor, entry.votes / divisor)
            if best is None or quotient.value > best.value:
                best = quotient
    return best


def _highest_averages_margins(entries, seats, divisors, won, awarded) -> dict[str, Margin | None]:
    """Return, per list, the fewest extra votes that win it one more seat: its next quotient
    must exceed the lowest quotient that won a seat for another list (equal would be a tie)."""
    margins: dict[str, Margin | None] = {}
    for entry in entries:
        taken_from = next((q for q in reversed(awarded) if q.list != entry.name), None)
        if won[entry.name] >= _capacity(entry, seats) or taken_from is None:
            margins[entry.name] = None
            continue
        needed = taken_from.value * divisors.divisor(won[entry.name]) - entry.votes
        margins[entry.name] = Margin(entry.name, math.floor(needed) + 1, taken_from.list)
    return margins


def _exhausted_lists(entries, seats, divisors, won, last: Quotient) -> list[Decision]:
    """Record each list that ran out of candidates while its next quotient would have won."""
    decisions = []
    for entry in entries:
        if won[entry.name] < seats and won[entry.name] == _capacity(entry, seats):
            passed_over = entry.votes / divisors.divisor(won[entry.name])
            if passed_over > last.value:
                decisions.append(
                    Decision(
                        kind="list-exhausted",
                        rule="list/exhausted",
                        text=_text(
                            f"{entry.name} had only {_en_count(entry.candidates, 'candidate')}:"
                            f" its next quotient ({_dec(passed_over)}) was passed over.",
                            f"لم يكن لقائمة {entry.name} سوى {entry.candidates} من المرشحين،"
                            f" فتُخطّي ناتج قسمتها التالي ({_dec(passed_over)}).",
                        ),
                        details={"list": entry.name, "candidates": entry.candidates},
                    )
                )
    return decisions


def _quota(method: Method, total: int, seats: int) -> Fraction:
    if method is Method.HARE:
        return Fraction(total, seats)
    return Fraction(total // (seats + 1) + 1)  # Droop: the smallest whole number above V/(S+1)


def _largest_remainder(
    entries: Sequence[ListVotes], seats: int, method: Method, choose: Chooser
) -> tuple[dict[str, int], list[Remainder], Fraction, Remainder | None, Remainder | None]:
    """Give each list a seat per full quota, then the seats left to the largest remainders,
    one each; a tie for the last of them goes to lot. Return the seats, the rows (in input
    order), the quota, the last remainder that won and the first that did not."""
    quota = _quota(method, sum(entry.votes for entry in entries), seats)
    whole = {e.name: min(math.floor(e.votes / quota), _capacity(e, seats)) for e in entries}
    rest = {entry.name: entry.votes - whole[entry.name] * quota for entry in entries}
    left = seats - sum(whole.values())
    open_lists = [e for e in entries if e.votes > 0 and whole[e.name] < _capacity(e, seats)]
    if left > len(open_lists):
        raise AllocationError(
            f"the {method.value} quota ({_dec(quota)}) leaves {left} seats for"
            f" {len(open_lists)} lists: too few votes (or candidates) for this many seats"
        )
    ranked = sorted(open_lists, key=lambda entry: -rest[entry.name])
    winners: list[str] = []
    if left:
        cutoff = rest[ranked[left - 1].name]
        winners = [entry.name for entry in ranked if rest[entry.name] > cutoff]
        tied = [entry.name for entry in ranked if rest[entry.name] == cutoff]
        places = left - len(winners)
        if len(tied) > places:
            what = _text(
                f"{_en_join(tied)} had equal remainders ({_dec(cutoff)}) with"
                f" {_en_count(places, 'seat')} left to fill.",
                f"تساوت البواقي ({_dec(cutoff)}) لكلٍّ من {_ar_join(tied)} ولم يبقَ إلا"
                f" {_ar_count(places, SEATS_AR)}.",
            )
            tied = choose(tied, places, what)
        winners += tied
    won = {name: whole[name] + (name in winners) for name in whole}
    rows = {
        e.name: Remainder(e.name, e.votes, quota, whole[e.name], rest[e.name], e.name in winners)
        for e in entries
    }
    last = rows[winners[-1]] if winners else None
    losers = [rows[e.name] for e in ranked if e.name not in winners]
    return won, list(rows.values()), quota, last, (losers[0] if losers else None)


def _largest_remainder_margins(entries, seats, method, won) -> dict[str, Margin | None]:
    names = [entry.name for entry in entries]
    capacity = [_capacity(entry, seats) for entry in entries]
    margins: dict[str, Margin | None] = {}
    for index, entry in enumerate(entries):
        if won[entry.name] >= capacity[index]:
            margins[entry.name] = None
            continue

        def seats_with(name: str, extra: int, index=index) -> dict[str, int] | None:
            votes = [e.votes + (extra if i == index else 0) for i, e in enumerate(entries)]
            counts = _remainder_seats(votes, capacity, seats, method, against=index)
            return None if counts is None else dict(zip(names, counts, strict=True))

        margins[entry.name] = _search_margin(entry.name, won, seats_with)
    return margins


def _remainder_seats(votes, capacity, seats, method, *, against: int) -> list[int] | None:
    """Return largest-remainder seats in whole numbers only (remainders scaled by a common
    factor), every tie going against list ``against``: the margin search runs this often."""
    total = sum(votes)
    if method is Method.HARE:  # v ÷ (V / S): whole = ⌊v·S / V⌋, remainder × S = v·S − whole·V
        whole = [min(v * seats // total, c) for v, c in zip(votes, capacity, strict=True)]
        rest = [v * seats - w * total for v, w in zip(votes, whole, strict=True)]
    else:
        quota = total // (seats + 1) + 1
        whole = [min(v // quota, c) for v, c in zip(votes, capacity, strict=True)]
        rest = [v - w * quota for v, w in zip(votes, whole, strict=True)]
    left = seats - sum(whole)
    open_lists = [i for i, v in enumerate(votes) if v > 0 and whole[i] < capacity[i]]
    if left > len(open_lists):
        return None
    ranked = sorted(open_lists, key=lambda i: (-rest[i], i == against))
    for i in ranked[:left]:
        whole[i] += 1
    return whole


def _search_margin(name: str, won: Mapping[str, int], seats_with) -> Margin | None:
    """Return the fewest extra votes after which ``name`` holds one more seat (ties against
    it), found by doubling then halving; None if no number of votes would do."""

    def gains(extra: int) -> bool:
        seats = seats_with(name, extra)
        return seats is not None and seats[name] > won[name]

    low, high = 0, 1
    while not gains(high):
        low, high = high, high * 2
        if high > 2**64:
            return None
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if gains(middle) else (middle, high)
    after = seats_with(name, high)
    losers = [other for other in won if other != name and after[other] < won[other]]
    return Margin(name, high, losers[0] if losers else None)


# --- Explanations of seats per list -------------------------------------------------------------


def _seat_groups(allocation: Allocation) -> list[tuple[int, list[str]]]:
    groups: dict[int, list[str]] = {}
    for name, count in allocation.seats.items():
        groups.setdefault(count, []).append(name)
    return sorted(groups.items(), reverse=True)


def _explain_seats_per_list(allocation: Allocation) -> Text:
    english, arabic = [], []
    for count, names in _seat_groups(allocation):
        each = len(names) > 1
        if count == 0:
            english.append(f"{_en_join(names)} won none")
            arabic.append(f"ولم تحصل {_ar_join(names)} على أي مقعد")
            continue
        seats_en = _en_count(count, "seat") + (" each" if each else "")
        english.append(f"{_en_join(names)} won {seats_en}")
        who = f"كلٌّ من {_ar_join(names)}" if each else _ar_join(names)
        arabic.append(f"وحصلت {who} على {_ar_count(count, SEATS_AR, genitive=True)}")
    arabic[0] = arabic[0].removeprefix("و")
    return _text("; ".join(english) + ".", "؛ ".join(arabic) + ".")


def _row_formula(row: Quotient | Remainder) -> str:
    if isinstance(row, Quotient):
        return f"{_num(row.votes)} ÷ {exact_text(row.divisor)}"
    return f"{_num(row.votes)} − {row.whole_seats} × {_dec(row.quota)}"


def _explain_lists(allocation: Allocation, margins: Mapping[str, Margin | None]) -> Text:
    seats, lists = allocation.seats_total, len(allocation.seats)
    name = method_name(allocation.method, allocation.divisors)
    seats_en = f"{seats} seats were" if seats != 1 else "1 seat was"
    if allocation.divisors:
        english = [
            f"{seats_en} divided among {_en_count(lists, 'list')} by {name['en']}: each list's"
            " votes were divided by each divisor in turn, and the largest quotients won a seat"
            " each until every seat was filled."
        ]
        arabic = [
            f"وُزِّع {_ar_count(seats, SEATS_AR)} على {_ar_count(lists, LISTS_AR, genitive=True)}"
            f" بطريقة {name['ar']}: قُسمت أصوات كل قائمة على القواسم بالتتابع، ورُتّبت نواتج"
            " القسمة تنازليًا، فنال كل ناتج من الأعلى مقعدًا حتى اكتملت المقاعد."
        ]
    else:
        assert allocation.quota is not None
        whole = sum(row.whole_seats for row in allocation.quotients)
        total = sum(allocation.votes.values())
        if allocation.method is Method.HARE:
            formula = _text(f"{_num(total)} votes ÷ {seats} seats", f"{_num(total)} صوتًا ÷ {seats}")
        else:
            formula = _text(
                f"{_num(total)} votes ÷ ({seats} + 1), rounded down, plus 1",
                f"{_num(total)} ÷ ({seats} + 1) مع إهمال الكسر ثم إضافة 1",
            )
        english = [
            f"{seats_en} divided among {_en_count(lists, 'list')} by {name['en']}, a quota of"
            f" {_dec(allocation.quota)} votes ({formula['en']}). Each list first won a seat for"
            f" every full quota in its votes ({whole} in all); the {seats - whole} seats left"
            " went to the largest remainders, one each."
        ]
        arabic = [
            f"وُزِّع {_ar_count(seats, SEATS_AR)} على {_ar_count(lists, LISTS_AR, genitive=True)}"
            f" بطريقة {name['ar']}، والحصة {_dec(allocation.quota)} ({formula['ar']}). نالت كل"
            f" قائمة أولًا مقعدًا عن كل حصة كاملة في أصواتها ({whole} في المجموع)، ثم ذهبت"
            f" المقاعد الباقية ({seats - whole}) إلى أكبر البواقي، مقعدًا لكل قائمة."
        ]
    per_list = _explain_seats_per_list(allocation)
    english.append(per_list["en"])
    arabic.append(per_list["ar"])
    for decision in allocation.decisions:
        english.append(decision.text["en"])
        arabic.append(decision.text["ar"])
    cutoff = _explain_cutoff(allocation, margins)
    english.append(cutoff["en"])
    arabic.append(cutoff["ar"])
    return _text(" ".join(p for p in english if p), " ".join(p for p in arabic if p))


def _explain_cutoff(allocation: Allocation, margins: Mapping[str, Margin | None]) -> Text:
    last, runner_up, margin = allocation.last_winning, allocation.first_losing, allocation.margin
    english, arabic = [], []
    kind = _text("quotient", "ناتج قسمة")
    if isinstance(last, Remainder) or isinstance(runner_up, Remainder):
        kind = _text("remainder", "باقٍ")
    if last is not None:
        english.append(
            f"The last seat went to {last.list} with a {kind['en']} of {_dec(last.value)}"
            f" ({_row_formula(last)})."
        )
        arabic.append(
            f"ذهب المقعد الأخير إلى قائمة {last.list} ب{kind['ar']} قدره {_dec(last.value)}"
            f" ({_row_formula(last)})."
        )
    if runner_up is not None:
        english.append(
            f"The highest {kind['en']} left without a seat was {runner_up.list}'s"
            f" {_dec(runner_up.value)} ({_row_formula(runner_up)})."
        )
        arabic.append(
            f"وأعلى {kind['ar']} لم يفز بمقعد كان لقائمة {runner_up.list}، وقدره"
            f" {_dec(runner_up.value)} ({_row_formula(runner_up)})."
        )
    if margin is not None:
        english.append(_margin_en(margin, allocation.seats[margin.list]))
        arabic.append(_margin_ar(margin, allocation.seats[margin.list]))
        closest = min(
            (m for m in margins.values() if m is not None),
            key=lambda m: m.votes_needed,
        )
        if closest.votes_needed < margin.votes_needed:
            seats = allocation.seats[closest.list]
            english.append(
                f"Closest in votes was {closest.list}: {_num(closest.votes_needed)} more would"
                f" have won it {'one more seat' if seats else 'a seat'}."
            )
            arabic.append(
                f"وكانت قائمة {closest.list} الأقرب بعدد الأصوات: كان ينقصها"
                f" {_ar_count(closest.votes_needed, VOTES_AR)} لتفوز بمقعد"
                f"{' آخر' if seats else ''}."
            )
    return _text(" ".join(english), " ".join(arabic))


def _margin_en(margin: Margin, seats_held: int) -> str:
    seat = "one more seat" if seats_held else "a seat"
    taken = f", taking it from {margin.seat_from}" if margin.seat_from else ""
    votes = "vote" if margin.votes_needed == 1 else "votes"
    return f"{margin.list} needed {_num(margin.votes_needed)} more {votes} to win {seat}{taken}."


def _margin_ar(margin: Margin, seats_held: int) -> str:
    seat = "بمقعد آخر" if seats_held else "بمقعد"
    taken = f" على حساب {margin.seat_from}" if margin.seat_from else ""
    return (
        f"وكان ينقص قائمة {margin.list} {_ar_count(margin.votes_needed, VOTES_AR)} لتفوز"
        f" {seat}{taken}."
    )


# --- Iraqi rule sets ----------------------------------------------------------------------------


class WomenRule(StrEnum):
    NONE = "none"
    AFTER_THREE_MEN = "after-three-men"  # 2013-2018: a woman after every three winning men
    LIST_QUARTER_THEN_THIRD = "list-quarter-then-third"  # 2023-2025: list seats ÷ 4, then ÷ 3
    RESERVED_IN_DISTRICT = "reserved-in-district"  # 2021: the district's highest-voted woman


class CommunityVote(StrEnum):
    PER_CONSTITUENCY = "per-constituency"  # each community seat is its own district
    NATIONAL = "national"  # one nationwide vote for all of a community's seats


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned set of rules: the method, the women's quota and community seats."""

    code: str
    title: Text
    method: Method
    first_divisor: Fraction = Fraction(1)
    women: WomenRule = WomenRule.NONE
    christian_seats: CommunityVote = CommunityVote.PER_CONSTITUENCY
    sources: tuple[str, ...] = ()

    @property
    def divisors(self) -> DivisorSequence | None:
        if self.method in HIGHEST_AVERAGES:
            return divisors_for(self.method, self.first_divisor)
        return None


LAW_45_2013 = "Council of Representatives Elections Law No. 45 of 2013"
LAW_12_2018_AS_AMENDED = (
    "Law No. 12 of 2018 on the elections of the Council of Representatives and of governorate"
    " and district councils, as amended by the Third Amendment, Law No. 4 of 2023"
)

RULE_SETS: dict[str, RuleSet] = {
    rules.code: rules
    for rules in (
        RuleSet(
            "iq-2013p",
            _text("Iraq, provincial councils 2013", "العراق، مجالس المحافظات 2013"),
            Method.SAINTE_LAGUE,
            Fraction(1),
            WomenRule.AFTER_THREE_MEN,
            sources=("Provincial Councils Elections Law No. 36 of 2008, as amended for 2013",),
        ),
        RuleSet(
            "iq-2014",
            _text("Iraq, Council of Representatives 2014", "العراق، مجلس النواب 2014"),
            Method.SAINTE_LAGUE,
            Fraction(16, 10),
            WomenRule.AFTER_THREE_MEN,
            CommunityVote.NATIONAL,
            sources=(LAW_45_2013,),
        ),
        RuleSet(
            "iq-2018",
            _text("Iraq, Council of Representatives 2018", "العراق، مجلس النواب 2018"),
            Method.SAINTE_LAGUE,
            Fraction(17, 10),
            WomenRule.AFTER_THREE_MEN,
            sources=(
                f"{LAW_45_2013}, as amended in 2018",
                "IHEC Seat Distribution Regulation No. 12 of 2018",
            ),
        ),
        RuleSet(
            "iq-2021",
            _text("Iraq, Council of Representatives 2021", "العراق، مجلس النواب 2021"),
            Method.SNTV,
            Fraction(1),
            WomenRule.RESERVED_IN_DISTRICT,
            CommunityVote.NATIONAL,
            sources=("Council of Representatives Elections Law No. 9 of 2020",),
        ),
        RuleSet(
            "iq-2023p",
            _text("Iraq, provincial councils 2023", "العراق، مجالس المحافظات 2023"),
            Method.SAINTE_LAGUE,
            Fraction(17, 10),
            WomenRule.LIST_QUARTER_THEN_THIRD,
            sources=(LAW_12_2018_AS_AMENDED, "IHEC seat distribution regulation for 2023"),
        ),
        RuleSet(
            "iq-2025",
            _text("Iraq, Council of Representatives 2025", "العراق، مجلس النواب 2025"),
            Method.SAINTE_LAGUE,
            Fraction(17, 10),
            WomenRule.LIST_QUARTER_THEN_THIRD,
            sources=(LAW_12_2018_AS_AMENDED, "IHEC Seat Distribution Regulation No. 2 of 2025"),
        ),
    )
}

COMMUNITIES: dict[str, Text] = {
    "christian": _text("Christian", "المسيحي"),
    "yazidi": _text("Yazidi", "الإيزيدي"),
    "shabak": _text("Shabak", "الشبكي"),
    "sabean-mandaean": _text("Sabean-Mandaean", "الصابئي المندائي"),
    "feyli-kurd": _text("Feyli Kurd", "الكردي الفيلي"),
}

# The community seats of the Council of Representatives, 2018 to 2025, by governorate.
IRAQ_COMMUNITY_SEATS: dict[str, dict[str, int]] = {
    "Baghdad": {"christian": 1, "sabean-mandaean": 1},
    "Nineveh": {"christian": 1, "yazidi": 1, "shabak": 1},
    "Kirkuk": {"christian": 1},
    "Erbil": {"christian": 1},
    "Duhok": {"christian": 1},
    "Wasit": {"feyli-kurd": 1},
}


def rule_set(rules: RuleSet | str) -> RuleSet:
    """Return the rule set named ``rules`` (iq-2018, iq-2025, …)."""
    if isinstance(rules, RuleSet):
        return rules
    try:
        return RULE_SETS[rules]
    except KeyError:
        known = ", ".join(RULE_SETS)
        raise AllocationError(f"unknown rule set '{rules}' (known: {known})") from None


def _community_name(community: str) -> Text:
    return COMMUNITIES.get(community, _text(community, community))


# --- Seats per candidate ------------------------------------------------------------------------


class SeatBasis(StrEnum):
    VOTES = "votes"
    WOMEN_QUOTA = "women-quota"
    COMMUNITY_QUOTA = "community-quota"
    VACANCY = "vacancy"


@dataclass(frozen=True)
class Seat:
    """A winner, and what seated them."""

    candidate: str
    list: str
    votes: int
    woman: bool
    basis: SeatBasis
    community: str | None = None
    replaces: str | None = None

    def as_dict(self) -> dict:
        return {
            "candidate": self.candidate,
            "list": self.list,
            "votes": self.votes,
            "woman": self.woman,
            "basis": self.basis.value,
            "community": self.community,
            "replaces": self.replaces,
        }


@dataclass(frozen=True)
class WomenTally:
    """Women among the general seats (community seats do not count toward the quota)."""

    target: int
    elected: int
    on_own_votes: int
    by_quota: int

    @property
    def shortfall(self) -> int:
        return max(0, self.target - self.elected)

    def as_dict(self) -> dict:
        return {
            "target": self.target,
            "elected": self.elected,
            "on_own_votes": self.on_own_votes,
            "by_quota": self.by_quota,
            "shortfall": self.shortfall,
        }


@dataclass(frozen=True)
class ConstituencyResult:
    """Every seat of one constituency, candidate by candidate, with the rules that decided."""

    constituency: str
    rules: str
    lists: Allocation | None  # seats per list; None under the single non-transferable vote
    seats: tuple[Seat, ...]
    women: WomenTally
    margin: Margin | None
    decisions: tuple[Decision, ...]
    seed: int | None
    explanation: Text
    vacated: tuple[str, ...] = ()

    @property
    def seats_per_list(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for seat in self.seats:
            counts[seat.list] = counts.get(seat.list, 0) + 1
        return counts

    def as_dict(self) -> dict:
        return {
            "constituency": self.constituency,
            "rules": self.rules,
            "seats": self.seats_per_list,
            "winners": [seat.as_dict() for seat in self.seats],
            "lists": self.lists.as_dict() if self.lists else None,
            "women": self.women.as_dict(),
            "margin": self.margin.as_dict() if self.margin else None,
            "decisions": [d.as_dict() for d in self.decisions],
            "seed": self.seed,
            "explanation": self.explanation,
            "vacated": list(self.vacated),
        }


def _by_votes(candidates) -> list[CandidateVotes]:
    return sorted(candidates, key=lambda candidate: -candidate.votes)


def _top(candidates, places: int, choose: Chooser, where: Text) -> list[CandidateVotes]:
    """Return the ``places`` candidates with the most votes; a tie across the cutoff goes to lot."""
    ranked = _by_votes(candidates)
    if places <= 0:
        return []
    if places >= len(ranked) or ranked[places].votes != ranked[places - 1].votes:
        return ranked[:places]
    cutoff = ranked[places - 1].votes
    sure = [c for c in ranked if c.votes > cutoff]
    tied = [c for c in ranked if c.votes == cutoff]
    left = places - len(sure)
    names = [c.name for c in tied]
    what = _text(
        f"In {where['en']}, {_en_join(names)} had {_num(cutoff)} votes each, for"
        f" {_en_count(left, 'seat')}.",
        f"في {where['ar']} تساوت أصوات {_ar_join(names)} ({_num(cutoff)} لكلٍّ منهم) على"
        f" {_ar_count(left, SEATS_AR)}.",
    )
    chosen = choose(names, left, what)
    return sure + [next(c for c in tied if c.name == name) for name in chosen]


def _extreme(candidates, *, highest: bool, choose: Chooser, what: Text) -> CandidateVotes:
    """Return the candidate with the most votes (or, ``highest`` false, the one with the
    fewest, who loses out); a tie goes to lot, which always picks whom it favours."""
    votes = (max if highest else min)(c.votes for c in candidates)
    tied = [c for c in candidates if c.votes == votes]
    if len(tied) == 1:
        return tied[0]
    names = [c.name for c in tied]
    what = _text(
        f"{what['en']} {_en_join(names)} had {_num(votes)} votes each.",
        f"{what['ar']} وقد تساوت أصوات {_ar_join(names)} ({_num(votes)} لكلٍّ منهم).",
    )
    if highest:
        (name,) = choose(names, 1, what)
    else:
        kept = choose(names, len(names) - 1, what)
        (name,) = (n for n in names if n not in kept)
    return next(c for c in tied if c.name == name)


class _Seating:
    """Who holds the seats of each group (a list, or a whole 2021 district) as rules act."""

    def __init__(self, pools: Mapping[str, list[CandidateVotes]], labels, choose: Chooser):
        self.pools = {group: _by_votes(pool) for group, pool in pools.items()}
        self.labels: Mapping[str, Text] = labels
        self.seated: dict[str, list[CandidateVotes]] = {group: [] for group in pools}
        self.by_quota: set[str] = set()
        self.choose = choose
        self.decisions: list[Decision] = []

    def fill(self, group: str, places: int) -> None:
        self.seated[group] = _top(self.pools[group], places, self.choose, self.labels[group])

    def women(self, group: str | None = None) -> int:
        groups = [group] if group is not None else list(self.seated)
        return sum(c.woman for g in groups for c in self.seated[g])

    def unseated(self, group: str) -> list[CandidateVotes]:
        seated = {c.name for c in self.seated[group]}
        return [c for c in self.pools[group] if c.name not in seated]

    def can_substitute(self, group: str) -> bool:
        return any(not c.woman for c in self.seated[group]) and any(
            c.woman for c in self.unseated(group)
        )

    def substitute(self, group: str, rule: str) -> bool:
        """Seat the group's highest-voted woman not yet seated in place of its lowest-voted
        winning man; return False when the group has no such pair."""
        if not self.can_substitute(group):
            return False
        label = self.labels[group]
        man = _extreme(
            [c for c in self.seated[group] if not c.woman],
            highest=False,
            choose=self.choose,
            what=_text(
                f"In {label['en']}, one of the lowest-voted winning men gives way to a woman;"
                " the lot decides who keeps his seat.",
                f"في {label['ar']} يخلي أحد الرجال الفائزين الأقل أصواتًا مقعده لامرأة، وتحدد"
                " القرعة من يحتفظ بمقعده.",
            ),
        )
        woman = _extreme(
            [c for c in self.unseated(group) if c.woman],
            highest=True,
            choose=self.choose,
            what=_text(
                f"In {label['en']}, one of the highest-voted women not yet seated takes a seat.",
                f"في {label['ar']} تفوز بالمقعد إحدى المرشحات الأعلى أصواتًا ممن لم يفزن.",
            ),
        )
        self.seated[group] = _by_votes([c for c in self.seated[group] if c is not man] + [woman])
        self.by_quota.add(woman.name)
        self.decisions.append(
            Decision(
                kind="women-quota",
                rule=rule,
                text=_text(
                    f"In {label['en']}, {woman.name} ({_num(woman.votes)} votes) takes the seat"
                    f" of {man.name} ({_num(man.votes)}), the lowest-voted winning man"
                    f" ({RULE_NAMES[rule]['en']}).",
                    f"في {label['ar']} تحلّ {woman.name} ({_ar_count(woman.votes, VOTES_AR)}) محلّ"
                    f" {man.name} ({_num(man.votes)})، الرجل الفائز الأقل أصواتًا"
                    f" ({RULE_NAMES[rule]['ar']}).",
                ),
                details={"group": group, "seated": woman.name, "gives_way": man.name},
            )
        )
        return True

    def note(self, kind: str, rule: str, text: Text, **details) -> None:
        self.decisions.append(Decision(kind, rule, text, details))


def _women_after_three_men(seating: _Seating, group: str, places: int) -> None:
    """Seat the list's candidates by votes, except that after three men in a row the next
    seat goes to the highest-voted woman not yet seated (2013-2018)."""
    label = seating.labels[group]
    remaining = list(seating.pools[group])
    seated: list[CandidateVotes] = []
    men_in_a_row = 0
    forced: list[CandidateVotes] = []
    while len(seated) < places and remaining:
        women = [c for c in remaining if c.woman]
        if men_in_a_row == 3 and women:
            chosen = _extreme(
                women,
                highest=True,
                choose=seating.choose,
                what=_text(
                    f"In {label['en']}, seat {len(seated) + 1} goes to a woman.",
                    f"في {label['ar']} يذهب المقعد {len(seated) + 1} إلى امرأة.",
                ),
            )
            if any(c.votes > chosen.votes for c in remaining if not c.woman):
                forced.append(chosen)
        else:
            if men_in_a_row == 3:
                seating.note(
                    "women-quota",
                    "women/no-woman-left",
                    _text(
                        f"In {label['en']}, no woman candidate is left for seat"
                        f" {len(seated) + 1}: it goes to the next candidate by votes.",
                        f"في {label['ar']} لم تبقَ مرشحة للمقعد {len(seated) + 1}، فيذهب إلى"
                        " المرشح التالي بالأصوات.",
                    ),
                    group=group,
                )
            chosen = _extreme(
                remaining,
                highest=True,
                choose=seating.choose,
                what=_text(
                    f"In {label['en']}, seat {len(seated) + 1} goes to the next candidate.",
                    f"في {label['ar']} يذهب المقعد {len(seated) + 1} إلى المرشح التالي.",
                ),
            )
        remaining.remove(chosen)
        seated.append(chosen)
        men_in_a_row = 0 if chosen.woman else men_in_a_row + 1
    seating.seated[group] = seated
    if forced:
        seating.by_quota.update(c.name for c in forced)
        lowest = min(c.votes for c in forced)
        passed = _by_votes(c for c in remaining if not c.woman and c.votes > lowest)[: len(forced)]
        women_names = [f"{c.name} ({_num(c.votes)})" for c in forced]
        men_names = [f"{c.name} ({_num(c.votes)})" for c in passed]
        seating.note(
            "women-quota",
            "women/after-three-men",
            _text(
                f"In {label['en']}, a woman is seated after every three winning men:"
                f" {_en_join(women_names)} won ahead of {_en_join(men_names)}.",
                f"في {label['ar']} تُجلس امرأة بعد كل ثلاثة فائزين من الرجال، ففازت"
                f" {_ar_join(women_names)} متقدمةً على {_ar_join(men_names)}.",
            ),
            group=group,
            seated=[c.name for c in forced],
            passed_over=[c.name for c in passed],
        )


def _women_quarter_then_third(
    seating: _Seating, seats: Mapping[str, int], list_votes: Mapping[str, int], target: int
) -> None:
    """Apply IHEC's 2023-2025 rule: ÷4 in every list; if the governorate is still short, ÷3,
    lists taken by total votes; if still short, one more seat per list in turn, by total votes
    (documented practice), until the governorate's quota is met."""
    if seating.women() >= target:
        return
    lists = sorted(seats, key=lambda name: -list_votes[name])
    for name in lists:
        while seating.women(name) < seats[name] // 4:
            if not seating.substitute(name, "women/list-quarter"):
                _no_woman_left(seating, name)
                break

    def third_deficit(name: str, _round: int) -> int:
        if not seating.can_substitute(name):
            return 0
        return max(0, seats[name] // 3 - seating.women(name))

    _complete(seating, lists, list_votes, target, [("women/list-third", third_deficit)])
    _complete_by_list_votes(seating, seats, list_votes, target)


def _complete_by_list_votes(seating, seats, list_votes, target) -> None:
    """While the governorate is short, each list in turn gives one more seat to a woman,
    by total list votes; the published rules leave this open (documented practice)."""
    lists = sorted(seats, key=lambda name: -list_votes[name])
    rounds = [
        ("women/list-votes-order", lambda name, round_: int(_one_more(seating, name, round_)))
    ] * max(seats.values(), default=0)
    _complete(seating, lists, list_votes, target, rounds)


def _complete(seating, lists, list_votes, target, steps) -> None:
    for round_, (rule, demand) in enumerate(steps, start=1):
        if seating.women() >= target:
            return
        wanted = {name: demand(name, round_) for name in lists}
        ordered = _order_by_votes(seating, lists, list_votes, wanted, target - seating.women())
        for position, name in enumerate(ordered):
            for _ in range(wanted[name]):
                if seating.women() >= target or not seating.substitute(name, rule):
                    break
            if seating.women() >= target:
                _note_lists_spared(seating, name, ordered[position + 1 :], target)
                return


def _one_more(seating: _Seating, name: str, round_: int) -> bool:
    return seating.women(name) < round_ and seating.can_substitute(name)


def _note_lists_spared(seating: _Seating, last: str, spared: list[str], target: int) -> None:
    """Record that list votes decided which list gave the last quota seat."""
    if not spared:
        return
    rule = RULES["women/list-votes-order"]
    seating.note(
        "women-quota",
        "women/list-votes-order",
        _text(
            f"The governorate's women's seats ({target}) were complete with {last};"
            f" {_en_join(spared)} (fewer votes) kept their winning men: {rule['en']}",
            f"اكتملت مقاعد النساء في المحافظة ({target}) عند قائمة {last}، فاحتفظت"
            f" {_ar_join(spared)} (الأقل أصواتًا) برجالها الفائزين: {rule['ar']}",
        ),
        complete_with=last,
        spared=spared,
    )


def _order_by_votes(seating, lists, list_votes, wanted, needed) -> list[str]:
    """Return the lists that could give quota seats, by total votes; lists with equal votes
    are ordered by lot when the seats still needed are fewer than they could give."""
    ordered: list[str] = []
    position = 0
    while position < len(lists):
        votes = list_votes[lists[position]]
        group = [name for name in lists[position:] if list_votes[name] == votes]
        position += len(group)
        eligible = [name for name in group if wanted[name]]
        if len(eligible) > 1 and 0 < needed < sum(wanted[name] for name in eligible):
            what = _text(
                f"{_en_join(eligible)} have equal votes ({_num(votes)}) and compete to give the"
                " last women's quota seats.",
                f"تساوت أصوات {_ar_join(eligible)} ({_num(votes)}) في منح آخر مقاعد كوتا النساء.",
            )
            eligible = seating.choose(eligible, len(eligible), what)
        needed -= sum(wanted[name] for name in eligible)
        ordered += eligible
    return ordered


def _no_woman_left(seating: _Seating, group: str) -> None:
    label = seating.labels[group]
    seating.note(
        "women-quota",
        "women/no-woman-left",
        _text(
            f"In {label['en']}, no woman candidate is left to take a quota seat.",
            f"في {label['ar']} لم تبقَ مرشحة تأخذ مقعد الكوتا.",
        ),
        group=group,
    )


def _women_in_district(seating: _Seating, group: str, target: int) -> None:
    while seating.women(group) < target:
        if not seating.substitute(group, "women/district-reserved"):
            _no_woman_left(seating, group)
            return


def _women_target(constituency: Constituency, rules: RuleSet) -> int:
    if constituency.women_seats is not None:
        return constituency.women_seats
    if rules.women is WomenRule.NONE:
        return 0
    if rules.women is WomenRule.RESERVED_IN_DISTRICT:
        return 1
    return math.ceil(constituency.seats / 4)  # the Constitution: "no less than one quarter"


def _check_constituency(constituency: Constituency, rules: RuleSet) -> None:
    where = f"constituency '{constituency.name}'"
    _check_count(constituency.seats, f"the seats of {where}", minimum=1)
    by_list = rules.method is not Method.SNTV
    if by_list:
        _check_lists(constituency.lists, constituency.seats)
    lists = {_key(entry.name): entry for entry in constituency.lists}
    communities = {_key(c): count for c, count in constituency.community_seats.items()}
    for community, count in constituency.community_seats.items():
        _check_count(count, f"the {community} seats of {where}", minimum=1)
    seen: dict[str, CandidateVotes] = {}
    list_totals: dict[str, int] = {}
    for candidate in constituency.candidates:
        line = candidate.line
        if not candidate.name or not candidate.name.strip():
            raise AllocationError("the candidate name is empty", line=line)
        _check_count(candidate.votes, f"the votes of '{candidate.name}'", line=line)
        earlier = seen.setdefault(_key(candidate.name), candidate)
        if earlier is not candidate:
            also = f" (first on line {earlier.line})" if earlier.line is not None else ""
            raise AllocationError(
                f"candidate '{candidate.name}' appears twice in {where}{also}", line=line
            )
        if candidate.community is not None:
            if _key(candidate.community) not in communities:
                raise AllocationError(
                    f"unknown quota community '{candidate.community}' in {where}", line=line
                )
        elif by_list:
            if _key(candidate.list) not in lists:
                raise AllocationError(f"unknown list '{candidate.list}' in {where}", line=line)
            key = _key(candidate.list)
            list_totals[key] = list_totals.get(key, 0) + candidate.votes
    for key, total in list_totals.items():
        entry = lists[key]
        if total > entry.votes:
            raise AllocationError(
                f"the candidates of '{entry.name}' have {_num(total)} votes, more than the"
                f" list's {_num(entry.votes)}",
                line=entry.line,
            )
    general = [c for c in constituency.candidates if c.community is None]
    if len(general) < constituency.seats:
        raise AllocationError(
            f"more seats ({constituency.seats}) than candidates ({len(general)}) in {where}"
        )
    for community, count in communities.items():
        running = [
            c for c in constituency.candidates if c.community and _key(c.community) == community
        ]
        if not running:
            raise AllocationError(f"quota community '{community}' has no candidate in {where}")
        if len(running) < count:
            raise AllocationError(
                f"more {community} seats ({count}) than candidates ({len(running)}) in {where}"
            )
    target = _women_target(constituency, rules)
    _check_count(target, f"the women's seats of {where}")
    if target > constituency.seats:
        raise AllocationError(f"more women's seats ({target}) than seats in {where}")


def allocate_constituency(
    constituency: Constituency, rules: RuleSet | str = "iq-2025", *, lot: Lot | None = None
) -> ConstituencyResult:
    """Allocate every seat of one constituency under ``rules``: the general seats to lists
    and, inside each list, to candidates by personal votes (open lists); the women's quota;
    the community seats. Ties are settled by ``lot``."""
    rules = rule_set(rules)
    _check_constituency(constituency, rules)
    known = {_key(e.name) for e in constituency.lists}
    known |= {_key(c.name) for c in constituency.candidates}
    lots = _Lots(lot, known)
    seating, list_allocation = _seat_general(constituency, rules, lots.choose, lots)
    target = _women_target(constituency, rules)
    _apply_women_rule(seating, constituency, rules, list_allocation, target)
    community = _seat_communities(constituency, lots.choose)
    seats = [
        Seat(
            c.name,
            c.list,
            c.votes,
            c.woman,
            SeatBasis.WOMEN_QUOTA if c.name in seating.by_quota else SeatBasis.VOTES,
        )
        for group in seating.seated
        for c in seating.seated[group]
    ] + community
    if list_allocation is not None:
        margin = list_allocation.margin
    else:
        margin = _district_margin(constituency, rules, seating)
    result = ConstituencyResult(
        constituency=constituency.name,
        rules=rules.code,
        lists=list_allocation,
        seats=tuple(seats),
        women=_tally(seats, seating.by_quota, target),
        margin=margin,
        decisions=(*lots.decisions, *seating.decisions),
        seed=lots.seed_used,
        explanation=_text("", ""),
    )
    return replace(result, explanation=_explain_constituency(result, rules))


def _seat_general(constituency: Constituency, rules: RuleSet, choose: Chooser, lots: _Lots):
    general = [c for c in constituency.candidates if c.community is None]
    if rules.method is Method.SNTV:
        label = _text(f"district {constituency.name}", f"الدائرة {constituency.name}")
        seating = _Seating({constituency.name: general}, {constituency.name: label}, choose)
        counts = {constituency.name: constituency.seats}
        list_allocation = None
    else:
        by_list: dict[str, list[CandidateVotes]] = {}
        for c in general:  # grouped once: a governorate has thousands of candidates
            by_list.setdefault(_key(c.list), []).append(c)
        pools = {entry.name: by_list.get(_key(entry.name), []) for entry in constituency.lists}
        entries = [replace(e, candidates=len(pools[e.name])) for e in constituency.lists]
        list_allocation = _allocate_lists(
            entries, constituency.seats, rules.method, rules.first_divisor, lots
        )
        labels = {name: _text(f"list {name}", f"قائمة {name}") for name in pools}
        seating = _Seating(pools, labels, choose)
        counts = list_allocation.seats
    for group, places in counts.items():
        if rules.women is WomenRule.AFTER_THREE_MEN:
            _women_after_three_men(seating, group, places)
        else:
            seating.fill(group, places)
    return seating, list_allocation


def _apply_women_rule(seating, constituency, rules, list_allocation, target) -> None:
    if rules.women is WomenRule.LIST_QUARTER_THEN_THIRD:
        assert list_allocation is not None
        _women_quarter_then_third(seating, list_allocation.seats, list_allocation.votes, target)
    elif rules.women is WomenRule.AFTER_THREE_MEN and list_allocation is not None:
        # Lists with fewer than four seats owe no woman under this rule; the governorate's
        # quota is then completed as in 2023-2025 (see docs: an assumption for 2014-2018).
        _complete_by_list_votes(seating, list_allocation.seats, list_allocation.votes, target)
    elif rules.women is WomenRule.RESERVED_IN_DISTRICT:
        _women_in_district(seating, constituency.name, target)
    if rules.women is not WomenRule.NONE and seating.women() < target:
        seating.note(
            "women-quota",
            "women/shortfall",
            _text(
                f"Women won {seating.women()} of the {target} seats of the quota:"
                f" {target - seating.women()} short ({RULES['women/shortfall']['en']})",
                f"نالت النساء {seating.women()} من مقاعد الكوتا البالغة {target}، بنقص"
                f" {target - seating.women()} ({RULES['women/shortfall']['ar']})",
            ),
            target=target,
            elected=seating.women(),
        )


def _seat_communities(constituency: Constituency, choose: Chooser) -> list[Seat]:
    seats = []
    for community, count in constituency.community_seats.items():
        running = [
            c
            for c in constituency.candidates
            if c.community is not None and _key(c.community) == _key(community)
        ]
        name = _community_name(community)
        where = _text(f"the {name['en']} seat", f"مقعد المكوّن {name['ar']}")
        for c in _top(running, count, choose, where):
            seats.append(
                Seat(c.name, c.list, c.votes, c.woman, SeatBasis.COMMUNITY_QUOTA, community)
            )
    return seats


def _tally(seats: Sequence[Seat], by_quota: set[str], target: int) -> WomenTally:
    general = [s for s in seats if s.basis is not SeatBasis.COMMUNITY_QUOTA]
    women = [s for s in general if s.woman]
    quota = sum(1 for s in women if s.candidate in by_quota)
    return WomenTally(target, len(women), len(women) - quota, quota)


def _district_margin(constituency, rules, seating: _Seating) -> Margin | None:
    """Return the votes the best loser of a 2021 district needed to be seated (ties against)."""
    group = constituency.name
    losers = seating.unseated(group)
    if not losers:
        return None
    runner_up = losers[0]
    won = {c.name: 0 for c in seating.pools[group]}
    for c in seating.seated[group]:
        won[c.name] = 1

    def seats_with(name: str, extra: int) -> dict[str, int]:
        bigger = tuple(
            replace(c, votes=c.votes + extra) if c.name == name else c
            for c in constituency.candidates
        )
        trial = replace(constituency, candidates=bigger, community_seats={})
        trial_seating, _ = _seat_general(trial, rules, _against(name), _Lots(None, set()))
        _apply_women_rule(trial_seating, trial, rules, None, _women_target(constituency, rules))
        seated = {c.name for c in trial_seating.seated[group]}
        return {c: int(c in seated) for c in won}

    return _search_margin(runner_up.name, won, seats_with)


# --- A community's seats in one nationwide vote -------------------------------------------------


def allocate_community_nationally(
    community: str,
    seats: int,
    candidates: Sequence[CandidateVotes],
    *,
    lists: Sequence[ListVotes] = (),
    rules: RuleSet | str = "iq-2014",
    lot: Lot | None = None,
) -> ConstituencyResult:
    """Allocate a community's seats in one nationwide vote: among the community's lists by the
    rule set's method, then inside each list by personal votes (2014 Christian seats), or to
    the candidates with the most votes under the single non-transferable vote (2021)."""
    if not candidates:
        raise AllocationError(f"quota community '{community}' has no candidate")
    rules = replace(rule_set(rules), women=WomenRule.NONE)  # community seats have no quota
    name = _community_name(community)
    as_list_vote = rules.method is not Method.SNTV
    national = Constituency(
        name=f"{name['en']} (national)",
        seats=seats,
        lists=tuple(lists) if as_list_vote else (),
        candidates=tuple(replace(c, community=None) for c in candidates),
        women_seats=0,
    )
    result = allocate_constituency(national, rules, lot=lot)
    seats_out = tuple(
        replace(seat, basis=SeatBasis.COMMUNITY_QUOTA, community=community) for seat in result.seats
    )
    return replace(result, seats=seats_out, women=WomenTally(0, 0, 0, 0))


# --- Vacancies ----------------------------------------------------------------------------------


def fill_vacancy(
    result: ConstituencyResult,
    constituency: Constituency,
    vacated: str,
    *,
    lot: Lot | None = None,
) -> ConstituencyResult:
    """Return ``result`` with the seat of ``vacated`` filled as the rules say: the next
    candidate of the same list by votes (a woman for a woman); for a list with no one left,
    the list with the most votes that holds no seat; for a community seat, the community's
    next candidate; under the single non-transferable vote, the district's next candidate."""
    rules = rule_set(result.rules)
    seat = next((s for s in result.seats if _key(s.candidate) == _key(vacated)), None)
    if seat is None:
        raise AllocationError(f"'{vacated}' holds no seat in {result.constituency}")
    known = {_key(c.name) for c in constituency.candidates}
    known |= {_key(e.name) for e in constituency.lists}
    lots = _Lots(lot, known)
    out = {_key(s.candidate) for s in result.seats} | {_key(n) for n in result.vacated}
    free = [c for c in constituency.candidates if _key(c.name) not in out]
    successor, rule = _successor(seat, free, result, constituency, rules, lots.choose)
    new_seat = Seat(
        successor.name,
        successor.list,
        successor.votes,
        successor.woman,
        SeatBasis.VACANCY,
        seat.community,
        replaces=seat.candidate,
    )
    decision = Decision(
        kind="vacancy",
        rule=rule,
        text=_text(
            f"{seat.candidate}'s seat fell vacant and goes to {successor.name}"
            f" ({successor.list}, {_num(successor.votes)} votes): {RULES[rule]['en']}",
            f"شغر مقعد {seat.candidate} فذهب إلى {successor.name} ({successor.list}،"
            f" {_ar_count(successor.votes, VOTES_AR)}): {RULES[rule]['ar']}",
        ),
        details={"vacated": seat.candidate, "successor": successor.name},
    )
    seats = tuple(new_seat if s is seat else s for s in result.seats)
    decisions = (*result.decisions, *lots.decisions, decision)
    explanation = _text(
        f"{result.explanation['en']} {decision.text['en']}",
        f"{result.explanation['ar']} {decision.text['ar']}",
    )
    return replace(
        result,
        seats=seats,
        decisions=decisions,
        vacated=(*result.vacated, seat.candidate),
        seed=lots.seed_used if lots.seed_used is not None else result.seed,
        explanation=explanation,
    )


def _successor(
    seat: Seat, free, result: ConstituencyResult, constituency, rules, choose: Chooser
) -> tuple[CandidateVotes, str]:
    """Return who fills ``seat`` and the rule that says so."""
    general = [c for c in free if c.community is None]
    if seat.community is not None:
        pool = [c for c in free if c.community and _key(c.community) == _key(seat.community)]
        if not pool:
            raise AllocationError(
                f"no {seat.community} candidate is left to fill the seat of {seat.candidate}"
            )
        return _next_in(pool, seat, choose), "vacancy/community"
    if rules.method is Method.SNTV:
        women = [c for c in general if c.woman]
        return _next_in(women if seat.woman and women else general, seat, choose), (
            "vacancy/district"
        )
    same_list = [c for c in general if _key(c.list) == _key(seat.list)]
    holding = {_key(name) for name in result.seats_per_list}
    seatless = [e for e in constituency.lists if _key(e.name) not in holding]

    def on_seatless_list(women_only: bool) -> list[CandidateVotes]:
        """Return the candidates of the seatless list with the most votes that has any."""
        pools = {}
        for entry in seatless:
            pool = [c for c in general if _key(c.list) == _key(entry.name)]
            pool = [c for c in pool if c.woman] if women_only else pool
            if pool:
                pools[entry.name] = pool
        if not pools:
            return []
        votes = {e.name: e.votes for e in seatless}
        best = max(votes[name] for name in pools)
        tied = [name for name in pools if votes[name] == best]
        if len(tied) > 1:
            what = _text(
                f"The seat of {seat.candidate} goes to a list that won no seat;"
                f" {_en_join(tied)} have equal votes ({_num(best)}).",
                f"يذهب مقعد {seat.candidate} إلى قائمة لم تفز بمقعد، وقد تساوت أصوات"
                f" {_ar_join(tied)} ({_num(best)}).",
            )
            tied = choose(tied, 1, what)
        return pools[tied[0]]

    # A woman's seat stays with a woman, from her list or else from a seatless list.
    choices = [
        (seat.woman, [c for c in same_list if c.woman], "vacancy/same-list-woman"),
        (seat.woman, on_seatless_list(True), "vacancy/seatless-list-woman"),
        (True, same_list, "vacancy/same-list"),
        (True, on_seatless_list(False), "vacancy/seatless-list"),
    ]
    for applies, pool, rule in choices:
        if applies and pool:
            return _next_in(pool, seat, choose), rule
    raise AllocationError(f"no candidate is left to fill the seat of {seat.candidate}")


def _next_in(pool, seat: Seat, choose: Chooser) -> CandidateVotes:
    if not pool:
        raise AllocationError(f"no candidate is left to fill the seat of {seat.candidate}")
    return _extreme(
        pool,
        highest=True,
        choose=choose,
        what=_text(
            f"The seat of {seat.candidate} goes to the next candidate by votes.",
            f"يذهب مقعد {seat.candidate} إلى المرشح التالي بالأصوات.",
        ),
    )


# --- Explanations of whole constituencies -------------------------------------------------------


def _explain_constituency(result: ConstituencyResult, rules: RuleSet) -> Text:
    english = [f"{result.constituency} ({rules.title['en']}):"]
    arabic = [f"{result.constituency} ({rules.title['ar']}):"]
    general = [s for s in result.seats if s.basis is not SeatBasis.COMMUNITY_QUOTA]
    if result.lists is not None:
        english.append(result.lists.explanation["en"])
        arabic.append(result.lists.explanation["ar"])
        english.append("Inside each list, seats went to its candidates in order of personal votes.")
        arabic.append("وداخل كل قائمة ذهبت المقاعد إلى مرشحيها بترتيب أصواتهم الشخصية.")
        shown = {id(d) for d in result.lists.decisions}
    else:
        english.append(
            f"The {_en_count(len(general), 'general seat')} went to the candidates with the most"
            " personal votes (single non-transferable vote)."
        )
        arabic.append(
            f"ذهبت المقاعد العامة ({len(general)}) إلى المرشحين الأعلى أصواتًا (الصوت الواحد غير"
            " المتحوّل)."
        )
        if result.margin is not None:
            english.append(
                f"The best loser, {result.margin.list}, needed {_num(result.margin.votes_needed)}"
                " more votes to win a seat."
            )
            arabic.append(
                f"وكان ينقص أعلى الخاسرين أصواتًا، {result.margin.list}،"
                f" {_ar_count(result.margin.votes_needed, VOTES_AR)} ليفوز بمقعد."
            )
        shown = set()
    women = result.women
    if women.target:
        english.append(
            f"Women's quota: {women.target} of the general seats;"
            f" {women.elected} {'woman' if women.elected == 1 else 'women'} won"
            f" ({women.on_own_votes} on their own votes, {women.by_quota} through the quota)."
        )
        if women.elected:
            arabic.append(
                f"كوتا النساء: {women.target} من المقاعد العامة، وقد فازت بالمقاعد العامة"
                f" {_ar_count(women.elected, WOMEN_AR)}: {women.on_own_votes} بأصواتهن"
                f" و{women.by_quota} عبر الكوتا."
            )
        else:
            arabic.append(
                f"كوتا النساء: {women.target} من المقاعد العامة، ولم تفز أي امرأة بمقعد عام."
            )
    for decision in result.decisions:
        if id(decision) in shown:
            continue
        english.append(decision.text["en"])
        arabic.append(decision.text["ar"])
    for seat in result.seats:
        if seat.basis is SeatBasis.COMMUNITY_QUOTA and seat.community:
            name = _community_name(seat.community)
            english.append(
                f"The {name['en']} seat went to {seat.candidate} ({seat.list},"
                f" {_num(seat.votes)} votes), the community's candidate with the most votes."
            )
            arabic.append(
                f"وذهب مقعد المكوّن {name['ar']} إلى {seat.candidate} ({seat.list}،"
                f" {_ar_count(seat.votes, VOTES_AR)})، مرشح المكوّن الأعلى أصواتًا."
            )
    return _text(" ".join(english), " ".join(arabic))
