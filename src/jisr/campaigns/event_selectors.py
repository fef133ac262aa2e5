"""The reads of the events' public pages, the feeds, the API and the home page.

Who sees what: a visitor (and every list, feed, API answer and search document) sees the
published public events only; a member also sees the members-only ones; a draft is seen by
nobody here. The address, the online link and the private instructions are read only for a
member registered for the event (``my_registrations``), never in a list.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from .models.events import (
    HOLDING,
    Event,
    EventAudience,
    EventStatus,
    Registration,
    RegistrationStatus,
    Timeslot,
)

# What a list shows of an event: never the address, the link or the instructions.
LIST_FIELDS = (
    "id",
    "kind",
    "format",
    "audience",
    "status",
    "title",
    "title_en",
    "description",
    "city",
    "published_at",
)


def members_may_see(user) -> bool:
    """Whether this person may see members-only events: a signed-in member."""
    from jisr.accounts.roles import Role, has_role

    return bool(user is not None and user.is_authenticated and has_role(user, Role.MEMBER))


def display_title(event: Event) -> str:
    return event.title_en if get_language() == "en" and event.title_en else event.title


def public_events() -> QuerySet[Event]:
    """Published events anyone may see (the feeds, the API, search, the home page)."""
    return Event.objects.filter(status=EventStatus.PUBLISHED, audience=EventAudience.PUBLIC)


def visible_events(user) -> QuerySet[Event]:
    """Published events this person may see: members see the members-only ones too."""
    events = Event.objects.filter(status=EventStatus.PUBLISHED)
    if not members_may_see(user):
        events = events.filter(audience=EventAudience.PUBLIC)
    return events


def _with_dates(events: QuerySet[Event]) -> QuerySet[Any]:
    now = timezone.now()
    return events.annotate(
        next_start=Min("timeslots__starts_at", filter=Q(timeslots__ends_at__gt=now)),
        first_start=Min("timeslots__starts_at"),
        last_end=Max("timeslots__ends_at"),
    )


def upcoming(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with a timeslot still to come (or under way), the soonest first."""
    return (
        _with_dates(events)
        .filter(next_start__isnull=False)
        .only(*LIST_FIELDS)
        .order_by("next_start", "pk")
    )


def past(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events whose every timeslot has ended, the latest first."""
    return (
        _with_dates(events)
        .filter(next_start__isnull=True, last_end__isnull=False)
        .only(*LIST_FIELDS)
        .order_by("-last_end", "-pk")
    )


def home_events(limit: int = 3) -> list[Event]:
    """The next public events, for the front page (one query)."""
    return list(upcoming(public_events())[:limit])


def access_event(user, pk: int) -> Event:
    """The event's page as this person may open it; ``Event.DoesNotExist`` otherwise (a
    draft, or a members-only event for a visitor: they must not learn it exists). A
    cancelled or closed event keeps its page for those who knew of it."""
    events = Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.CLOSED]
    )
    if not members_may_see(user):
        events = events.filter(audience=EventAudience.PUBLIC)
    return events.get(pk=pk)


def is_host(user, event: Event) -> bool:
    """Whether the member hosts the event (a volunteer host may check people in)."""
    return user.is_authenticated and event.hosts.filter(pk=user.pk).exists()


def timeslots_with_places(event: Event) -> list[Timeslot]:
    """The event's timeslots, each with ``holding`` (places taken or offered), ``waiting``
    (on the waiting list) and ``left`` (None: no limit)."""
    rows = list(
        Timeslot.objects.filter(event=event)
        .annotate(
            n_holding=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
            n_waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")
    )
    now = timezone.now()
    slots: list[Timeslot] = []
    for slot in rows:
        slot.holding, slot.waiting = slot.n_holding, slot.n_waiting
        slot.left = None if slot.capacity is None else max(slot.capacity - slot.holding, 0)
        slot.started = slot.starts_at <= now
        slots.append(slot)
    return slots


def my_registrations(user, event: Event) -> dict[int, Registration]:
    """The member's live registrations for the event, by timeslot."""
    if not user.is_authenticated:
        return {}
    found = Registration.objects.filter(timeslot__event=event, user=user).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return {r.timeslot_id: r for r in found}


def listed_attendees(event: Event) -> list[str]:
    """The display names of the attendees who chose to be listed, if the event lets them:
    nobody else, ever."""
    if not event.attendance_listing:
        return []
    return list(
        Registration.objects.filter(
            timeslot__event=event,
            listed=True,
            status=RegistrationStatus.CONFIRMED,
        )
        .order_by("user__display_name", "user_id")
        .values_list("user__display_name", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class MyEvents:
    coming: list[Registration]
    past: list[Registration]


def registrations_of(user) -> QuerySet[Registration]:
    return Registration.objects.filter(user=user).select_related("timeslot__event")


def my_events(user) -> MyEvents:
    """The member's live registrations: those to come, soonest first, and the last ones
    past (two queries)."""
    now = timezone.now()
    live = registrations_of(user).exclude(status=RegistrationStatus.CANCELLED)
    return MyEvents(
        coming=list(live.filter(timeslot__ends_at__gt=now).order_by("timeslot__starts_at", "pk")),
        past=list(live.filter(timeslot__ends_at__lte=now).order_by("-timeslot__starts_at")[:20]),
    )


def feed_events(limit: int = 200) -> list[Event]:
    """The public events for the calendar feed, with their timeslots (two queries)."""
    slots = Prefetch("timeslots", queryset=Timeslot.objects.order_by("starts_at", "pk"))
    recent = timezone.now() - datetime.timedelta(days=90)
    return list(
        public_events()
        .filter(Exists(Timeslot.objects.filter(event=OuterRef("pk"), ends_at__gte=recent)))
        .only(*LIST_FIELDS, "agenda")
        .prefetch_related(slots)
        .order_by("-pk")[:limit]
    )
