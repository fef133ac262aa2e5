"""Events for the organizer's-side tests, built through the services (registrations are
written as the member's side would write them)."""

import datetime
import itertools

from django.utils import timezone

from jisr.campaigns.models import Event, EventStatus, Registration
from jisr.campaigns.services import event_ops

_codes = itertools.count(1)

EVENT = {
    "kind": "town_hall",
    "format": "in_person",
    "audience": "public",
    "title": "لقاء تجريبي مع نائب",
    "title_en": "Test meeting with a representative",
    "description": "وصف تجريبي.",
    "agenda": "",
    "city": "مالمو",
    "address": "عنوان تجريبي ١",
    "online_url": "",
    "private_instructions": "",
    "photo_consent": "ask",
    "attendance_listing": False,
}


def new_event(*, status=EventStatus.PUBLISHED, past=False, actor="system:test", **fields):
    """An event with one time (ended when ``past``), in ``status``."""
    event = event_ops.event_create(actor=actor, **{**EVENT, **fields})
    start = timezone.now() + datetime.timedelta(days=-3 if past else 5)
    slot = event_ops.timeslot_add(
        actor=actor,
        event=event,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=20,
    )
    if status != EventStatus.DRAFT:
        # Straight to the state: publishing asks for a time still to come.
        Event.objects.filter(pk=event.pk).update(status=status, published_at=timezone.now())
        event.refresh_from_db()
    return event, slot


def register(slot, user, *, status="confirmed", code=None) -> Registration:
    code = code or f"TST{next(_codes):05d}"
    return Registration.objects.create(timeslot=slot, user=user, status=status, code=code)
