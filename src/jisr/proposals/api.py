"""Proposals as JSON: the public ones (published or later, never hidden, rejected, merged
or withdrawn), their timeline, milestones, deliveries and answers, and the state machine.

Writes are for the roles allowed: members support (session and CSRF, as on the site),
organizers with two-factor authentication add milestones. Who supports a proposal, who
delivered it and who recorded an answer never go out; authors appear under their display
name only.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from ninja.security import django_auth
from pydantic import ConfigDict

from jisr.accounts.permissions import is_verified
from jisr.accounts.roles import Role, has_role
from jisr.core.api_types import AreaOut, Id, IsoDate, Number, Pagination, PersonRef

from . import ratelimit, selectors, services, states
from .models import STATUS_LABELS, ActivityLink, Answer, Delivery, Proposal
from .states import Status

router = Router(tags=["proposals"])

# The same public timeline as the proposal's page: submission, publication and after.

# Each code list is a Literal built at run time, so that the OpenAPI schema lists the codes;
# the type checker, which cannot evaluate it, sees a str.
if TYPE_CHECKING:
    PublicStatus = str
    AnyStatus = str
    Sort = str
    AnswerSource = str
    DeliveryMethod = str
    ActorCode = str
else:
    PublicStatus = Literal[tuple(s.value for s in Status if s in states.PUBLIC)]
    AnyStatus = Literal[tuple(s.value for s in Status)]
    Sort = Literal[tuple(selectors.SORTS)]
    AnswerSource = Literal[tuple(Answer.Source.values)]
    DeliveryMethod = Literal[tuple(Delivery.Method.values)]
    ActorCode = Literal[tuple(a.value for a in states.Actor)]


def _detail_path(pk: int) -> str | None:
    try:
        return reverse("proposals:detail", args=[pk])
    except NoReverseMatch:
        return None


# --- Input ----------------------------------------------------------------------------------


class ProposalFilters(Schema):
    status: PublicStatus | None = None
    topic: Id | None = Field(None, description="Proposals on this topic (id).")
    representative: Id | None = Field(
        None, description="Addressed or delivered to this representative (person id)."
    )
    area: Id | None = Field(None, description="About this governorate (id).")
    sort: Sort = Field(
        "newest",
        description="newest (published), supported (most supports) or updated (latest news).",
    )


class ProposalMilestoneIn(Schema):
    # A misspelt field is an error, not silently left out (and the schema says so).
    model_config = ConfigDict(extra="forbid")

    date: IsoDate
    note: str = Field(min_length=1, max_length=5000, pattern=r"\S", description="Not blank.")
    progress: Number = Field(ge=0, le=100, description="Per cent, from 0 to 100.")


# --- Output ---------------------------------------------------------------------------------


class ProposalTopicOut(Schema):
    id: int
    name: str
    name_en: str


class ProposalOut(Schema):
    id: int
    title: str
    status: PublicStatus
    status_label: str
    topic: ProposalTopicOut
    area: AreaOut | None
    author: str | None = Field(description="The author's display name; null once erased.")
    support_count: int
    published_at: datetime | None
    last_update_at: datetime
    url: str | None = Field(description="The proposal's page on the site.")

    @staticmethod
    def resolve_status_label(proposal: Proposal) -> str:
        return str(proposal.status_label)

    @staticmethod
    def resolve_author(proposal: Proposal):
        return proposal.author_display_name or None

    @staticmethod
    def resolve_url(proposal: Proposal):
        return _detail_path(proposal.pk)


class ProposalStatusChangeOut(Schema):
    from_status: AnyStatus
    to_status: AnyStatus
    date: datetime
    note: str

    @staticmethod
    def resolve_date(change) -> datetime:
        return change.created_at

    @staticmethod
    def resolve_note(change) -> str:
        return states.public_note(change.to_status, change.note)


class ProposalMilestoneOut(Schema):
    id: int
    date: date
    note: str
    progress: int


class ProposalAnswerOut(Schema):
    answered_on: date
    text: str
    source: AnswerSource = Field(
        description="office: written by the representative's office; transcribed: recorded "
        "by an organizer from a meeting, a letter or a call."
    )


class ProposalDeliveryOut(Schema):
    representative: PersonRef
    method: DeliveryMethod
    delivered_on: date
    answer: ProposalAnswerOut | None

    @staticmethod
    def resolve_answer(delivery: Delivery):
        return getattr(delivery, "answer", None)


class ProposalLinkOut(Schema):
    kind: Literal["activity", "vote_event", "bill", "question"]
    id: int
    title: str
    date: date | None
    url: str | None = Field(description="The record's page on the site, when it has one.")

    @staticmethod
    def resolve_kind(link: ActivityLink) -> str:
        return _link_kind(link)

    @staticmethod
    def resolve_id(link: ActivityLink) -> int:
        return link.target.pk

    @staticmethod
    def resolve_title(link: ActivityLink) -> str:
        target = link.target
        return getattr(target, "motion", None) or target.title

    @staticmethod
    def resolve_date(link: ActivityLink):
        target = link.target
        for name in ("date", "introduced_on", "asked_on"):
            if hasattr(target, name):
                return getattr(target, name)
        return None

    @staticmethod
    def resolve_url(link: ActivityLink):
        kind = _link_kind(link)
        if kind == "activity":
            return None
        return reverse(f"parliament:{kind}", args=[link.target.pk])


def _link_kind(link: ActivityLink) -> str:
    for kind in ("activity", "vote_event", "bill", "question"):
        if getattr(link, f"{kind}_id"):
            return kind
    raise ValueError(link)


class ProposalDetailOut(ProposalOut):
    body: str
    language: str
    targets: list[PersonRef] = Field(description="The representatives the author addressed.")
    submitted_at: datetime | None
    merged_from: int = Field(0, description="How many duplicates were merged into this one.")
    timeline: list[ProposalStatusChangeOut] = Field(description="Public status changes.")
    milestones: list[ProposalMilestoneOut]
    deliveries: list[ProposalDeliveryOut]
    links: list[ProposalLinkOut] = Field(description="Parliamentary records that came of it.")

    @staticmethod
    def resolve_timeline(proposal: Proposal):
        return [c for c in proposal.changes.all() if c.to_status in states.PUBLIC_TIMELINE]

    @staticmethod
    def resolve_merged_from(proposal: Proposal) -> int:
        return getattr(proposal, "n_merged", 0)


class ProposalStatusOut(Schema):
    code: AnyStatus
    label: str
    public: bool = Field(description="Shown to everyone (unless hidden after reports).")
    outcome: bool


class ProposalTransitionOut(Schema):
    from_status: AnyStatus
    to_status: AnyStatus
    actors: list[ActorCode]


class ProposalStateMachineOut(Schema):
    statuses: list[ProposalStatusOut]
    transitions: list[ProposalTransitionOut]


class ProposalSupportOut(Schema):
    supported: bool = Field(description="Whether you support the proposal now.")
    support_count: int


class ProposalErrorOut(Schema):
    detail: str


ERRORS = {401: ProposalErrorOut, 403: ProposalErrorOut, 409: ProposalErrorOut}


# --- Reading --------------------------------------------------------------------------------


def _public(pk: int) -> Proposal:
    """The proposal as the public sees it, or 404 (hidden, rejected … look missing)."""
    try:
        return selectors.access_proposal(AnonymousUser(), pk)
    except Proposal.DoesNotExist:
        raise HttpError(404, _("No published proposal has this number.")) from None


@router.get("/proposals", response=list[ProposalOut], summary="List proposals")
@paginate(Pagination)
def list_proposals(request, filters: Query[ProposalFilters]):
    """Published proposals (and those further along), with filters and a sort order."""
    return selectors.proposal_list(**filters.model_dump(exclude_none=True))


@router.get(
    "/proposals/{id}",
    response={200: ProposalDetailOut, 404: ProposalErrorOut},
    summary="One proposal",
)
def get_proposal(request, id: Id):
    """A proposal with its public timeline, milestones, deliveries with their answers, and
    the parliamentary records linked to it."""
    proposal = _public(id)
    proposal.n_merged = Proposal.objects.filter(merged_into=proposal).count()
    return proposal


@router.get(
    "/proposals/{id}/milestones",
    response={200: list[ProposalMilestoneOut], 404: ProposalErrorOut},
    summary="A proposal's milestones",
)
def list_milestones(request, id: Id):
    """Dated steps towards the outcome, with a progress percentage, oldest first."""
    proposal = _public(id)
    return list(proposal.milestones.all())


@router.get("/proposal-statuses", response=ProposalStateMachineOut, summary="The state machine")
def proposal_statuses(request):
    """Every status a proposal can have, and every allowed transition with who may make it."""
    return {
        "statuses": [
            {
                "code": s.value,
                "label": str(STATUS_LABELS[s]),
                "public": s in states.PUBLIC,
                "outcome": s in states.OUTCOMES,
            }
            for s in Status
        ],
        "transitions": [
            {"from_status": a, "to_status": b, "actors": sorted(actors)}
            for (a, b), actors in states.TRANSITIONS.items()
        ],
    }


# --- Writing --------------------------------------------------------------------------------


def _member(request):
    if not has_role(request.user, Role.MEMBER):
        raise HttpError(403, _("Only members can support proposals."))
    if ratelimit.consume(request, "support") is None:
        raise HttpError(429, _("You tried this too many times in a short while. Please wait."))


def _service(call):
    # The request is well formed (its schema checked it); the proposal, as it is now, or
    # who you are to it (its author …) does not allow it: a conflict, not a bad request.
    try:
        return call()
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from None


def _support_out(request, proposal: Proposal) -> dict:
    proposal.refresh_from_db(fields=["support_count"])
    return {
        "supported": selectors.is_supporting(request.user, proposal),
        "support_count": proposal.support_count,
    }


@router.post(
    "/proposals/{id}/support",
    auth=django_auth,
    response={200: ProposalSupportOut, **ERRORS, 404: ProposalErrorOut, 429: ProposalErrorOut},
    summary="Support a proposal",
)
def support(request, id: Id):
    """Support the proposal as the signed-in member (once; supporting again changes
    nothing). Needs the session cookie and the CSRF token, as the site's forms do."""
    _member(request)
    proposal = _public(id)
    _service(lambda: services.support_add(actor=request.user, proposal=proposal))
    return _support_out(request, proposal)


