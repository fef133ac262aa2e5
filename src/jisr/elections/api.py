"""Elections as JSON: elections, constituencies, lists, candidates, results and the stored
allocations (the engine's whole output, with names put back in), read-only."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Count, Exists, OuterRef, Sum
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Id, Number, Pagination

from . import naming, selectors
from .allocation import RULE_SETS
from .models import (
    Candidate,
    CandidateResult,
    Community,
    Constituency,
    ConstituencyAllocation,
    Election,
    ElectoralList,
    ListResult,
    OfficialSeats,
    Seat,
)

router = Router(tags=["elections"])

Language = Literal["ar", "en"]
# Each code list is a Literal built at run time, so that the OpenAPI schema lists the codes;
# the type checker, which cannot evaluate it, sees a str.
if TYPE_CHECKING:
    ElectionKind = str
    ListKind = str
    CandidateGender = str
    CommunityCode = str
    SeatBasis = str
else:
    ElectionKind = Literal[tuple(Election.Kind.values)]
    ListKind = Literal[tuple(ElectoralList.Kind.values)]
    CandidateGender = Literal[tuple(Candidate.Gender.values)]
    CommunityCode = Literal[tuple(Community.values)]
    SeatBasis = Literal[tuple(Seat.Basis.values)]


class ElectionOut(Schema):
    id: int
    name: str
    name_en: str
    date: date
    kind: ElectionKind
    rule_set: str = Field(description="The rule set's code: docs/elections-allocation.md.")
    rule_set_title: dict[str, str] = Field(description="{'ar': …, 'en': …}")
    is_fictional: bool
    certified: bool
    certified_at: datetime | None
    term_id: int | None = Field(description="The parliament term its winners joined.")
    allocation_run_id: int | None = Field(description="The allocation the pages show.")

    @staticmethod
    def resolve_rule_set_title(election: Election):
        rules = RULE_SETS.get(election.rule_set)
        return rules.title if rules else {"ar": election.rule_set, "en": election.rule_set}

    @staticmethod
    def resolve_certified(election: Election):
        return election.is_certified

    @staticmethod
    def resolve_allocation_run_id(election: Election):
        return election.current_run_id


class ElectionListSeatsOut(Schema):
    list_id: int
    name: str
    name_en: str
    seats: int
    votes: int | None


class ElectionDetailOut(ElectionOut):
    seats_total: int
    seats_allocated: int
    seats_per_list: list[ElectionListSeatsOut]


class ElectionConstituencyOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    area_id: int | None = Field(description="The parliament governorate (area) id.")
    seats: int = Field(description="General seats.")
    women_seats: int | None = Field(description="Women's seats among them; null: the default.")
    quota_seats: dict[str, int] = Field(description="Community quota seats by community.")
    votes: int | None = Field(description="Valid votes for lists.")


class ElectionPartyOut(Schema):
    id: int
    name: str
    name_en: str
    organization_id: int | None


class ElectionListOut(Schema):
    id: int
    number: int | None
    name: str
    name_en: str
    kind: ListKind
    organization_id: int | None = Field(description="The organization in parliament, if linked.")
    parties: list[ElectionPartyOut]


class ElectionCandidateOut(Schema):
    id: int
    name: str = Field(description="In Arabic script.")
    name_latin: str
    constituency_id: int
    list_id: int
    party_id: int | None
    number: int = Field(description="Ballot number within the list.")
    gender: CandidateGender
    community: CommunityCode | None
    votes: int | None
    elected: bool | None = Field(None, description="In the allocation shown; null before one.")
    person_id: int | None = Field(description="The representative in parliament, once linked.")

    @staticmethod
    def resolve_list_id(candidate: Candidate):
        return candidate.electoral_list_id

    @staticmethod
    def resolve_community(candidate: Candidate):
        return candidate.community or None

    @staticmethod
    def resolve_votes(candidate):  # a Candidate annotated with its votes
        return candidate.votes


class CandidateFilters(Schema):
    constituency: Id | None = None
    list: Id | None = None
    elected: bool | None = Field(None, description="Only the elected (or only the others).")


class ElectionListResultOut(Schema):
    list_id: int
    votes: int
    official_seats: int | None


class ElectionCandidateResultOut(Schema):
    candidate_id: int
    list_id: int
    votes: int


class ElectionResultsOut(Schema):
    constituency_id: int
    lists: list[ElectionListResultOut]
    candidates: list[ElectionCandidateResultOut]
    stations: int


class ElectionSeatOut(Schema):
    candidate_id: int
    list_id: int
    party_id: int | None
    basis: SeatBasis
    community: str | None


class ElectionAllocationSummaryOut(Schema):
    constituency_id: int
    seats: list[ElectionSeatOut]
    seats_per_list: dict[str, int] = Field(description="{list id: seats}")
    margin_votes: int | None = Field(description="Votes the runner-up needed for a seat.")
    seed: int | None = Field(description="Seed of the draw, if a tie needed one.")


class ElectionAllocationsOut(Schema):
    run_id: int
    rule_set: str
    seed: int | None = Field(description="The run's seed for draws.")
    created_at: datetime
    constituencies: list[ElectionAllocationSummaryOut]


class ElectionAllocationOut(Schema):
    run_id: int
    constituency_id: int
    language: Language
    lot_order: list[str] = Field(description="The organizer's recorded lot, by name.")
    seed: int | None
    output: dict[str, Any] = Field(
        description="The engine's output (docs/elections-allocation.md, --json), each list and "
        "candidate named in the language asked for."
    )
    seats: list[ElectionSeatOut]


# --- Helpers ------------------------------------------------------------------------------------


def _election(id: int) -> Election:
    try:
        return Election.objects.get(pk=id)
    except Election.DoesNotExist as error:
        raise Http404("No election has this id.") from error


def _seat_row(seat: Seat) -> dict:
    return {
        "candidate_id": seat.candidate_id,
        "list_id": seat.electoral_list_id,
        "party_id": seat.party_id,
        "basis": seat.basis,
        "community": seat.community or None,
    }


# --- Endpoints ----------------------------------------------------------------------------------


@router.get("", response=list[ElectionOut], summary="List elections")
@paginate(Pagination)
def list_elections(request):
    """Elections on record, newest first."""
    return Election.objects.order_by("-date", "-id")


@router.get("/{id}", response=ElectionDetailOut, summary="One election")
def get_election(request, id: Number):
    """An election with its seats per list in the allocation shown."""
    election = _election(id)
    seats = selectors.list_seat_counts(election.current_run)
    lists = election.lists.annotate(votes=Sum("results__votes")).order_by("number", "name")
    per_list = [
        {
            "list_id": item.pk,
            "name": item.name,
            "name_en": item.name_en,
            "seats": seats.get(item.pk, 0),
            "votes": item.votes,
        }
        for item in lists
    ]
    per_list.sort(key=lambda row: (-row["seats"], -(row["votes"] or 0)))
    election.seats_total = sum(c.total_seats for c in election.constituencies.all())
    election.seats_allocated = sum(seats.values())
    election.seats_per_list = per_list
    return election


@router.get(
    "/{id}/constituencies", response=list[ElectionConstituencyOut], summary="Constituencies"
)
def list_constituencies(request, id: Number):
    """The election's constituencies, with their seats and valid votes."""
    election = _election(id)
    return election.constituencies.annotate(votes=Sum("list_results__votes")).order_by("name")


