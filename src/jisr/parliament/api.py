"""The parliament's public records as JSON: people, organizations, memberships, vote
events and activities, read-only, in the shape of the Popolo standard.

Only the public record goes out. The people here are public figures, and their contact
details are their offices' public channels; who on the platform entered a record
(``recorded_by``) is never part of it.
"""

from datetime import date
from typing import TYPE_CHECKING, Literal

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import model_validator

from jisr.core.api_types import AreaOut, Id, IsoDate, Number, Pagination, PersonRef

from . import selectors
from .models import (
    Activity,
    AnnouncedPosition,
    Area,
    Membership,
    Organization,
    Person,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)

router = Router(tags=["parliament"])

Gender = Literal["female", "male"]
# Each code list is a Literal built at run time, so that the OpenAPI schema lists the codes;
# the type checker, which cannot evaluate it, sees a str.
if TYPE_CHECKING:
    Classification = str
    ActivityKind = str
    VoteResult = str
    VoteOption = str
    VoteMethod = str
    AnnouncedPositionCode = str
    AnnouncedSource = str
    ExplanationSource = str
else:
    Classification = Literal[tuple(Organization.Classification.values)]
    ActivityKind = Literal[tuple(Activity.Kind.values)]
    VoteResult = Literal[tuple(VoteEvent.Result.values)]
    VoteOption = Literal[tuple(Vote.Option.values)]
    VoteMethod = Literal[tuple(VoteEvent.Method.values)]
    AnnouncedPositionCode = Literal[tuple(AnnouncedPosition.Position.values)]
    AnnouncedSource = Literal[tuple(AnnouncedPosition.Source.values)]
    ExplanationSource = Literal[tuple(VoteExplanation.Source.values)]


