"""The shared calendar's reads: the coalition's events to come, the co-hosts of an event,
the invitations waiting for a delegate's organizations.

Only published public events ever appear (``campaigns.event_selectors.public_events``);
only publicly listed organizations are named. Never a registration: counts stay on the
event's own pages.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from jisr.campaigns import event_selectors
from jisr.campaigns.models import Event, Timeslot

from .coalition_selectors import organization_filter
from .models import Coalition, Delegate, EventCohost, EventPromotion, Organization


def _members(coalition: Coalition):
    return coalition.memberships.filter(left_on__isnull=True).values("organization_id")


def coalition_events(coalition: Coalition) -> QuerySet[Event]:
    """Public events co-hosted (accepted) or promoted by the coalition's current members."""
    members = _members(coalition)
    cohosted = EventCohost.objects.filter(
        event=OuterRef("pk"), accepted_at__isnull=False, organization_id__in=members
    )
    promoted = EventPromotion.objects.filter(event=OuterRef("pk"), organization_id__in=members)
    return event_selectors.public_events().filter(Q(Exists(cohosted)) | Q(Exists(promoted)))


def upcoming_events(coalition: Coalition, limit: int = 50) -> list[Event]:
    """The coalition's public events to come, soonest first (one query)."""
    events = list(event_selectors.upcoming(coalition_events(coalition))[:limit])
    for event in events:
        event.display_title = event_selectors.display_title(event)
    return events


def feed_events(coalition: Coalition, limit: int = 200) -> list[Event]:
    """The coalition's public events of the last 90 days and to come, with their timeslots
    (two queries)."""
    recent = timezone.now() - datetime.timedelta(days=90)
    slots = Prefetch("timeslots", queryset=Timeslot.objects.order_by("starts_at", "pk"))
    return list(
        coalition_events(coalition)
        .filter(Exists(Timeslot.objects.filter(event=OuterRef("pk"), ends_at__gte=recent)))
        .only(*event_selectors.LIST_FIELDS, "agenda")
        .prefetch_related(slots)
        .order_by("-pk")[:limit]
    )


def event_organizations(event: Event) -> tuple[list[Organization], list[Organization]]:
    """The publicly listed organizations co-hosting (accepted) and, apart from them,
    promoting an event (one query)."""
    cohosted = EventCohost.objects.filter(
        event=event, accepted_at__isnull=False, organization=OuterRef("pk")
    )
    promoted = EventPromotion.objects.filter(event=event, organization=OuterRef("pk"))
    rows = list(
        Organization.objects.filter(organization_filter(True))
        .annotate(cohosts=Exists(cohosted), promotes=Exists(promoted))
        .filter(Q(cohosts=True) | Q(promotes=True))
        .order_by("name", "pk")
    )
    return [o for o in rows if o.cohosts], [o for o in rows if o.promotes and not o.cohosts]


def invitations_for(delegations: list[Delegate]) -> list[EventCohost]:
    """Invitations to co-host waiting for these delegates' organizations (one query)."""
    return list(
        EventCohost.objects.filter(
            organization_id__in=[d.organization_id for d in delegations],
            accepted_at__isnull=True,
            event__status__in=("draft", "published"),
        )
        .select_related("event", "organization")
        .order_by("invited_at", "pk")
    )


def promotable_events(limit: int = 100) -> list[Event]:
    """Public events to come that a member organization may promote (one query)."""
    events = list(event_selectors.upcoming(event_selectors.public_events())[:limit])
    for event in events:
        event.display_title = event_selectors.display_title(event)
    return events


def cohosts_listed(limit: int = 200) -> list[EventCohost]:
    """Every co-host invitation, the newest first (organizers; one query)."""
    return list(
        EventCohost.objects.select_related("event", "organization", "delegate__user").order_by(
            "-invited_at", "-pk"
        )[:limit]
    )
