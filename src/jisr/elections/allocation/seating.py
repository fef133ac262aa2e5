"""Seats per candidate in one constituency: open lists, the women's quota, communities."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .figures import (
    SEATS_AR,
    VOTES_AR,
    AllocationError,
    Text,
    _ar_count,
    _ar_join,
    _en_count,
    _en_join,
    _key,
    _num,
    _text,
)
from .lists import (
    _allocate_lists,
    _check_count,
    _check_lists,
    _search_margin,
)
from .lots import (
    Chooser,
    _against,
    _Lots,
)
from .methods import (
    Method,
)
from .records import (
    RULE_NAMES,
    RULES,
    Allocation,
    CandidateVotes,
    Constituency,
    Decision,
    Lot,
    Margin,
)
from .rules import (
    RuleSet,
    WomenRule,
    _community_name,
    rule_set,
)

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
    from .texts import _explain_constituency  # the explanations read this module's results

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
