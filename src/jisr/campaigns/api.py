"""The public events as JSON: what an event's public page shows and nothing more. Never an
address, a link to join, private instructions, an attendee or a registration; never a
members-only or draft event."""

import datetime

from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Id, Pagination, RowsOf

from . import event_selectors as selectors
from .models.events import Event

router = Router(tags=["campaigns"])


class TimeslotOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None = Field(description="Places in all; null: no limit.")
    places_left: int | None = Field(description="Null: no limit.")
    waiting: int = Field(description="People on the waiting list.")


class EventOut(Schema):
    id: int
    kind: str
    format: str
    title: str
    title_en: str
    description: str
    city: str = Field(description="The city only; the address is told to those registered.")
    url: str
    starts_at: datetime.datetime | None = Field(description="The next timeslot's start.")


class EventDetailOut(EventOut):
    agenda: str
    status: str
    timeslots: list[TimeslotOut]


def _event(event: Event, request) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "format": event.format,
        "title": event.title,
        "title_en": event.title_en,
        "description": event.description,
        "city": event.city,
        "url": request.build_absolute_uri(reverse("campaigns:event", args=[event.pk])),
        "starts_at": getattr(event, "next_start", None),
    }


@router.get("/events", response=list[EventOut], summary="Upcoming public events")
@paginate(Pagination)
def list_events(request):
    """The organization's public events to come, the soonest first."""
    return RowsOf(
        selectors.upcoming(selectors.public_events()),
        lambda events: [_event(e, request) for e in events],
    )


@router.get("/events/{id}", response=EventDetailOut, summary="One public event")
def get_event(request, id: Id):
    """A public event with its timeslots and their places; members-only events are not
    found here."""
    try:
        event = selectors.public_events().get(pk=id)
    except Event.DoesNotExist:
        raise Http404 from None
    slots = selectors.timeslots_with_places(event)
    upcoming = [s.starts_at for s in slots if not s.started]
    return {
        **_event(event, request),
        "starts_at": upcoming[0] if upcoming else None,
        "agenda": event.agenda,
        "status": event.status,
        "timeslots": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "capacity": s.capacity,
                "places_left": s.left,
                "waiting": s.waiting,
            }
            for s in slots
        ],
    }
