"""One national election, fictional: the 18 governorates with the 320 general and 9 quota
seats of the 2018–2025 law, the parliament's alliances and parties as lists with new lists
beside them, candidates (some of them sitting members, linked to their person), and votes
counted at polling stations.

It goes through the site's own path: the roster by the elections services, the results by
the polling-station importer reading a generated station file (``jisr import
election-stations``), the seats by the allocation engine under ``iq-2025``, then the
"official" seats entered equal to the computed ones. The result is left uncertified.
"""

import os
import tempfile
from collections import Counter, defaultdict

from jisr.elections import services
from jisr.elections.importers import election_import
from jisr.elections.models import Candidate, Election, ElectoralList, ListParty, PollingStation
from jisr.parliament.models import Area, Organization, Person

from .names import (
    ALLIANCES,
    COMMUNITY_LISTS,
    ELECTION_DAY,
    GOVERNORATES,
    NEW_LISTS,
    PARTIES,
    person_name,
)
from .plan import SEED, Context

ACTOR = "system:scale-data"
RULE_SET = "iq-2025"
NAME = "انتخابات مجلس النواب 2025 (خيالية)"
NAME_EN = "Council of Representatives election 2025 (fictional)"
GENERAL_SEATS = sum(general for _ar, _en, general, _quota in GOVERNORATES)
STANDING_AGAIN = 0.4  # sitting members who stand again


def candidate_counts(n: dict[str, int]) -> list[int]:
    """General candidates per governorate: a share of the total, at least twice the seats."""
    return [
        max(round(n["candidates"] * general / GENERAL_SEATS), 2 * general)
        for _ar, _en, general, _quota in GOVERNORATES
    ]


def station_counts(n: dict[str, int]) -> list[int]:
    seats = [general + sum(quota.values()) for _ar, _en, general, quota in GOVERNORATES]
    return [max(round(n["stations"] * k / sum(seats)), 1) for k in seats]


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("elections")
    election = services.election_create.within(
        actor=ACTOR,
        name=NAME,
        name_en=NAME_EN,
        date=ELECTION_DAY,
        kind=Election.Kind.PARLIAMENTARY,
        rule_set=RULE_SET,
        is_fictional=True,
        source_url="https://elections.example.org/2025/results",
    )
    areas = Area.objects.in_bulk(ctx.area_ids)
    services.constituencies_save.within(
        actor=ACTOR,
        election=election,
        rows=[
            services.ConstituencyInput(
                name=ar,
                name_en=en,
                code=f"scale-{g + 1:02d}",
                seats=general,
                quota_seats=dict(quota),
                area=areas[ctx.area_ids[g]],
            )
            for g, (ar, en, general, quota) in enumerate(GOVERNORATES)
        ],
    )
    constituencies = list(election.constituencies.order_by("code"))
    lists, entries, incumbents = _roster(ctx, rng, constituencies)
    services.roster_save.within(actor=ACTOR, election=election, entries=entries)
    _link(ctx, election, incumbents)

    path = _station_file(ctx, rng, election, constituencies, lists)
    try:
        with open(path, "rb") as stream:
            summary = election_import(
                "stations", stream, election=election, actor=ACTOR, size=os.path.getsize(path)
            )
    finally:
        os.unlink(path)
    run = services.allocation_run.within(actor=ACTOR, election=election, seed=SEED)
    for constituency in constituencies:
        seats = Counter(
            run.seats.filter(constituency=constituency).values_list("electoral_list_id", flat=True)
        )
        services.official_seats_set.within(
            actor=ACTOR, constituency=constituency, seats=dict(seats)
        )
    return {
        "constituencies": len(constituencies),
        "lists": ElectoralList.objects.filter(election=election).count(),
        "candidates": Candidate.objects.filter(election=election).count(),
        "polling stations": PollingStation.objects.filter(election=election).count(),
        "station file rows": summary.rows,
        "seats allocated": run.seats.count(),
    }


