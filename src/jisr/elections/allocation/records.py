"""What an allocation reads and what it returns: votes, lots, decisions, quotients, margins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .figures import (
    Text,
    _text,
    exact_text,
)
from .methods import (
    DivisorSequence,
    Method,
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

    @property
    def quotient_rows(self) -> list[Quotient]:
        """The quotients of a highest-averages method (none for largest remainders)."""
        return [q for q in self.quotients if isinstance(q, Quotient)]

    @property
    def remainder_rows(self) -> list[Remainder]:
        """The rows of a largest-remainder method (none for highest averages)."""
        return [r for r in self.quotients if isinstance(r, Remainder)]

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
