"""The calendar part's hooks (see ``apps.PARTS``): the shared calendar and the resource
exchange."""

from django.utils.translation import gettext_lazy as _

#: The slot of the campaigns' event page where the co-hosting organizations are shown.
EVENT_SLOT = "campaigns.event.cohosts"


def panels(slot, request, obj):
    """On an event's page: the publicly listed organizations co-hosting and promoting it
    (one query). Never a delegate, never a registration."""
    if slot != EVENT_SLOT:
        return []
    from jisr.core.panels import Panel

    from ..calendar_selectors import event_organizations

    cohosts, promoters = event_organizations(obj)
    if not cohosts and not promoters:
        return []
    context = {"cohosts": cohosts, "promoters": promoters}
    return [Panel(order=40, template="coalition/calendar/_event_panel.html", context=context)]


def landing_section(request):
    """The latest open offers and needs one may see (one query), and for a delegate the
    links to their organization's pages (one more)."""
    from ..acting import current_delegations
    from ..coalition_selectors import sees_members_only
    from ..landing import Section
    from ..resource_selectors import open_listings

    listings = list(open_listings(public_only=not sees_members_only(request.user))[:5])
    context = {"listings": listings, "delegate": bool(current_delegations(request.user))}
    return Section(60, "coalition/resources/_landing.html", context)


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    return [StaffLink("coalition_staff:calendar_cohosts", _("Event co-hosts"))]


def load_demo(stdout):
    from ..calendar_demo import load

    load(stdout)


def report_section(start, end):
    """Counts of ``start``–``end``: public events co-hosted (accepted) and promoted by
    organizations, offers and needs posted (publicly listed organizations only), or None."""
    from django.db.models import Count, Q

    from ..coalition_selectors import organization_filter
    from ..models import EventCohost, EventPromotion, ResourceListing

    public = organization_filter(True, "organization__")
    events = Q(event__status__in=("published", "closed"), event__audience="public")
    data = {
        "cohosted": EventCohost.objects.filter(
            public, events, accepted_at__date__range=(start, end)
        ).count(),
        "promoted": EventPromotion.objects.filter(
            public, events, promoted_at__date__range=(start, end)
        ).count(),
        **ResourceListing.objects.filter(public, created_at__date__range=(start, end)).aggregate(
            offers=Count("pk", filter=Q(kind="offer")), needs=Count("pk", filter=Q(kind="need"))
        ),
    }
    return data if any(data.values()) else None