def _roster(ctx: Context, rng, constituencies):
    """The lists standing in each governorate, and their candidates."""
    parties_in = defaultdict(list)
    for (ar, en), pk in zip(PARTIES, ctx.party_ids, strict=True):
        parent = ctx.party_parent[pk]
        if parent is not None:
            parties_in[parent].append((ar, en))
    # (number, name, English name, parties within, strength)
    lists = []
    for j, ((ar, en), pk) in enumerate(zip(ALLIANCES, ctx.alliance_ids, strict=True)):
        lists.append((101 + j, ar, en, parties_in[pk], 1 / (j + 1) ** 0.7))
    standalone = [
        (ar, en)
        for (ar, en), pk in zip(PARTIES, ctx.party_ids, strict=True)
        if ctx.party_parent[pk] is None
    ]
    for j, (ar, en) in enumerate(standalone):
        lists.append((106 + j, ar, en, [], 0.25 / (j + 1)))
    for j, (ar, en) in enumerate(NEW_LISTS):
        lists.append((110 + j, ar, en, [], 0.15 / (j + 1) ** 0.5))
    list_of_party = {}  # a sitting member's party → the list number they stand on
    for pk in ctx.party_ids:
        parent = ctx.party_parent[pk]
        name = next(ar for (ar, _en), p in zip(PARTIES, ctx.party_ids, strict=True) if p == pk)
        if parent is not None:
            list_of_party[pk] = 101 + ctx.alliance_ids.index(parent), name
        else:
            list_of_party[pk] = next(n for n, ar, _e, _p, _s in lists if ar == name), ""
    standing = defaultdict(list)  # (governorate, list number) → [(person id, party name)]
    for seat_person, seat_party, area in ctx.current_seats:
        if rng.random() < STANDING_AGAIN:
            number, party_name = list_of_party[seat_party]
            standing[(area, number)].append((seat_person, party_name))
    people = Person.objects.in_bulk([p for group in standing.values() for p, _n in group])

    entries, incumbents = [], {}
    budget = candidate_counts(ctx.n)
    used: set[str] = set()
    for g, constituency in enumerate(constituencies):
        general = GOVERNORATES[g][2]
        running = [item for item in lists if item[0] < 110 or rng.random() < 0.5]
        shares = _fill([item[4] for item in running], budget[g], 2 * general)
        for (number, list_name, list_en, parties, _strength), count in zip(
            running, shares, strict=True
        ):
            sitting = standing.get((g, number), [])
            count = max(count, len(sitting))
            for position in range(1, count + 1):
                party = parties[position % len(parties)] if parties else ("", "")
                if position <= len(sitting):
                    person = people[sitting[position - 1][0]]
                    name, latin, woman = person.name, person.name_latin, person.gender == "female"
                    if sitting[position - 1][1]:
                        party = next(p for p in parties if p[0] == sitting[position - 1][1])
                    incumbents[(constituency.pk, number, position)] = person.pk
                else:
                    woman = position % 3 == 2
                    while True:
                        name, latin = person_name(rng, woman)
                        if name not in used:
                            used.add(name)
                            break
                entries.append(
                    services.CandidateInput(
                        constituency=constituency,
                        list_name=list_name,
                        number=position,
                        name=name,
                        name_latin=latin,
                        gender="female" if woman else "male",
                        party_name=party[0],
                        party_name_en=party[1],
                        list_number=number,
                        list_name_en=list_en,
                    )
                )
        for community, seats in constituency.quota_seats.items():
            list_name, list_en = COMMUNITY_LISTS[community]
            number = 201 + sorted(COMMUNITY_LISTS).index(community)
            for position in range(1, 3 * seats + 1):
                woman = position % 3 == 2
                name, latin = person_name(rng, woman)
                entries.append(
                    services.CandidateInput(
                        constituency=constituency,
                        list_name=list_name,
                        number=position,
                        name=name,
                        name_latin=latin,
                        gender="female" if woman else "male",
                        community=community,
                        list_number=number,
                        list_name_en=list_en,
                    )
                )
    return lists, entries, incumbents


def _fill(weights: list[float], total: int, cap: int) -> list[int]:
    """Candidates per list: in proportion to the lists' strength, at least one, at most
    ``cap`` (the law allows twice the seats), what a full list cannot take going to the
    others."""
    counts = [0] * len(weights)
    open_ = set(range(len(weights)))
    left = min(total, cap * len(weights))
    while left > 0 and open_:
        norm = sum(weights[i] for i in open_)
        given = 0
        for i in sorted(open_):
            n = min(cap - counts[i], max(1, int(left * weights[i] / norm)))
            counts[i] += n
            given += n
            if counts[i] >= cap:
                open_.discard(i)
            if given >= left:
                break
        left -= given
    return [max(1, n) for n in counts]


