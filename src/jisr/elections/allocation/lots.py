"""Ties settled by the organizer's recorded lot, or by a seeded draw anyone can repeat."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable

from .figures import (
    AllocationError,
    Text,
    _ar_join,
    _en_join,
    _key,
    _text,
)
from .records import (
    Decision,
    Lot,
)

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
