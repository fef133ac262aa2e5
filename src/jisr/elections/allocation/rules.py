"""Iraq's rule sets: women's seats, communities' seats, the methods of each law."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .figures import (
    AllocationError,
    Text,
    _text,
)
from .methods import (
    HIGHEST_AVERAGES,
    DivisorSequence,
    Method,
    divisors_for,
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