@router.delete(
    "/proposals/{id}/support",
    auth=django_auth,
    response={200: ProposalSupportOut, **ERRORS, 404: ProposalErrorOut, 429: ProposalErrorOut},
    summary="Withdraw a support",
)
def withdraw_support(request, id: Id):
    """Withdraw the signed-in member's support."""
    _member(request)
    proposal = _public(id)
    _service(lambda: services.support_withdraw(actor=request.user, proposal=proposal))
    return _support_out(request, proposal)


@router.post(
    "/proposals/{id}/milestones",
    auth=django_auth,
    response={201: ProposalMilestoneOut, **ERRORS, 404: ProposalErrorOut},
    summary="Add a milestone",
)
def add_milestone(request, id: Id, milestone: ProposalMilestoneIn):
    """Record a dated step towards the outcome. Organizers with two-factor authentication
    only; the author and supporters are notified."""
    if not has_role(request.user, Role.ORGANIZER):
        raise HttpError(403, _("Only organizers can add milestones."))
    if not is_verified(request, Role.ORGANIZER):
        raise HttpError(
            403,
            _(
                "Staff need two-factor authentication, entered in this session. Sign in "
                "with your authenticator app's code and try again."
            ),
        )
    proposal = _public(id)

    def add():
        return services.milestone_add(
            actor=request.user,
            proposal=proposal,
            date=milestone.date,
            note=milestone.note,
            progress=milestone.progress,
        )

    return Reply(201, _service(add))
