"""The coalitions as JSON: charters and current member organizations — publicly listed,
verified ones only, as a visitor sees them. Never a delegate, never a members-only
organization."""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Pagination, RowsOf

from . import coalition_selectors as selectors
from .models import CoalitionMembership

router = Router(tags=["coalition"])


class MemberOut(Schema):
    organization_id: int
    name: str
    name_en: str
    joined_on: datetime.date
    commitments: str
    offers: str


class CoalitionOut(Schema):
    id: int
    name: str
    name_en: str
    status: str
    charter: str
    charter_en: str
    members: list[MemberOut]


def _coalitions_out(coalitions: list) -> list:
    """A page of coalitions with their public current members (one more query)."""
    members: dict[int, list[dict]] = {c.pk: [] for c in coalitions}
    rows = (
        CoalitionMembership.objects.filter(coalition__in=coalitions, left_on__isnull=True)
        .filter(selectors.organization_filter(True, "organization__"))
        .select_related("organization")
        .order_by("joined_on", "pk")
    )
    for membership in rows:
        organization = membership.organization
        members[membership.coalition_id].append(
            {
                "organization_id": organization.pk,
                "name": organization.name,
                "name_en": organization.name_en,
                "joined_on": membership.joined_on,
                "commitments": membership.commitments,
                "offers": membership.offers,
            }
        )
    return [
        {
            "id": c.pk,
            "name": c.name,
            "name_en": c.name_en,
            "status": c.status,
            "charter": c.charter,
            "charter_en": c.charter_en,
            "members": members[c.pk],
        }
        for c in coalitions
    ]


@router.get("/coalitions", response=list[CoalitionOut], summary="Coalitions and their members")
@paginate(Pagination)
def list_coalitions(request):
    """Every coalition with its charter and its current member organizations (publicly
    listed, verified ones only)."""
    return RowsOf(selectors.coalitions_listed(public_only=True), _coalitions_out)
