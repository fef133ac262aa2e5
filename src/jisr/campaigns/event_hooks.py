"""What the events part gives the foundation through ``CampaignsConfig``: the front page's
block, the member's data for export and erasure, and the demo."""

from django.http import HttpRequest


def home_blocks(request: HttpRequest) -> list:
    """The next three public events (one query), after the report and the proposals."""
    from jisr.core.home import HomeBlock

    from .event_selectors import display_title, home_events

    events = home_events(3)
    for event in events:
        event.display_title = display_title(event)
    return [HomeBlock(35, "campaigns/events/_home.html", {"events": events})]


def export_personal_data(user) -> list[dict]:
    from .event_selectors import registrations_of

    return [
        {
            "event": r.timeslot.event.title,
            "event_id": r.timeslot.event_id,
            "starts_at": r.timeslot.starts_at.isoformat(),
            "status": r.status,
            "code": r.code,
            "listed": r.listed,
            "registered_at": r.created_at.isoformat(),
            "offered_until": r.offered_until.isoformat() if r.offered_until else None,
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
        }
        for r in registrations_of(user).order_by("created_at", "pk")
    ]


def erase_personal_data(user) -> None:
    from .services.events import registrations_erase_for_user

    registrations_erase_for_user(user)
