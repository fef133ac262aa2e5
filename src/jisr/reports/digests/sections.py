"""What is new on each followed thing in a period, rendered once per language."""

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.core.lists import join_list
from jisr.parliament.models import Activity, Organization, Person, Vote
from jisr.proposals.models import STATUS_LABELS, Proposal, Topic
from jisr.proposals.states import Status

from .. import selectors, services
from ..models import (
    REPORT_KEY,
    DigestRun,
    DigestSection,
    MonthlyReport,
)
from ..presenters import report_title
from .common import SECTION_ITEMS

# --- What is new, per followed thing ----------------------------------------------------------


def _url(name: str, *args, query: str = "") -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return services.site_url(path) + (f"?{query}" if query else "")


def _date(iso: str) -> str:
    from django.utils.dateformat import format as date_format
    from django.utils.formats import get_format

    return date_format(datetime.fromisoformat(iso), get_format("DATE_FORMAT"))


def section_items(label: str, target, news: dict, *, link=_url) -> list[dict]:
    """Turn the news of one followed thing into lines: date, text, link — in the active
    language. ``link(url_name, *args)`` makes the links (absolute ones for e-mail)."""
    kinds = dict(Activity.Kind.choices)
    options = dict(Vote.Option.choices)
    items = []
    if label == "parliament.person":
        for report in news["reports"]:
            items.append(
                {
                    "date": _date(report["end"]),
                    "url": link("reports:detail", report["id"]),
                    "text": _("Monthly report published"),
                }
            )
        for a in news["activities"]:
            items.append(
                {
                    "date": _date(a["date"]),
                    "text": f"{kinds.get(a['kind'], '')}: {a['title']}",
                    "url": link("parliament:representative", target.pk),
                }
            )
        for v in news["votes"]:
            items.append(
                {
                    "date": _date(v["date"]),
                    "url": link("parliament:vote_event", v["id"]),
                    "text": _("Voted “%(option)s” on: %(motion)s")
                    % {"option": options.get(v["option"], v["option"]), "motion": v["title"]},
                }
            )
        for answer in news["answers"]:
            items.append(
                {
                    "date": _date(answer["date"]),
                    "url": link("proposals:detail", answer["id"]),
                    "text": _("Answered our proposal: %(title)s") % {"title": answer["title"]},
                }
            )
    elif label == "parliament.organization":
        for v in news["votes"]:
            counts = join_list(
                f"{options[o]} {v['counts'][o]}" for o in options if v["counts"].get(o)
            )
            items.append(
                {
                    "date": _date(v["date"]),
                    "url": link("parliament:vote_event", v["id"]),
                    "text": f"{v['title']} ({counts})",
                }
            )
    elif label == "proposals.proposal":
        url = link("proposals:detail", target.pk)
        for change in news["changes"]:
            items.append(
                {
                    "date": _date(change["date"]),
                    "url": url,
                    "text": _("New status: %(status)s")
                    % {"status": STATUS_LABELS[Status(change["to"])]},
                }
            )
        for milestone in news["milestones"]:
            items.append(
                {
                    "date": _date(milestone["date"]),
                    "url": url,
                    "text": _("%(progress)d%% done: %(note)s") % milestone,
                }
            )
        for answer in news["answers"]:
            items.append(
                {
                    "date": _date(answer["date"]),
                    "url": url,
                    "text": _("Answer from %(name)s") % {"name": answer["representative"]},
                }
            )
    elif label == "proposals.topic":
        for proposal in news["proposals"]:
            items.append(
                {
                    "date": "",
                    "url": link("proposals:detail", proposal["id"]),
                    "text": _("New proposal: %(title)s") % {"title": proposal["title"]},
                }
            )
    return items


def _report_section(report_items: list[dict]) -> list[dict]:
    return [
        {"report": MonthlyReport.objects.select_related("person").get(pk=item["id"])}
        for item in report_items
    ]


def _sections_for(run: DigestRun, keys: set[str]) -> list[DigestSection]:
    """Render what is new on each key in the run's period, once per language."""
    by_label: dict[str, list[int]] = {}
    for key in keys:
        if key == REPORT_KEY:
            continue
        label, number = key.split(":")
        by_label.setdefault(label, []).append(int(number))
    start, end = run.period_start, run.period_end
    news: dict[str, tuple] = {}
    for label, ids in by_label.items():
        fetch, model = selectors.NEWS[label], selectors.FOLLOWABLE[label][1]
        targets = model._default_manager.in_bulk(ids)
        for pk, data in fetch(ids, start, end).items():
            if pk in targets and any(data.values()):
                news[f"{label}:{pk}"] = (label, targets[pk], data)
    reports = selectors.new_organization_reports(start, end) if REPORT_KEY in keys else []
    sections = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, (label, target, data) in news.items():
                items = section_items(label, target, data)
                sections.append(_render_section(run, key, language, str(target), items, target))
            if reports:
                loaded = _report_section(reports)
                title = (
                    report_title(loaded[0]["report"])
                    if len(loaded) == 1
                    else _("The organization's monthly report")
                )
                sections.append(
                    _render_section(run, REPORT_KEY, language, title, [], None, reports=loaded)
                )
    return sections


def _target_url(target) -> str:
    if isinstance(target, Person):
        return _url("parliament:representative", target.pk)
    if isinstance(target, Organization):
        return _url("parliament:organization", target.pk)
    if isinstance(target, Proposal):
        return _url("proposals:detail", target.pk)
    if isinstance(target, Topic):
        return _url("proposals:list", query=f"topic={target.pk}")
    return _url("reports:list")


def _render_section(run, key, language, title, items, target, reports=()) -> DigestSection:
    from ..presenters import report_email_context

    context = {
        "title": title,
        "url": _target_url(target),
        "items": items[:SECTION_ITEMS],
        "more": max(len(items) - SECTION_ITEMS, 0),
        "reports": [report_email_context(r["report"]) for r in reports],
    }
    return DigestSection(
        run=run,
        key=key,
        language=language,
        title=title[:300],
        html=render_to_string("reports/email/_section.html", context),
        text=render_to_string("reports/email/_section.txt", context),
        items=len(items) + len(reports),
    )
