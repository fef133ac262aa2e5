"""The reports' blocks on the front page: the latest published report for everyone, and
for a signed-in member what changed lately on what they follow."""

from datetime import date, timedelta
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jisr.core.home import HomeBlock

from . import presenters, selectors
from .digests import section_items

FOLLOWING_DAYS = 30
LINES_SHOWN = 3  # per followed thing; its page has the rest


def _path(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _following(user) -> list[dict]:
    now = timezone.now()
    rows = selectors.following_news(user, since=now - timedelta(days=FOLLOWING_DAYS), until=now)
    out = []
    for row in rows:
        label = row["key"].partition(":")[0]
        if row["target"] is None:  # the organization's monthly report
            lines = [
                {
                    "date": presenters.period_label(*_period(item)),
                    "text": "",
                    "url": _path("reports:detail", item["id"]),
                }
                for item in row["news"]["reports"]
            ]
            out.append({"report": True, "url": _path("reports:list"), "lines": lines})
            continue
        page = selectors.FOLLOWABLE[label][0]
        lines = section_items(label, row["target"], row["news"], link=_path)
        out.append(
            {
                "name": selectors.target_label(row["key"], row["target"]),
                "url": _path(page, row["target"].pk) if page else "",
                "lines": lines[:LINES_SHOWN],
                "more": max(len(lines) - LINES_SHOWN, 0),
            }
        )
    return out


def _period(item: dict) -> tuple[date, date]:
    return date.fromisoformat(item["start"]), date.fromisoformat(item["end"])


def blocks(request) -> list[HomeBlock]:
    report = selectors.latest_report()
    context: dict[str, Any] = {"report": report}
    if report is not None:
        data = selectors.report_content(report)
        context.update(
            title=presenters.report_title(report),
            figures=[row for row in presenters.comparisons(data) if row["current"] is not None],
            empty=data.get("empty", False),
        )
    found = [HomeBlock(10, "reports/_home_report.html", context)]
    if request.user.is_authenticated:
        found.append(
            HomeBlock(
                0,
                "reports/_home_following.html",
                {"following": _following(request.user), "days": FOLLOWING_DAYS},
            )
        )
    return found
