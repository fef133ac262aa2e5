"""The organizations part's hooks (see ``apps.PARTS``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

#: Organizations per page of the directory.
PAGE_SIZE = 24


def load_demo(stdout):
    from .. import base_demo, organization_demo

    base_demo.load(stdout)
    organization_demo.load(stdout)


def landing_section(request):
    """The directory: verified organizations (members-only ones for signed-in people, marked),
    filtered by kind and city with a GET form, paginated."""
    from django.core.paginator import Paginator
    from django.utils.http import urlencode

    from jisr.core.text.digits import to_ascii_digits

    from .. import organization_selectors as selectors
    from ..landing import Section
    from ..organization_forms import DirectoryFilter

    listed = selectors.listed_organizations(request.user)
    form = DirectoryFilter(request.GET or None, cities=selectors.directory_cities(listed))
    kind = city = ""
    if form.is_valid():
        kind, city = form.cleaned_data["kind"], form.cleaned_data["city"]
    rows = selectors.filtered(listed, kind=kind, city=city)
    page = to_ascii_digits(request.GET.get("page") or "") or 1
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    query = urlencode({k: v for k, v in (("kind", kind), ("city", city)) if v})
    context = {"form": form, "page_obj": page_obj, "query": query, "filtered": bool(query)}
    return Section(0, "coalition/organizations/_directory.html", context)


def home_blocks(request):
    from jisr.core.home import HomeBlock

    from ..organization_selectors import home_counts

    return [HomeBlock(45, "coalition/organizations/_home.html", home_counts())]


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    from ..organization_selectors import verification_queue

    # The menu's link has no count (a count there costs every organizer's page a query);
    # the staff home shows how many wait ("what needs you now").
    return [
        StaffLink("coalition_staff:organization_queue", _("Organizations to verify")),
        StaffLink(
            "coalition_staff:organization_queue",
            _("Organizations to verify"),
            menu=False,
            count=lambda user: verification_queue().count(),
            count_text=ngettext_lazy(
                "%(count)d organization waits for verification",
                "%(count)d organizations wait for verification",
                "count",
            ),
        ),
    ]


def search_types():
    from ..organization_search import search_types

    return search_types()


def connect_signals():
    from ..organization_search import connect_signals

    connect_signals()


def export_personal_data(user) -> dict:
    from ..models import Affiliation, Delegate

    return {
        "organization_memberships": [
            {
                "organization": a.organization.name,
                "organization_id": a.organization_id,
                "share_contact": a.share_contact,
                "since": a.created_at.isoformat(),
            }
            for a in Affiliation.objects.filter(user=user)
            .select_related("organization")
            .order_by("pk")
        ],
        "organization_mandates": [
            {
                "organization": d.organization.name,
                "organization_id": d.organization_id,
                "role": d.role,
                "starts_on": d.starts_on.isoformat(),
                "ends_on": d.ends_on.isoformat() if d.ends_on else None,
            }
            for d in Delegate.objects.filter(user=user)
            .select_related("organization")
            .order_by("pk")
        ],
    }


def erase_personal_data(user) -> None:
    from ..services.organizations import organizations_erase_for_user

    organizations_erase_for_user.within(user=user)
