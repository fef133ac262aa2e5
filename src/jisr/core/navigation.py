"""The site's areas, each linked from the header once its app exists.

An area whose URL name does not resolve (its app is not built or not installed) is not
shown anywhere: the site never announces a feature it does not have.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    url_name: str
    title: Promise


AREAS = [
    Area("parliament:representatives", _("Representatives")),
    Area("proposals:list", _("Proposals")),
    Area("pledges:list", _("Pledges")),
    Area("elections:list", _("Elections")),
    Area("reports:list", _("Reports")),
    Area("treasury:campaigns", _("Donations")),
    Area("campaigns:list", _("Campaigns")),
    Area("coalition:list", _("Organizations")),
]


def _url(area: Area) -> str | None:
    try:
        return reverse(area.url_name)
    except NoReverseMatch:
        return None


def navigation_entries(current_path: str) -> list[dict]:
    entries = []
    for area in AREAS:
        url = _url(area)
        if url:
            entries.append(
                {"url": url, "label": area.title, "current": current_path.startswith(url)}
            )
    return entries
