"""The resource exchange as JSON: the open offers and needs of publicly listed, verified
organizations. Never the delegate who posted one."""

import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Pagination, RowsOf

from .resource_selectors import open_listings

router = Router(tags=["coalition"])


class ListingOut(Schema):
    id: int
    kind: str
    category: str
    title: str
    title_en: str
    details: str
    city: str
    until: datetime.date | None
    organization_id: int
    organization: str
    organization_en: str
    created_at: datetime.datetime


def _listings_out(listings: list) -> list:
    return [
        {
            "id": row.pk,
            "kind": row.kind,
            "category": row.category,
            "title": row.title,
            "title_en": row.title_en,
            "details": row.details,
            "city": row.city,
            "until": row.until,
            "organization_id": row.organization_id,
            "organization": row.organization.name,
            "organization_en": row.organization.name_en,
            "created_at": row.created_at,
        }
        for row in listings
    ]


@router.get("/exchange", response=list[ListingOut], summary="Open offers and needs")
@paginate(Pagination)
def list_exchange(request):
    """Open offers and needs of publicly listed organizations, the newest first."""
    return RowsOf(open_listings(public_only=True), _listings_out)
