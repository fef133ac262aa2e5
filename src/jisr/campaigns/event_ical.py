"""Events as iCalendar (RFC 5545), written by the ``icalendar`` library: one file per event
(a VEVENT per timeslot) and the feed of the organization's public events.

Every VEVENT carries the event page's URL. The public copy says the city only; a member
registered for the event gets, in their own copy, the address, the link to join online and
the instructions for those registered.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .event_selectors import display_title
from .models.events import Event, EventFormat, Timeslot

PRODUCT = "-//Jisr//Events//AR"


def event_url(event: Event) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + reverse("campaigns:event", args=[event.pk])


def _host() -> str:
    return settings.JISR_SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "jisr"


def _vevent(event: Event, slot: Timeslot, *, now: datetime, private: bool) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}-slot-{slot.pk}@{_host()}")
    vevent.add("dtstamp", now)
    vevent.add("dtstart", slot.starts_at.astimezone(UTC))
    vevent.add("dtend", slot.ends_at.astimezone(UTC))
    vevent.add("summary", display_title(event))
    url = event_url(event)
    vevent.add("url", url)
    parts = [event.description, event.agenda]
    location = event.city
    if private:
        if event.address and event.format != EventFormat.ONLINE:
            location = ", ".join(p for p in (event.address.replace("\n", ", "), event.city) if p)
        if event.online_url and event.format != EventFormat.IN_PERSON:
            parts.append(_("Join online: %(link)s") % {"link": event.online_url})
        parts.append(event.private_instructions)
    elif event.format == EventFormat.ONLINE:
        location = _("Online")
    parts.append(url)
    vevent.add("description", "\n\n".join(p.strip() for p in parts if p and p.strip()))
    if location:
        vevent.add("location", location)
    if event.status == "cancelled":
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def calendar(
    name: str,
    events: Iterable[tuple[Event, Iterable[Timeslot], bool]],
    *,
    now: datetime | None = None,
) -> bytes:
    """A calendar of (event, its timeslots, whether this copy is a registered member's)."""
    now = now or datetime.now(UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event, slots, private in events:
        for slot in slots:
            cal.add_component(_vevent(event, slot, now=now, private=private))
    return cal.to_ical()
