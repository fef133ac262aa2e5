"""The coalitions part's hooks (see ``apps.PARTS``)."""

from django.utils.translation import gettext_lazy as _


def landing_section(request):
    """Every coalition with its number of current members one may see (one query)."""
    from .. import coalition_selectors as selectors
    from ..landing import Section

    public_only = not selectors.sees_members_only(request.user)
    coalitions = list(selectors.coalitions_listed(public_only=public_only))
    if not coalitions:
        return None
    return Section(10, "coalition/coalitions/_landing.html", {"coalitions": coalitions})


def search_types():
    from ..coalition_search import search_types

    return search_types()


def connect_signals():
    from ..coalition_search import connect_signals

    connect_signals()


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    return [StaffLink("coalition_staff:coalition_list", _("Coalitions"))]


def load_demo(stdout):
    from ..coalition_demo import load

    load(stdout)


def report_section(start, end):
    """How many publicly listed organizations joined and left coalitions in ``start``–``end``
    (counts only), or None when none did."""
    from django.db.models import Count, Q

    from ..coalition_selectors import organization_filter
    from ..models import CoalitionMembership

    counts = CoalitionMembership.objects.filter(
        organization_filter(True, "organization__")
    ).aggregate(
        joined=Count("pk", filter=Q(joined_on__range=(start, end))),
        left=Count("pk", filter=Q(left_on__range=(start, end))),
    )
    return counts if counts["joined"] or counts["left"] else None
