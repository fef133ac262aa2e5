"""The coalition's joint proposals and endorsements as JSON: each joint proposal with its
coalition, its proposal's status in the proposals' flow and the organizations that
co-sign it; each endorsed proposal with the organizations that endorse it. Only publicly
listed, verified organizations are named; members-only ones are counted, never named.
Delegates never appear."""

import datetime

from django.db.models import Prefetch
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Pagination, RowsOf
from jisr.proposals import selectors as proposal_selectors

from . import joint_selectors as selectors
from .models import CoSignature, Endorsement

router = Router(tags=["coalition"])


class JointOrganizationRef(Schema):
    id: int
    name: str
    name_en: str


class ProposalRef(Schema):
    id: int
    title: str
    status: str = Field(description="The proposal's status in the proposals' flow.")


class JointCoalitionRef(Schema):
    id: int
    name: str
    name_en: str


class JointOut(Schema):
    id: int
    coalition: JointCoalitionRef
    proposal: ProposalRef
    written_jointly: bool
    adopted_at: datetime.datetime | None
    cosigners: list[JointOrganizationRef] = Field(description="Publicly listed organizations.")
    cosigners_not_listed: int = Field(description="Members-only organizations, counted.")


class EndorsedOut(Schema):
    proposal: ProposalRef
    endorsers: list[JointOrganizationRef] = Field(description="Publicly listed organizations.")
    endorsers_not_listed: int = Field(description="Members-only organizations, counted.")


def _organization(o) -> dict:
    return {"id": o.pk, "name": o.name, "name_en": o.name_en}


def _proposal(p) -> dict:
    return {"id": p.pk, "title": p.title, "status": p.status}


def _joints_out(joints: list) -> list:
    out = []
    for j in joints:
        cosigners = selectors.named((s.organization for s in j.cosignatures.all()), members=False)
        out.append(
            {
                "id": j.pk,
                "coalition": {
                    "id": j.coalition.pk,
                    "name": j.coalition.name,
                    "name_en": j.coalition.name_en,
                },
                "proposal": _proposal(j.proposal),
                "written_jointly": j.written_jointly,
                "adopted_at": j.adopted_at,
                "cosigners": [_organization(o) for o in cosigners.shown],
                "cosigners_not_listed": cosigners.not_listed,
            }
        )
    return out


def _endorsed_out(proposals: list) -> list:
    out = []
    for p in proposals:
        endorsers = selectors.named((e.organization for e in p.endorsements.all()), members=False)
        out.append(
            {
                "proposal": _proposal(p),
                "endorsers": [_organization(o) for o in endorsers.shown],
                "endorsers_not_listed": endorsers.not_listed,
            }
        )
    return out


@router.get("", response=list[JointOut], summary="Joint proposals and their co-signers")
@paginate(Pagination)
def list_joint(request):
    """Proposals coalitions carry jointly, newest adoption first, with their status and
    the publicly listed organizations that co-sign them."""
    joints = (
        selectors.public_joint_proposals()
        .select_related("coalition", "proposal")
        .prefetch_related(
            Prefetch("cosignatures", queryset=CoSignature.objects.select_related("organization"))
        )
        .order_by("-adopted_at", "-pk")
    )
    return RowsOf(joints, _joints_out)


@router.get("/endorsements", response=list[EndorsedOut], summary="Proposals organizations endorse")
@paginate(Pagination)
def list_endorsements(request):
    """Published proposals endorsed by verified organizations, most recently updated first,
    with the publicly listed organizations that endorse each."""
    proposals = (
        proposal_selectors.public_proposals()
        .filter(endorsements__organization__status="verified")
        .distinct()
        .prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("organization"))
        )
        .order_by("-last_update_at", "-id")
    )
    return RowsOf(proposals, _endorsed_out)
