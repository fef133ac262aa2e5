"""Filling a vacant seat by the law's order of succession."""

from __future__ import annotations

from dataclasses import replace

from .figures import (
    VOTES_AR,
    AllocationError,
    _ar_count,
    _ar_join,
    _en_join,
    _key,
    _num,
    _text,
)
from .lots import (
    Chooser,
    _Lots,
)
from .methods import (
    Method,
)
from .records import (
    RULES,
    CandidateVotes,
    Constituency,
    Decision,
    Lot,
)
from .rules import (
    rule_set,
)
from .seating import (
    ConstituencyResult,
    Seat,
    SeatBasis,
    _extreme,
)

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
