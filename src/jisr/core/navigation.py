"""The site's areas, each linked from the header and the home page once its app exists.

An area whose URL name does not resolve (its app is not built or not installed) is shown
on the home page as coming soon and never linked.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    url_name: str
    title: Promise
    text: Promise


AREAS = [
    Area(
        "parliament:representatives",
        _("Representatives"),
        _(
            "Who our representatives are and what they do in parliament: votes, bills, "
            "questions, speeches and attendance."
        ),
    ),
    Area(
        "proposals:list",
        _("Proposals"),
        _(
            "Submit and support proposals; we deliver them to the representatives, record "
            "their answers and follow each one to an outcome."
        ),
    ),
    Area(
        "elections:list",
        _("Elections"),
        _(
            "Results with seats allocated exactly as the electoral law says, and how every "
            "seat was decided."
        ),
    ),
    Area(
        "reports:list",
        _("Reports"),
        _(
            "Monthly reports, e-mail digests and feeds on what the representatives did and "
            "what became of our proposals."
        ),
    ),
    Area(
        "campaigns:list",
        _("Campaigns"),
        _("Fundraising with public totals, events and outreach to our own circles."),
    ),
    Area(
        "coalition:list",
        _("Organizations"),
        _("The community's clubs, associations and unions, and the initiatives they run together."),
    ),
]


def _url(area: Area) -> str | None:
    try:
        return reverse(area.url_name)
    except NoReverseMatch:
        return None


def areas_with_urls() -> list[dict]:
    return [{"title": a.title, "text": a.text, "url": _url(a)} for a in AREAS]


def navigation_entries(current_path: str) -> list[dict]:
    return [
        {
            "url": area["url"],
            "label": area["title"],
            "current": current_path.startswith(area["url"]),
        }
        for area in areas_with_urls()
        if area["url"]
    ]
