"""The statements part's hooks (see ``apps.PARTS``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def load_demo(stdout):
    from .. import statement_demo

    statement_demo.load(stdout)


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    return [StaffLink("coalition_staff:statement_index", _("Joint statements"))]


def search_types():
    from .. import statement_search

    return statement_search.search_types()


def landing_section(request):
    """Statements open for signing (closing soonest first), then a link to all of them."""
    from .. import statement_selectors
    from ..landing import Section

    statements = statement_selectors.open_statements()
    return Section(20, "coalition/statements/_landing.html", {"open": statements})


def report_section(start, end):
    """Statements published in the period: title, counts of the published version, link."""
    from .. import statement_selectors

    rows = statement_selectors.published_between(start, end)
    if not rows:
        return None
    return {
        "statements": [
            {
                "title": s.title,
                "title_en": s.title_en,
                "organizations": s.org_count,
                "people": s.person_count,
                "url": reverse("coalition:statement_detail", args=[s.pk]),
            }
            for s in rows
        ]
    }


def export_personal_data(user):
    """The member's own signatures (not those they gave for an organization: those are the
    organization's)."""
    from ..models import IndividualSignature

    rows = IndividualSignature.objects.filter(user=user).select_related("statement", "version")
    return {
        "statement_signatures": [
            {
                "statement": r.statement.title,
                "version": r.version.number,
                "listed": r.listed,
                "signed_at": r.signed_at.isoformat(),
            }
            for r in rows.order_by("signed_at", "pk")
        ]
    }


def erase_personal_data(user):
    """The signatures stay counted; they lose their person and their name."""
    from ..services.statements import signatures_erase_for_user

    signatures_erase_for_user(user)