@router.get("/{id}/lists", response=list[ElectionListOut], summary="Lists")
def list_lists(request, id: Number):
    """The lists on the ballot, with the parties within each alliance."""
    election = _election(id)
    return election.lists.prefetch_related("parties").order_by("number", "name", "id")


@router.get("/{id}/candidates", response=list[ElectionCandidateOut], summary="Candidates")
@paginate(Pagination)
def list_candidates(request, id: Number, filters: Query[CandidateFilters]):
    """Candidates with their personal votes and whether they won a seat."""
    election = _election(id)
    items = Candidate.objects.filter(election=election)
    if filters.constituency:
        items = items.filter(constituency_id=filters.constituency)
    if filters.list:
        items = items.filter(electoral_list_id=filters.list)
    run = election.current_run_id
    seats = Seat.objects.filter(run_id=run, candidate=OuterRef("pk"))
    items = items.annotate(votes=Sum("result__votes"))
    if run:
        items = items.annotate(elected=Exists(seats))
        if filters.elected is not None:
            items = items.filter(elected=filters.elected)
    return items.order_by("constituency__name", "electoral_list__number", "number", "id")


@router.get("/{id}/results", response=list[ElectionResultsOut], summary="Results")
def list_results(request, id: Number, constituency: Id | None = None):
    """Votes per list (with the official seats, if entered) and per candidate, by
    constituency."""
    election = _election(id)
    places = election.constituencies.annotate(n_stations=Count("stations")).order_by("name")
    if constituency:
        places = places.filter(pk=constituency)
    rows = list(places)
    ids = [c.pk for c in rows]
    official = {
        (c, lid): n
        for c, lid, n in OfficialSeats.objects.filter(constituency_id__in=ids).values_list(
            "constituency_id", "electoral_list_id", "seats"
        )
    }
    lists: dict[int, list[dict]] = {pk: [] for pk in ids}
    candidates: dict[int, list[dict]] = {pk: [] for pk in ids}
    for cid, lid, votes in ListResult.objects.filter(constituency_id__in=ids).values_list(
        "constituency_id", "electoral_list_id", "votes"
    ):
        lists[cid].append(
            {"list_id": lid, "votes": votes, "official_seats": official.get((cid, lid))}
        )
    for cid, pk, lid, votes in (
        CandidateResult.objects.filter(candidate__constituency_id__in=ids)
        .order_by("-votes")
        .values_list(
            "candidate__constituency_id", "candidate_id", "candidate__electoral_list_id", "votes"
        )
    ):
        candidates[cid].append({"candidate_id": pk, "list_id": lid, "votes": votes})
    return [
        {
            "constituency_id": c.pk,
            "lists": sorted(lists[c.pk], key=lambda row: -row["votes"]),
            "candidates": candidates[c.pk],
            "stations": c.n_stations,
        }
        for c in rows
    ]