class DateRange(Schema):
    date_from: IsoDate | None = Field(None, description="On or after this day (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, description="On or before this day (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to.")
        return self


# --- Filters -----------------------------------------------------------------------------


class PersonFilters(Schema):
    term: Id | None = Field(None, description="Held a seat in this term (id).")
    party: Id | None = Field(None, description="Held a seat elected for this party (id).")
    alliance: Id | None = Field(
        None, description="Held a seat elected for this alliance or one of its parties (id)."
    )
    area: Id | None = Field(None, description="Held a seat for this governorate (id).")
    gender: Gender | None = None
    committee: Id | None = Field(None, description="Member of this committee (id).")


class OrganizationFilters(Schema):
    classification: Classification | None = None
    parent: Id | None = Field(None, description="Part of this organization (id).")


class MembershipFilters(Schema):
    person: Id | None = None
    organization: Id | None = None
    term: Id | None = None


class VoteEventFilters(DateRange):
    term: Id | None = None
    bill: Id | None = Field(None, description="Votes on this bill (id).")


class ActivityFilters(DateRange):
    person: Id | None = None
    kind: ActivityKind | None = None
    term: Id | None = None


# --- Output ------------------------------------------------------------------------------


class OrganizationRef(Schema):
    id: int
    name: str
    name_en: str
    classification: Classification
    parent_id: int | None


class TermRef(Schema):
    id: int
    identifier: str
    name: str
    name_en: str
    start_date: date
    end_date: date | None


class TermOut(TermRef):
    legislature: OrganizationRef


class SittingRef(Schema):
    id: int
    date: date
    number: int | None
    title: str


class BillRef(Schema):
    id: int
    number: str
    title: str
    stage: str


class QuestionRef(Schema):
    id: int
    kind: str
    title: str
    asked_on: date
    answered_on: date | None


class SeatOut(Schema):
    """A seat in the legislature: the term, whom the member was elected for, and where."""

    id: int
    term: TermRef | None
    role: str
    on_behalf_of: OrganizationRef | None = Field(description="The party or list elected for.")
    alliance: OrganizationRef | None = Field(
        description="The alliance the party sits in, or the alliance elected for."
    )
    area: AreaOut | None
    start_date: date | None
    end_date: date | None

    @staticmethod
    def resolve_alliance(seat: Membership):
        group = seat.on_behalf_of
        if group is None:
            return None
        if group.classification == Organization.Classification.ALLIANCE:
            return group
        return group.parent


class ContactDetailOut(Schema):
    kind: str
    value: str
    label: str


class IdentifierOut(Schema):
    scheme: str
    identifier: str


class OtherNameOut(Schema):
    name: str
    note: str


class PersonMembershipOut(Schema):
    id: int
    organization: OrganizationRef
    role: str
    term: TermRef | None
    on_behalf_of: OrganizationRef | None
    area: AreaOut | None
    start_date: date | None
    end_date: date | None


class MembershipOut(PersonMembershipOut):
    person: PersonRef


def _photo_url(person: Person, context) -> str | None:
    if not person.photo:
        return None
    path = reverse("parliament:photo", args=[person.pk])
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class PersonSummaryOut(Schema):
    id: int
    name: str = Field(description="In Arabic script.")
    name_latin: str
    gender: Gender | None = Field(description="null when not recorded.")
    birth_year: int | None
    is_fictional: bool = Field(description="Invented for the demo.")
    photo_url: str | None
    seats: list[SeatOut] = Field(description="Seats in the legislature (in the term filtered by).")

    @staticmethod
    def resolve_gender(person: Person):
        return person.gender or None

    @staticmethod
    def resolve_photo_url(person: Person, context):
        return _photo_url(person, context)


class PersonDetailOut(Schema):
    id: int
    name: str
    name_latin: str
    gender: Gender | None
    birth_year: int | None
    summary: str
    is_fictional: bool
    photo_url: str | None
    contact_details: list[ContactDetailOut] = Field(description="Public channels of the office.")
    identifiers: list[IdentifierOut]
    other_names: list[OtherNameOut]
    memberships: list[PersonMembershipOut]

    @staticmethod
    def resolve_gender(person: Person):
        return person.gender or None

    @staticmethod
    def resolve_photo_url(person: Person, context):
        return _photo_url(person, context)

    @staticmethod
    def resolve_contact_details(person: Person):
        return person.contacts.all()


class OrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    classification: Classification
    parent: OrganizationRef | None
    is_fictional: bool


class OrganizationDetailOut(OrganizationOut):
    identifiers: list[IdentifierOut]
    children: list[OrganizationRef] = Field(description="Its parts: an alliance's parties.")


class VoteCountsOut(Schema):
    yes: int
    no: int
    abstain: int
    absent: int
    not_voting: int


class VoteEventOut(Schema):
    id: int
    term: TermRef
    date: date
    motion: str
    result: VoteResult
    method: VoteMethod = Field(
        description="How the vote was taken: roll_call (electronic), show_of_hands, "
        "secret_ballot or unknown."
    )
    individual_votes_known: bool = Field(
        description="True only for a roll call whose members' votes were recorded; "
        "otherwise `votes` is always empty."
    )
    is_key: bool = Field(description="A key vote the organization follows closely.")
    counts: VoteCountsOut | None = Field(
        description="The totals; null when individual votes are unknown and no totals "
        "were announced."
    )
    bill: BillRef | None
    sitting: SittingRef | None
    source_url: str
    document_ref: str

    @staticmethod
    def resolve_counts(event: VoteEvent):
        if not event.individual_votes_known and not event.has_counts:
            return None
        return {option: getattr(event, f"{option}_count") for option in Vote.Option.values}


class VoteOut(Schema):
    person: PersonRef
    option: VoteOption
    party: OrganizationRef | None = Field(description="The party the member sat for that day.")


class AnnouncedPositionOut(Schema):
    person: PersonRef
    position: AnnouncedPositionCode = Field(
        description="What the representative announced afterwards: not a recorded vote, "
        "never counted in the totals."
    )
    source_kind: AnnouncedSource
    url: str
    quote: str
    date: date


class ExplanationOut(Schema):
    person: PersonRef
    text: str
    source: ExplanationSource
    url: str
    date: date


class VoteEventDetailOut(VoteEventOut):
    votes: list[VoteOut] = Field(
        description="Every member's recorded vote; empty when individual votes are unknown."
    )
    announced_positions: list[AnnouncedPositionOut] = Field(
        description="Positions representatives announced after the vote (not votes)."
    )
    explanations: list[ExplanationOut] = Field(
        description="Representatives' explanations of their vote (not votes)."
    )


class ActivityOut(Schema):
    id: int
    person: PersonRef
    term: TermRef
    kind: ActivityKind
    date: date
    title: str
    summary: str
    committee: OrganizationRef | None
    bill: BillRef | None
    question: QuestionRef | None
    sitting: SittingRef | None
    source_url: str
    document_ref: str


# --- Endpoints ---------------------------------------------------------------------------


@router.get("/persons", response=list[PersonSummaryOut], summary="List people")
@paginate(Pagination)
def list_persons(request, filters: Query[PersonFilters]):
    """People on record, by name, each with their seats in the legislature."""
    return selectors.people(**filters.model_dump(exclude_none=True))


@router.get("/persons/{id}", response=PersonDetailOut, summary="One person")
def get_person(request, id: Number):
    """A person with contact details, identifiers, other names and every membership."""
    try:
        return selectors.person_profile(id)
    except Person.DoesNotExist as error:
        raise Http404("No person has this id.") from error


@router.get("/organizations", response=list[OrganizationOut], summary="List organizations")
@paginate(Pagination)
def list_organizations(request, filters: Query[OrganizationFilters]):
    """Legislatures, alliances, parties, committees and ministries, by name."""
    return selectors.organizations(**filters.model_dump(exclude_none=True))


@router.get("/organizations/{id}", response=OrganizationDetailOut, summary="One organization")
def get_organization(request, id: Number):
    """An organization with its identifiers and its parts (an alliance's parties)."""
    try:
        return selectors.organization_detail(id)
    except Organization.DoesNotExist as error:
        raise Http404("No organization has this id.") from error


@router.get("/memberships", response=list[MembershipOut], summary="List memberships")
@paginate(Pagination)
def list_memberships(request, filters: Query[MembershipFilters]):
    """Seats, committee places and other memberships, newest first."""
    return selectors.memberships(**filters.model_dump(exclude_none=True))


@router.get("/vote-events", response=list[VoteEventOut], summary="List vote events")
@paginate(Pagination)
def list_vote_events(request, filters: Query[VoteEventFilters]):
    """Recorded votes in parliament with their totals, newest first."""
    return selectors.vote_events(**filters.model_dump(exclude_none=True))


@router.get("/vote-events/{id}", response=VoteEventDetailOut, summary="One vote event")
def get_vote_event(request, id: Number):
    """A vote event with every member's vote and the party they sat for, by party."""
    try:
        event, votes = selectors.vote_event_detail(id)
    except VoteEvent.DoesNotExist as error:
        raise Http404("No vote event has this id.") from error
    prefetch_related_objects(
        [event],
        Prefetch("votes", queryset=votes if event.individual_votes_known else votes.none()),
        Prefetch(
            "announced_positions",
            queryset=AnnouncedPosition.objects.select_related("person").order_by(
                "person__name", "date", "id"
            ),
        ),
        Prefetch(
            "explanations",
            queryset=VoteExplanation.objects.select_related("person").order_by("date", "id"),
        ),
    )
    return event


@router.get("/activities", response=list[ActivityOut], summary="List activities")
@paginate(Pagination)
def list_activities(request, filters: Query[ActivityFilters]):
    """Representatives' timeline entries: bills, questions, speeches, committee work."""
    return selectors.activities(**filters.model_dump(exclude_none=True))


@router.get("/terms", response=list[TermOut], summary="List terms")
@paginate(Pagination)
def list_terms(request):
    """Legislative terms, newest first: their ids are what the term filters take."""
    return Term.objects.select_related("legislature").order_by("-start_date", "-id")


@router.get("/areas", response=list[AreaOut], summary="List governorates")
@paginate(Pagination)
def list_areas(request):
    """Governorates members are elected in: their ids are what the area filter takes."""
    return Area.objects.order_by("name", "id")
