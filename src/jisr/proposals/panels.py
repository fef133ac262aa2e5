"""The proposals' panel on a representative's profile (``ProposalsConfig.panels``)."""

from jisr.core.panels import Panel

from . import selectors
from .models import STATUS_LABELS
from .states import Status

DELIVERED_SHOWN = 10


def panels(slot: str, request, obj) -> list[Panel]:
    if slot == "person.sections":
        return [Panel(10, "proposals/_representative_block.html", representative_block(obj))]
    return []


def representative_block(person) -> dict:
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
