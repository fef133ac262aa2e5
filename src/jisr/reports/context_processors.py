"""The feeds of the page being shown, for the <link rel="alternate"> tags in base.html.

Built from the URL alone (no query), so every page pays nothing for it.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# URL name of a page → the feed kind its object has.
PAGE_FEEDS = {
    "parliament:representative": "person",
    "parliament:organization": "group",
    "proposals:detail": "proposal",
}


def _links(kind: str, title, *args) -> list[dict]:
    try:
        return [
            {
                "type": "application/rss+xml",
                "title": title,
                "href": reverse(f"reports:feed_{kind}_rss", args=args),
            },
            {
                "type": "application/atom+xml",
                "title": title,
                "href": reverse(f"reports:feed_{kind}_atom", args=args),
            },
        ]
    except NoReverseMatch:
        return []


def feeds(request) -> dict:
    links = []
    match = getattr(request, "resolver_match", None)
    if match is not None:
        kind = PAGE_FEEDS.get(match.view_name)
        pk = match.kwargs.get("pk")
        if kind and pk is not None:
            links += _links(kind, _("Feed of this page"), pk)
        topic = request.GET.get("topic", "")
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        if match.view_name == "proposals:list" and topic.isdecimal():
            links += _links("topic", _("Feed of this topic"), int(topic))
    links += _links("site", _("Everything new on this site"))
    links.append(
        {
            "type": "text/calendar",
            "title": _("Calendar of parliament sittings"),
            "href": reverse("reports:calendar"),
        }
    )
    return {"feed_links": links}
