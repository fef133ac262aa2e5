"""Reads of the elections records, each with a fixed number of queries."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from . import naming
from .allocation import CandidateVotes, ListVotes
from .allocation import Constituency as EngineConstituency
from .models import (
    AllocationRun,
    Candidate,
    CandidateResult,
    Community,
    Constituency,
    ConstituencyAllocation,
    Election,
    ElectoralList,
    ListResult,
    OfficialSeats,
    PollingStation,
    Seat,
)

# --- What the engine is given -------------------------------------------------------------------


@dataclass
class AllocationInput:
    """One constituency's lists, candidates and results, named by tokens for the engine."""

    constituency: Constituency
    lists: list[ElectoralList] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    list_votes: dict[int, int] = field(default_factory=dict)  # list pk → votes, if entered
    candidate_votes: dict[int, int] = field(default_factory=dict)

    @property
    def token_of_list(self) -> dict[int, str]:
        return {item.pk: naming.list_token(item.pk) for item in self.lists}

    @property
    def token_of_candidate(self) -> dict[int, str]:
        return {item.pk: naming.candidate_token(item.pk) for item in self.candidates}

    @property
    def lists_by_token(self) -> dict[str, ElectoralList]:
        return {naming.list_token(item.pk): item for item in self.lists}

    @property
    def candidates_by_token(self) -> dict[str, Candidate]:
        return {naming.candidate_token(item.pk): item for item in self.candidates}

    def general_lists(self) -> list[ElectoralList]:
        """The lists with a candidate for the general seats (a list running only for a
        community seat takes no part in the general allocation)."""
        general = {c.electoral_list_id for c in self.candidates if not c.community}
        return [item for item in self.lists if item.pk in general]

    def votes_of_list(self, item: ElectoralList) -> int:
        """The list's entered votes, else the sum of its candidates' general votes."""
        if item.pk in self.list_votes:
            return self.list_votes[item.pk]
        return sum(
            self.candidate_votes.get(c.pk, 0)
            for c in self.candidates
            if c.electoral_list_id == item.pk and not c.community
        )

    def missing_results(self) -> str:
        if not self.candidate_votes:
            if self.list_votes:
                return _(
                    "%(name)s has list votes but no candidate votes: import the candidates' "
                    "votes too (seats inside a list go by them)."
                ) % {"name": self.constituency.name}
            return _("%(name)s has no results yet.") % {"name": self.constituency.name}
        return ""

    def engine_input(self) -> EngineConstituency:
        constituency = self.constituency
        return EngineConstituency(
            name=naming.constituency_token(constituency.pk),
            seats=constituency.seats,
            lists=tuple(
                ListVotes(naming.list_token(item.pk), self.votes_of_list(item))
                for item in self.general_lists()
            ),
            candidates=tuple(
                CandidateVotes(
                    naming.candidate_token(c.pk),
                    naming.list_token(c.electoral_list_id),
                    self.candidate_votes.get(c.pk, 0),
                    woman=c.is_woman,
                    community=c.community or None,
                )
                for c in self.candidates
            ),
            women_seats=constituency.women_seats,
            community_seats=dict(constituency.quota_seats),
        )


def allocation_inputs(election: Election, constituencies: list[Constituency]):
    """Return an AllocationInput per constituency, in four queries."""
    ids = [c.pk for c in constituencies]
    inputs = {c.pk: AllocationInput(c) for c in constituencies}
    lists = {item.pk: item for item in election.lists.all()}
    candidates = Candidate.objects.filter(constituency_id__in=ids).order_by(
        "electoral_list__number", "electoral_list_id", "number", "pk"
    )
    for candidate in candidates:
        entry = inputs[candidate.constituency_id]
        entry.candidates.append(candidate)
    for entry in inputs.values():
        running = {c.electoral_list_id for c in entry.candidates}
        entry.lists = [item for item in lists.values() if item.pk in running]
    for row in ListResult.objects.filter(constituency_id__in=ids).values_list(
        "constituency_id", "electoral_list_id", "votes"
    ):
        inputs[row[0]].list_votes[row[1]] = row[2]
    for row in CandidateResult.objects.filter(candidate__constituency_id__in=ids).values_list(
        "candidate__constituency_id", "candidate_id", "votes"
    ):
        inputs[row[0]].candidate_votes[row[1]] = row[2]
    return [inputs[pk] for pk in ids]


