"""The exchange's reads: open offers and needs of the organizations one may see, and a
delegate's own organizations' listings. Never the delegate who posted one."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from .coalition_selectors import organization_filter
from .models import Delegate, ListingStatus, ResourceListing


def open_listings(*, public_only: bool) -> QuerySet[ResourceListing]:
    """Open listings, not past their date, of verified organizations one may see."""
    today = timezone.localdate()
    return (
        ResourceListing.objects.filter(status=ListingStatus.OPEN)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .filter(organization_filter(public_only, "organization__"))
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )


def listings_of(delegations: list[Delegate], limit: int = 100) -> list[ResourceListing]:
    """These delegates' organizations' listings, open first, then the newest (one query)."""
    return list(
        ResourceListing.objects.filter(organization_id__in=[d.organization_id for d in delegations])
        .select_related("organization")
        .order_by("-status", "-created_at", "-pk")[:limit]
    )
