"""The directory as JSON: verified, publicly listed organizations only. Never a delegate,
never a member, never a pending, rejected or members-only organization."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination, RowsOf

from .models import Coalition, CoalitionMembership, Organization
from .organization_selectors import public_organizations

router = Router(tags=["coalition"])


class MembershipCoalitionRef(Schema):
    id: int
    name: str
    name_en: str


class CommunityOrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str = Field(
        description="club, association, union, student, cultural, religious, media or party_branch."
    )
    city: str
    country: str
    about: str
    about_en: str
    website: str
    verified_on: datetime.date | None
    coalitions: list[MembershipCoalitionRef] = Field(
        description="The coalitions it is a member of now."
    )


def _out(organization: Organization, coalitions: list[Coalition]) -> dict:
    verified = organization.verified_at
    return {
        "id": organization.pk,
        "name": organization.name,
        "name_en": organization.name_en,
        "kind": organization.kind,
        "city": organization.city,
        "country": organization.country,
        "about": organization.about,
        "about_en": organization.about_en,
        "website": organization.website,
        "verified_on": verified.date() if verified else None,
        "coalitions": [{"id": c.pk, "name": c.name, "name_en": c.name_en} for c in coalitions],
    }


def _rows(organizations: list[Organization]) -> list[dict]:
    """A page of organizations with their current coalitions, in one more query."""
    found: dict[int, list[Coalition]] = {o.pk: [] for o in organizations}
    memberships = (
        CoalitionMembership.objects.filter(organization__in=list(found), left_on__isnull=True)
        .select_related("coalition")
        .order_by("coalition__name", "pk")
    )
    for membership in memberships:
        found[membership.organization_id].append(membership.coalition)
    return [_out(o, found[o.pk]) for o in organizations]


@router.get(
    "/organizations", response=list[CommunityOrganizationOut], summary="Verified organizations"
)
@paginate(Pagination)
def list_organizations(request):
    """Verified organizations listed publicly, by name."""
    return RowsOf(public_organizations().order_by("name", "pk"), _rows)


@router.get(
    "/organizations/{id}", response=CommunityOrganizationOut, summary="One verified organization"
)
def get_organization(request, id: Number):
    organization = public_organizations().filter(pk=id).first()
    if organization is None:
        raise Http404
    return _rows([organization])[0]