def inputs_digest(inputs: list[AllocationInput]) -> str:
    """A fingerprint of everything an allocation depends on."""
    data = []
    for entry in inputs:
        c = entry.constituency
        data.append(
            [
                c.pk,
                c.seats,
                c.women_seats,
                sorted(c.quota_seats.items()),
                sorted(entry.list_votes.items()),
                sorted(entry.candidate_votes.items()),
                [[x.pk, x.electoral_list_id, x.gender, x.community] for x in entry.candidates],
            ]
        )
    text = json.dumps(data, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- Pages --------------------------------------------------------------------------------------


def elections():
    return Election.objects.annotate(
        n_constituencies=Count("constituencies", distinct=True)
    ).order_by("-date", "-id")


def list_seat_counts(run: AllocationRun | None) -> dict[int, int]:
    if run is None:
        return {}
    return dict(
        Seat.objects.filter(run=run)
        .values_list("electoral_list_id")
        .annotate(n=Count("id"))
        .values_list("electoral_list_id", "n")
    )


def election_overview(election: Election) -> dict:
    """Seats per list and per party within it, votes and seats per constituency."""
    run = election.current_run
    seats_by_list = list_seat_counts(run)
    party_seats: defaultdict[int, int] = defaultdict(int)
    women = 0
    if run is not None:
        for party_id, woman, n in (
            Seat.objects.filter(run=run)
            .values_list("party_id", "candidate__gender")
            .annotate(n=Count("id"))
            .values_list("party_id", "candidate__gender", "n")
        ):
            if party_id:
                party_seats[party_id] += n
            if woman == Candidate.Gender.FEMALE:
                women += n
    lists = list(election.lists.annotate(votes=Sum("results__votes")).prefetch_related("parties"))
    for item in lists:
        item.seats = seats_by_list.get(item.pk, 0)
        item.party_rows = [(party, party_seats.get(party.pk, 0)) for party in item.parties.all()]
        item.party_rows.sort(key=lambda row: (-row[1], row[0].name))
    lists.sort(key=lambda item: (-item.seats, -(item.votes or 0), item.name))
    constituencies = list(
        election.constituencies.annotate(votes=Sum("list_results__votes")).order_by("name")
    )
    seats_by_constituency = {}
    if run is not None:
        seats_by_constituency = dict(
            Seat.objects.filter(run=run)
            .values_list("constituency_id")
            .annotate(n=Count("id"))
            .values_list("constituency_id", "n")
        )
    for constituency in constituencies:
        constituency.allocated = seats_by_constituency.get(constituency.pk, 0)
    return {
        "run": run,
        "lists": lists,
        "constituencies": constituencies,
        "seats_total": sum(c.total_seats for c in constituencies),
        "seats_allocated": sum(seats_by_list.values()),
        "women": women,
        "votes": sum(c.votes or 0 for c in constituencies),
    }


def list_detail(electoral_list: ElectoralList) -> dict:
    """A list's seats per constituency and per party within it, and its winners."""
    run = electoral_list.election.current_run
    seats = []
    if run is not None:
        seats = list(
            Seat.objects.filter(run=run, electoral_list=electoral_list)
            .select_related("candidate", "constituency", "party")
            .order_by("constituency__name", "position")
        )
    parties = list(electoral_list.parties.all())
    per_party = defaultdict(list)
    for seat in seats:
        per_party[seat.party_id].append(seat)
    party_rows = sorted(
        ((party, per_party.get(party.pk, [])) for party in parties),
        key=lambda row: (-len(row[1]), row[0].name),
    )
    votes = dict(
        ListResult.objects.filter(electoral_list=electoral_list).values_list(
            "constituency_id", "votes"
        )
    )
    per_constituency = defaultdict(list)
    for seat in seats:
        per_constituency[seat.constituency_id].append(seat)
    constituencies = list(
        Constituency.objects.filter(candidates__electoral_list=electoral_list)
        .distinct()
        .order_by("name")
    )
    rows = [(c, votes.get(c.pk), per_constituency.get(c.pk, [])) for c in constituencies]
    return {
        "run": run,
        "seats": seats,
        "party_rows": party_rows,
        "no_party": per_party.get(None, []),
        "constituency_rows": rows,
    }


@dataclass
class QuotientRow:
    rank: int
    list: ElectoralList | None
    votes: int
    divisor: str
    quotient: float
    seat: int | None


def constituency_detail(constituency: Constituency, language: str) -> dict:
    """Everything the constituency page shows, named in ``language``."""
    election = constituency.election
    run = election.current_run
    lists = {
        item.pk: item
        for item in election.lists.filter(candidates__constituency=constituency).distinct()
    }
    candidates = list(
        constituency.candidates.select_related("result", "party")
        .annotate(votes=F("result__votes"))
        .order_by("electoral_list__number", "electoral_list_id", "number")
    )
    votes = dict(constituency.list_results.values_list("electoral_list_id", "votes"))
    official = dict(constituency.official_seats.values_list("electoral_list_id", "seats"))
    allocation = None
    seats = []
    if run is not None:
        allocation = (
            ConstituencyAllocation.objects.filter(run=run, constituency=constituency)
            .only("output", "lot_order", "seed_used")
            .first()
        )
        seats = list(Seat.objects.filter(allocation=allocation).order_by("position"))
    names = naming.Names.of(lists.values(), candidates, language, [constituency])
    seats_by_list: defaultdict[int, int] = defaultdict(int)
    for seat in seats:
        seats_by_list[seat.electoral_list_id] += 1
    elected = {seat.candidate_id: seat for seat in seats}
    by_list = defaultdict(list)
    for candidate in candidates:
        candidate.seat = elected.get(candidate.pk)
        by_list[candidate.electoral_list_id].append(candidate)
    rows: list[dict[str, Any]] = []
    for item in lists.values():
        members = sorted(by_list[item.pk], key=lambda c: (-(c.votes or 0), c.number))
        entered = votes.get(item.pk)
        derived = sum(c.votes or 0 for c in members if not c.community)
        rows.append(
            {
                "list": item,
                "votes": entered if entered is not None else derived,
                "derived": entered is None,
                "seats": seats_by_list.get(item.pk, 0),
                "official": official.get(item.pk),
                "candidates": members,
            }
        )
    rows.sort(key=lambda row: (-row["seats"], -row["votes"], row["list"].name))
    output = allocation.output if allocation else None
    return {
        "run": run,
        "allocation": allocation,
        "rows": rows,
        "seats": [
            (seat, next(c for c in candidates if c.pk == seat.candidate_id)) for seat in seats
        ],
        "names": names,
        "output": output,
        "explanation": names.render(output["explanation"][language]) if output else "",
        "decisions": _decisions(output, names, language),
        "table": _table(output, lists, names),
        "margin": _margin(output, lists, names),
        "women": output["women"] if output else None,
        "stations": PollingStation.objects.filter(constituency=constituency).count(),
        "official_entered": bool(official),
    }


def _decisions(output, names, language) -> list[dict]:
    if not output:
        return []
    return [
        {
            "kind": d["kind"],
            "rule": d["rule"],
            "rule_text": d["rule_text"][language] if d.get("rule_text") else "",
            "text": names.render(d["text"][language]),
        }
        for d in output["decisions"]
    ]


def _list_of(token: str, lists: dict[int, ElectoralList]) -> ElectoralList | None:
    parsed = naming.parse_token(token)
    return lists.get(parsed[1]) if parsed and parsed[0] == "list" else None


LOSING_ROWS = 5


def _table(output, lists, names) -> dict | None:
    """The quotient table around the cutoff: every quotient that won a seat, then the
    first losing ones (highest averages); or each list's quotas and remainder."""
    if not output or not output.get("lists"):
        return None
    data = output["lists"]
    if data["divisors"] is not None:
        rows, losing = [], 0
        for rank, row in enumerate(data["quotients"], start=1):
            if row["seat"] is None:
                losing += 1
                if losing > LOSING_ROWS:
                    break
            rows.append(
                QuotientRow(
                    rank,
                    _list_of(row["list"], lists),
                    row["votes"],
                    row["divisor"],
                    row["quotient"],
                    row["seat"],
                )
            )
        cutoff = next((i for i, r in enumerate(rows) if r.seat is None), len(rows))
        return {
            "kind": "averages",
            "winning": rows[:cutoff],
            "losing": rows[cutoff:],
            "rows_total": len(data["quotients"]),
            "divisors": data["divisors"][: min(len(data["divisors"]), 8)],
        }
    remainder_rows = [
        {
            "list": _list_of(row["list"], lists),
            "votes": row["votes"],
            "whole_seats": row["whole_seats"],
            "remainder": row["remainder"],
            "remainder_seat": row["remainder_seat"],
        }
        for row in data["quotients"]
    ]
    remainder_rows.sort(key=lambda r: -r["remainder"])
    return {"kind": "remainders", "rows": remainder_rows, "quota": data["quota"]}


def _margin(output, lists, names) -> dict | None:
    if not output or not output.get("margin"):
        return None
    margin = output["margin"]
    return {
        "list": _list_of(margin["list"], lists),
        "name": names.name(margin["list"]),
        "votes_needed": margin["votes_needed"],
        "seat_from": names.name(margin["seat_from"]) if margin.get("seat_from") else "",
    }


def candidate_detail(candidate: Candidate) -> dict:
    run = candidate.election.current_run
    seat = Seat.objects.filter(run=run, candidate=candidate).first() if run else None
    votes = getattr(getattr(candidate, "result", None), "votes", None)
    ranked = list(
        CandidateResult.objects.filter(
            candidate__constituency_id=candidate.constituency_id,
            candidate__electoral_list_id=candidate.electoral_list_id,
        )
        .order_by("-votes")
        .values_list("candidate_id", flat=True)
    )
    rank = ranked.index(candidate.pk) + 1 if candidate.pk in ranked else None
    return {"seat": seat, "votes": votes, "rank": rank, "running": len(ranked)}


def official_comparison(election: Election) -> dict:
    """Official seats against computed ones, per constituency and list; flags every
    difference."""
    run = election.current_run
    computed = defaultdict(int)
    if run is not None:
        for cid, lid, n in (
            Seat.objects.filter(run=run)
            .values_list("constituency_id", "electoral_list_id")
            .annotate(n=Count("id"))
            .values_list("constituency_id", "electoral_list_id", "n")
        ):
            computed[(cid, lid)] = n
    official = {
        (cid, lid): n
        for cid, lid, n in OfficialSeats.objects.filter(
            constituency__election=election
        ).values_list("constituency_id", "electoral_list_id", "seats")
    }
    entered_in = {cid for cid, _lid in official}
    lists = {item.pk: item for item in election.lists.all()}
    constituencies = list(election.constituencies.order_by("name"))
    out, differences = [], 0
    for constituency in constituencies:
        keys = sorted(
            {lid for cid, lid in computed if cid == constituency.pk}
            | {lid for cid, lid in official if cid == constituency.pk},
            key=lambda lid: lists[lid].name,
        )
        rows = []
        for lid in keys:
            ours = computed.get((constituency.pk, lid), 0) if run else None
            theirs = official.get((constituency.pk, lid))
            if theirs is None and constituency.pk in entered_in:
                theirs = 0
            differs = theirs is not None and ours is not None and theirs != ours
            differences += differs
            rows.append(
                {"list": lists[lid], "computed": ours, "official": theirs, "differs": differs}
            )
        out.append(
            {
                "constituency": constituency,
                "rows": rows,
                "entered": constituency.pk in entered_in,
                "differs": any(r["differs"] for r in rows),
            }
        )
    return {
        "run": run,
        "constituencies": out,
        "differences": differences,
        "entered": bool(official),
    }


def constituency_lists(constituency: Constituency) -> list[ElectoralList]:
    """The lists with candidates in the constituency, by ballot number."""
    return list(
        ElectoralList.objects.filter(candidates__constituency=constituency)
        .distinct()
        .order_by("number", "name", "pk")
    )


def candidates_page(election: Election, *, constituency=None, electoral_list=None, q=""):
    items = Candidate.objects.filter(election=election).select_related(
        "constituency", "electoral_list", "party", "result"
    )
    if constituency:
        items = items.filter(constituency=constituency)
    if electoral_list:
        items = items.filter(electoral_list=electoral_list)
    if q:
        from jisr.core.text.arabic import name_key

        key = name_key(q)
        items = items.filter(Q(name_key__contains=key) | Q(name_latin__icontains=q.strip()))
    return items.order_by("constituency__name", "electoral_list__number", "number", "pk")


# --- The front page -----------------------------------------------------------------------------

HOME_LISTS = 5


def latest_result() -> dict | None:
    """The latest election and the lists that won most seats in its current allocation
    (two queries), or None when no election is recorded."""
    election = (
        Election.objects.select_related("term", "current_run").order_by("-date", "-id").first()
    )
    if election is None:
        return None
    lists: list[ElectoralList] = []
    if election.current_run_id:
        won = (
            Seat.objects.filter(run_id=election.current_run_id, electoral_list=OuterRef("pk"))
            .values("electoral_list")
            .annotate(n=Count("id"))
            .values("n")
        )
        winners = list(
            election.lists.annotate(won_seats=Subquery(won))
            .filter(won_seats__gt=0)
            .order_by("-won_seats", "number", "id")
        )
        for item in winners:
            item.seats = item.won_seats
        lists = [*winners]
    return {
        "election": election,
        "lists": lists[:HOME_LISTS],
        "others": sum(item.seats for item in lists[HOME_LISTS:]),
        "seats": sum(item.seats for item in lists),
    }


def roster_problems(constituencies: Iterable[Constituency]) -> list[tuple[Constituency, str]]:
    """Return what keeps the constituencies' seats from being allocated: more seats than
    candidates, a quota community with fewer candidates than seats."""
    problems = []
    for constituency in constituencies:
        counts: defaultdict[str, int] = defaultdict(int)
        for community in constituency.candidates.values_list("community", flat=True):
            counts[community] += 1
        general = counts.pop("", 0)
        if general < constituency.seats:
            problems.append(
                (
                    constituency,
                    _(
                        "%(name)s has %(seats)d general seats but only %(candidates)d general "
                        "candidates."
                    )
                    % {
                        "name": constituency.name,
                        "seats": constituency.seats,
                        "candidates": general,
                    },
                )
            )
        for community, seats in constituency.quota_seats.items():
            running = counts.get(community, 0)
            label = Community(community).label
            if not running:
                problems.append(
                    (
                        constituency,
                        _("%(name)s has a %(community)s quota seat but no %(community)s candidate.")
                        % {"name": constituency.name, "community": label},
                    )
                )
            elif running < seats:
                problems.append(
                    (
                        constituency,
                        _(
                            "%(name)s has %(seats)d %(community)s quota seats but only "
                            "%(candidates)d such candidates."
                        )
                        % {
                            "name": constituency.name,
                            "seats": seats,
                            "community": label,
                            "candidates": running,
                        },
                    )
                )
    return problems
