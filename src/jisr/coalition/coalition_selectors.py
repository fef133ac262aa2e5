"""The reads of the coalitions' pages and API.

Who sees which organization: visitors (and the API, feeds and search) only verified,
publicly listed ones; signed-in members also the verified members-only ones. Delegates are
read only for organizers (``delegates_by_organization``).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from jisr.campaigns.event_selectors import members_may_see

from .models import (
    Coalition,
    CoalitionMembership,
    Delegate,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
    WorkingGroup,
)


def organization_filter(public_only: bool, prefix: str = "") -> Q:
    """The organizations one may see: verified, and publicly listed unless not ``public_only``."""
    condition = Q(**{f"{prefix}status": OrganizationStatus.VERIFIED})
    if public_only:
        condition &= Q(**{f"{prefix}visibility": OrganizationVisibility.PUBLIC})
    return condition


def sees_members_only(user) -> bool:
    return members_may_see(user)


def in_language(arabic: str, english: str) -> str:
    return english if get_language() == "en" and english else arabic


def coalitions_listed(public_only: bool = True) -> QuerySet[Coalition]:
    """Every coalition with the number of its current members one may see (one query)."""
    current = Q(memberships__left_on__isnull=True) & organization_filter(
        public_only, "memberships__organization__"
    )
    return Coalition.objects.annotate(
        member_count=Count("memberships", filter=current, distinct=True)
    ).order_by("name", "pk")


@dataclass
class CoalitionPage:
    coalition: Coalition
    current: list[CoalitionMembership]
    former: list[CoalitionMembership]
    groups: list[WorkingGroup]


def coalition_page(pk: int, *, public_only: bool) -> CoalitionPage:
    """A coalition, its memberships one may see (current, then former) and its working groups
    with their visible organizations (three queries)."""
    coalition = Coalition.objects.get(pk=pk)
    memberships = list(
        CoalitionMembership.objects.filter(coalition=coalition)
        .filter(organization_filter(public_only, "organization__"))
        .select_related("organization")
        .order_by("joined_on", "pk")
    )
    visible = Organization.objects.filter(organization_filter(public_only)).order_by("name", "pk")
    groups = list(
        coalition.working_groups.prefetch_related(Prefetch("organizations", queryset=visible))
    )
    return CoalitionPage(
        coalition=coalition,
        current=[m for m in memberships if m.left_on is None],
        former=[m for m in memberships if m.left_on is not None],
        groups=groups,
    )


def delegates_by_organization(organization_ids) -> dict[int, list[Delegate]]:
    """The open mandates of these organizations, with their person (organizers only)."""
    found: dict[int, list[Delegate]] = {}
    rows = (
        Delegate.objects.filter(organization_id__in=list(organization_ids), ends_on__isnull=True)
        .select_related("user")
        .order_by("role", "pk")
    )
    for delegate in rows:
        found.setdefault(delegate.organization_id, []).append(delegate)
    return found
