"""What each person may see of the organizations.

- The public sees verified, publicly listed organizations; signed-in members also see the
  verified members-only ones (marked as such). Pending and rejected organizations are never
  listed, and their pages answer 404 except to their own delegates and to organizers (and,
  for a pending one, to the acting delegates of verified organizations, who may vouch).
- Delegates are shown only to organizers and to the organization's own delegates.
- An organization's members (``Affiliation``) are shown only to its own acting delegates,
  and only those who opted in to share their contact.
"""

from django.db.models import Count, Q, QuerySet

from jisr.accounts.roles import Role, has_role

from .models import (
    Affiliation,
    Coalition,
    CoalitionStatus,
    Delegate,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
)


def public_organizations() -> QuerySet[Organization]:
    """Verified organizations anyone may see (the API, search, the home page)."""
    return Organization.objects.filter(
        status=OrganizationStatus.VERIFIED, visibility=OrganizationVisibility.PUBLIC
    )


def listed_organizations(user) -> QuerySet[Organization]:
    """The directory for ``user``: members-only organizations for signed-in people only."""
    if user.is_authenticated:
        return Organization.objects.filter(status=OrganizationStatus.VERIFIED)
    return public_organizations()


def is_organizer(user) -> bool:
    return user.is_authenticated and has_role(user, Role.ORGANIZER)


def may_see(user, organization: Organization, delegations: list[Delegate]) -> bool:
    """Whether ``user`` may open ``organization``'s page (``delegations``: their open
    mandates, as ``acting.current_delegations`` reads them)."""
    if organization.is_public:
        return True
    if organization.is_verified and user.is_authenticated:
        return True
    if any(d.organization_id == organization.pk for d in delegations):
        return True
    if organization.status == OrganizationStatus.PENDING and any(
        d.may_act and d.organization.is_verified for d in delegations
    ):
        return True  # a verified organization's delegate may vouch for it
    return is_organizer(user)


def may_see_delegates(user, organization: Organization, delegations: list[Delegate]) -> bool:
    return any(d.organization_id == organization.pk for d in delegations) or is_organizer(user)


def open_delegates(organization: Organization) -> list[Delegate]:
    return list(
        organization.delegates.filter(ends_on__isnull=True)
        .select_related("user")
        .order_by("role", "starts_on", "pk")
    )


def current_coalitions(organization: Organization) -> list[Coalition]:
    return list(
        Coalition.objects.filter(
            memberships__organization=organization, memberships__left_on__isnull=True
        ).order_by("name", "pk")
    )


def directory_cities(organizations: QuerySet[Organization]) -> list[str]:
    return list(organizations.order_by("city").values_list("city", flat=True).distinct())


def filtered(organizations: QuerySet[Organization], *, kind: str, city: str):
    if kind:
        organizations = organizations.filter(kind=kind)
    if city:
        organizations = organizations.filter(city=city)
    return organizations


def affiliation_of(user, organization: Organization) -> Affiliation | None:
    if not user.is_authenticated:
        return None
    return Affiliation.objects.filter(organization=organization, user=user).first()


def sharing_members(organization: Organization) -> list[Affiliation]:
    """The organization's members who opted in to share their contact."""
    return list(
        Affiliation.objects.filter(organization=organization, share_contact=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def member_counts(organization: Organization) -> dict:
    return Affiliation.objects.filter(organization=organization).aggregate(
        members=Count("pk"), sharing=Count("pk", filter=Q(share_contact=True))
    )


def verification_queue() -> QuerySet[Organization]:
    """Pending organizations, oldest first, with their evidence and vouches counted."""
    return (
        Organization.objects.filter(status=OrganizationStatus.PENDING)
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            vouch_count=Count("vouches", distinct=True),
        )
        .order_by("created_at", "pk")
    )


def home_counts() -> dict:
    """The home page card's two numbers, in one query each."""
    return {
        "organizations": public_organizations().count(),
        "coalitions": Coalition.objects.exclude(status=CoalitionStatus.DISSOLVED).count(),
    }
