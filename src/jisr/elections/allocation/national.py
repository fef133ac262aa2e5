"""A community's seats in one nationwide vote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .figures import (
    AllocationError,
)
from .methods import (
    Method,
)
from .records import (
    CandidateVotes,
    Constituency,
    ListVotes,
    Lot,
)
from .rules import (
    RuleSet,
    WomenRule,
    _community_name,
    rule_set,
)
from .seating import (
    ConstituencyResult,
    SeatBasis,
    WomenTally,
    allocate_constituency,
)

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