@router.get("/{id}/allocations", response=ElectionAllocationsOut, summary="Allocations")
def get_allocations(request, id: Number):
    """The allocation the pages show: every seat, per constituency, with its margin and
    seed. The whole output of one constituency is at /allocations/{constituency_id}."""
    election = _election(id)
    run = election.current_run
    if run is None:
        raise Http404("The seats of this election have not been allocated.")
    seats: dict[int, list[Seat]] = {}
    for seat in Seat.objects.filter(run=run).order_by("position"):
        seats.setdefault(seat.constituency_id, []).append(seat)
    out = []
    for stored in ConstituencyAllocation.objects.filter(run=run).order_by("constituency__name"):
        mine = seats.get(stored.constituency_id, [])
        per_list: dict[str, int] = {}
        for seat in mine:
            key = str(seat.electoral_list_id)
            per_list[key] = per_list.get(key, 0) + 1
        margin = stored.output.get("margin")
        out.append(
            {
                "constituency_id": stored.constituency_id,
                "seats": [_seat_row(seat) for seat in mine],
                "seats_per_list": per_list,
                "margin_votes": margin["votes_needed"] if margin else None,
                "seed": stored.seed_used,
            }
        )
    return {
        "run_id": run.pk,
        "rule_set": run.rule_set,
        "seed": run.seed,
        "created_at": run.created_at,
        "constituencies": out,
    }


@router.get(
    "/{id}/allocations/{constituency_id}",
    response=ElectionAllocationOut,
    summary="One constituency's allocation",
)
def get_allocation(request, id: Number, constituency_id: Number, language: Language = "ar"):
    """The engine's whole output for one constituency: the quotient table, the cutoff and
    the margins, each decision and the rule behind it, and the explanation."""
    election = _election(id)
    stored = (
        ConstituencyAllocation.objects.filter(
            run_id=election.current_run_id, constituency_id=constituency_id
        )
        .select_related("constituency")
        .first()
    )
    if stored is None:
        raise Http404("No allocation of this constituency.")
    place: Constituency = stored.constituency
    lists = ElectoralList.objects.filter(candidates__constituency=place).distinct()
    candidates = place.candidates.all()
    names = naming.Names.of(lists, candidates, language, [place])
    seats = Seat.objects.filter(allocation=stored).order_by("position")
    return {
        "run_id": stored.run_id,
        "constituency_id": place.pk,
        "language": language,
        "lot_order": [names.name(token) for token in stored.lot_order],
        "seed": stored.seed_used,
        "output": names.render_all(stored.output),
        "seats": [_seat_row(seat) for seat in seats],
    }
