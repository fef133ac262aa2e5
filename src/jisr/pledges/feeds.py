"""RSS of one pledge (Django's syndication framework): its agreed verdicts and its evidence,
newest first, read in a fixed number of queries. Raters are never named."""

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from .models import AgreedVerdict, BrokenReason, Evidence, Pledge, Verdict

LIMIT = 30


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


class PledgeFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=600"
        return response

    def get_object(self, request, pk: int):
        try:
            return Pledge.objects.select_related("platform").get(pk=pk)
        except Pledge.DoesNotExist:
            raise Http404 from None

    def title(self, obj):
        return _("Pledge: %(summary)s") % {"summary": obj.display_summary}

    def link(self, obj):
        return reverse("pledges:detail", args=[obj.pk])

    def description(self, obj):
        return obj.quote

    def items(self, obj):
        verdicts = dict(Verdict.choices)
        reasons = dict(BrokenReason.choices)
        url = reverse("pledges:detail", args=[obj.pk])
        found: list[dict[str, Any]] = []
        for agreed in AgreedVerdict.objects.filter(pledge=obj).order_by("-decided_at")[:LIMIT]:
            title = _("Verdict: %(verdict)s") % {"verdict": verdicts[agreed.verdict]}
            if agreed.reason:
                title += f" ({reasons[agreed.reason]})"
            found.append(
                {
                    "title": title,
                    "link": f"{url}#verdict-{agreed.pk}",
                    "date": agreed.decided_at,
                    "guid": f"pledge-{obj.pk}-verdict-{agreed.pk}",
                    "description": agreed.explanation,
                }
            )
        for item in Evidence.objects.filter(pledge=obj).order_by("-date", "-pk")[:LIMIT]:
            found.append(
                {
                    "title": _("Evidence: %(title)s") % {"title": item.title},
                    "link": f"{url}#evidence-{item.pk}",
                    "date": _at(item.date),
                    "guid": f"pledge-{obj.pk}-evidence-{item.pk}",
                    "description": item.quote,
                }
            )
        return sorted(found, key=lambda i: i["date"], reverse=True)[:LIMIT]

    def item_title(self, item):
        return item["title"]

    def item_link(self, item):
        return item["link"]

    def item_description(self, item):
        # What staff wrote is text: escaped, shown as written, never as markup.
        return escape(item["description"])

    def item_pubdate(self, item):
        return item["date"]

    def item_guid(self, item):
        return item["guid"]

    item_guid_is_permalink = False