def _link(ctx: Context, election: Election, incumbents: dict) -> None:
    """Link the lists and their parties to the parliament's organizations, and sitting
    members' candidacies to their person."""
    organizations = {
        o.name_key: o for o in Organization.objects.filter(pk__in=ctx.alliance_ids + ctx.party_ids)
    }
    for item in ElectoralList.objects.filter(election=election):
        if item.name_key in organizations:
            item.organization = organizations[item.name_key]
            item.save(update_fields=["organization"])
    for party in ListParty.objects.filter(electoral_list__election=election):
        if party.name_key in organizations:
            party.organization = organizations[party.name_key]
            party.save(update_fields=["organization"])
    linked = []
    for candidate in Candidate.objects.filter(election=election).select_related("electoral_list"):
        key = (candidate.constituency_id, candidate.electoral_list.number, candidate.number)
        if key in incumbents:
            candidate.person_id = incumbents[key]
            linked.append(candidate)
    Candidate.objects.bulk_update(linked, ["person"], batch_size=1_000)


def _station_file(ctx: Context, rng, election: Election, constituencies, lists) -> str:
    """Write the station-level results file: per station, a row per candidate with votes,
    a row per list (its candidates' votes and the ballots for the list alone) and a total
    row. Return its path."""
    strength = {number: s for number, _n, _e, _p, s in lists}
    # constituency id → [(list number, [candidate number …])]
    running: defaultdict[int, list[tuple[int | None, list[int]]]] = defaultdict(list)
    by_list: defaultdict[tuple[int, int | None], list[tuple[int, str]]] = defaultdict(list)
    for constituency_id, list_number, candidate_number, community in (
        Candidate.objects.filter(election=election)
        .order_by("constituency_id", "electoral_list__number", "number")
        .values_list("constituency_id", "electoral_list__number", "number", "community")
    ):
        by_list[(constituency_id, list_number)].append((candidate_number, community))
    for (constituency_id, list_number), members in by_list.items():
        running[constituency_id].append((list_number, [number for number, _c in members]))
    handle, path = tempfile.mkstemp(prefix="jisr-scale-stations-", suffix=".csv")
    stations = station_counts(ctx.n)
    bar = ctx.progress.bar("polling stations", sum(stations))
    code = 0
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write("constituency,station,list,candidate,votes\n")
        for g, constituency in enumerate(constituencies):
            standing = running[constituency.pk]
            popularity = {
                number: [rng.paretovariate(1.3) for _ in candidates]
                for number, candidates in standing
            }
            cumulative: dict[int | None, list[float]] = {}
            for number, weights in popularity.items():
                acc, cum = 0.0, []
                for w in weights:
                    acc += w
                    cum.append(acc)
                cumulative[number] = cum
            share = {
                number: strength.get(number, 0.05) * rng.uniform(0.6, 1.4)
                for number, _c in standing
            }
            norm = sum(share.values())
            for _s in range(stations[g]):
                code += 1
                prefix = f"{constituency.code},{code:06d},"
                size = rng.randint(120, 650)
                lines, total = [], 0
                for number, candidates in standing:
                    expected = size * share[number] / norm
                    listed = int(expected * rng.uniform(0.5, 1.5))
                    if not listed:
                        continue
                    personal = int(listed * rng.uniform(0.75, 0.95))
                    picks = max(1, min(len(candidates), personal // 12))
                    votes: Counter[int] = Counter(
                        rng.choices(range(len(candidates)), cum_weights=cumulative[number], k=picks)
                    )
                    given, keys = 0, sorted(votes)
                    for i, k in enumerate(keys):
                        n = personal - given if i == len(keys) - 1 else personal * votes[k] // picks
                        if n > 0:
                            lines.append(f"{prefix}{number},{candidates[k]},{n}\n")
                            given += n
                    lines.append(f"{prefix}{number},,{listed}\n")
                    total += listed
                lines.append(f"{prefix},,{total}\n")
                out.write("".join(lines))
                bar.add()
    bar.close()
    return path
