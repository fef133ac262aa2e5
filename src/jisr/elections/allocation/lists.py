"""Seats per list: checking the votes, highest averages and largest remainders, margins."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from .figures import (
    SEATS_AR,
    AllocationError,
    _ar_count,
    _ar_join,
    _dec,
    _en_count,
    _en_join,
    _key,
    _text,
)
from .lots import (
    Chooser,
    _Lots,
)
from .methods import (
    HIGHEST_AVERAGES,
    DivisorSequence,
    Method,
    divisors_for,
)
from .records import (
    Allocation,
    Decision,
    ListVotes,
    Lot,
    Margin,
    Quotient,
    Remainder,
)

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
        room = sum(entry.candidates or 0 for entry in entries if entry.votes > 0)
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
    divisors: DivisorSequence | None
    table: tuple[Quotient | Remainder, ...]
    last: Quotient | Remainder | None
    first_losing: Quotient | Remainder | None
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
    from .list_texts import _explain_lists  # the explanations read this module's results

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
