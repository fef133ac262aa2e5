"""Proposals on other apps' pages, without those apps importing proposals: the
representative's profile loads this library (``{% representative_proposals person %}``)."""

from django import template

from .. import selectors
from ..forms import localized_name
from ..models import STATUS_LABELS
from ..states import Status

register = template.Library()

DELIVERED_SHOWN = 10


@register.filter
def localized(obj) -> str:
    """A topic's or governorate's name in the page language."""
    return localized_name(obj) if obj is not None else ""


@register.inclusion_tag("proposals/_representative_block.html")
def representative_proposals(person):
    """The representative's responsiveness, WriteToThem's figures from our own records
    (delivered, answered, median days to an answer, outcomes), and the latest public
    proposals delivered to them."""
    figures = selectors.responsiveness(person)
    delivered = (
        selectors.public_proposals()
        .filter(deliveries__representative=person)
        .select_related("topic", "area")
        .order_by("-last_update_at", "-id")
    )
    median = figures["median_days"]
    return {
        "person": person,
        "delivered": figures["delivered"],
        "answered": figures["answered"],
        "answer_rate": round(100 * figures["answered"] / figures["delivered"])
        if figures["delivered"]
        else None,
        "median_days": round(median) if median is not None else None,
        "outcomes": [
            (STATUS_LABELS[status], figures["outcomes"][status])
            for status in Status
            if status in figures["outcomes"]
        ],
        # No delivery, no proposal to look up: one query for most profiles.
        "proposals": list(delivered[:DELIVERED_SHOWN]) if figures["delivered"] else [],
    }
