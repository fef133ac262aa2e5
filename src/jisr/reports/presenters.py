"""How a monthly report reads: its title, figures, comparisons and charts, in the active
language. The web page, the PDF and the e-mail all start from ``report_context``, so the
three forms always say the same."""

import copy
from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from jisr.parliament import charts as parliament_charts
from jisr.parliament.models import Activity, Attendance, Bill, Vote, VoteEvent
from jisr.proposals.models import STATUS_LABELS
from jisr.proposals.states import Status

from . import charts, selectors, services
from .models import MonthlyReport


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


def period_label(start: date, end: date) -> str:
    """ "October 2026" for a whole month, otherwise "1 October 2026 – 15 November 2026"."""
    if start.day == 1 and end == selectors.month_range(start.year, start.month)[1]:
        return date_format(start, get_format("YEAR_MONTH_FORMAT"))
    fmt = get_format("DATE_FORMAT")
    return f"{date_format(start, fmt)} – {date_format(end, fmt)}"


def report_title(report: MonthlyReport) -> str:
    period = period_label(report.period_start, report.period_end)
    if report.person is not None:
        return _("Report on %(name)s: %(period)s") % {"name": report.person.name, "period": period}
    return _("The organization's report: %(period)s") % {"period": period}


def _introduction(report: MonthlyReport) -> str:
    if get_language() == "en" and report.introduction_en:
        return report.introduction_en
    return report.introduction


def _delta(current, previous):
    if current is None or previous is None:
        return None
    return current - previous


def comparisons(data: dict) -> list[dict]:
    now, before = data["current"], data["previous"]
    rows = [
        ("activities", _("Activities recorded")),
        ("votes", _("Votes cast")),
        ("attendance_rate", _("Attendance (%)")),
        ("delivered", _("Proposals delivered")),
        ("answered", _("Answers received")),
    ]
    return [
        {
            "key": key,
            "label": label,
            "current": now.get(key),
            "previous": before.get(key),
            "delta": _delta(now.get(key), before.get(key)),
        }
        for key, label in rows
    ]


def app_sections(data: dict) -> list[dict]:
    """The higher apps' sections of the report (``selectors.app_sections``), each with the
    template its app names; a report frozen before an app had one has none."""
    found = data.get("sections") or {}
    return [
        {"template": template, "data": found[config.label]}
        for config in apps.get_app_configs()
        if config.label in found and (template := getattr(config, "report_section_template", None))
    ]


def report_context(report: MonthlyReport, *, data: dict | None = None) -> dict:
    data = copy.deepcopy(data if data is not None else selectors.report_content(report))
    rtl = get_language_bidi()
    kinds = dict(Activity.Kind.choices)
    options = dict(Vote.Option.choices)
    stages = dict(Bill.Stage.choices)
    results = dict(VoteEvent.Result.choices)
    attendance = data["attendance"]
    vote_counts = [(o, options[o], data["vote_totals"].get(o, 0)) for o in options]
    attendance_counts = [
        ("yes", dict(Attendance.Status.choices)["present"], attendance["present"]),
        ("abstain", dict(Attendance.Status.choices)["excused"], attendance["excused"]),
        ("absent", dict(Attendance.Status.choices)["absent"], attendance["absent"]),
    ]
    for row in data["votes"]:
        row["option_label"] = options.get(row.get("option", ""), "")
        row["result_label"] = results.get(row["result"], "")
        row["day"] = _day(row["date"])
        if "counts" in row:
            row["count_list"] = [(options[o], row["counts"].get(o, 0)) for o in options]
    for collection in ("activity_items", "bills", "questions"):
        for row in data[collection]:
            row["day"] = _day(row["date"])
    for row in data["activity_items"]:
        row["kind_label"] = kinds.get(row["kind"], "")
    for row in data["bills"]:
        # A phase a term added has no default label: its code, rather than nothing.
        row["stage_label"] = stages.get(row["stage"], row["stage"])
    proposals = data["proposals"]
    for collection in ("delivered", "answered", "outcomes"):
        for row in proposals[collection]:
            row["day"] = _day(row["date"])
    for row in proposals["outcomes"]:
        row["status_label"] = STATUS_LABELS[Status(row["status"])]
    return {
        "report": report,
        "data": data,
        "title": report_title(report),
        "period": period_label(report.period_start, report.period_end),
        "previous_period": period_label(
            _day(data["previous"]["start"]), _day(data["previous"]["end"])
        ),
        "introduction": _introduction(report),
        "activity_bars": charts.bar_rows(
            [(kinds[k], data["activities"].get(k, 0)) for k in kinds], rtl=rtl
        ),
        "vote_chart": parliament_charts.stacked_bar(vote_counts, title=_("Votes"), rtl=rtl)
        if sum(n for _o, _l, n in vote_counts)
        else "",
        "vote_counts": vote_counts,
        "attendance_chart": parliament_charts.stacked_bar(
            attendance_counts, title=_("Attendance"), rtl=rtl
        )
        if attendance["marked"]
        else "",
        "attendance_counts": attendance_counts,
        # Presence both ways over the same denominator (the attendances recorded), so an
        # excused absence is neither hidden nor counted as presence.
        "presence": {
            "present": attendance["present"],
            "with_excused": attendance["present"] + attendance["excused"],
            "total": attendance["marked"],
        },
        "outcome_counts": [
            (STATUS_LABELS[Status(s)], n) for s, n in proposals["outcome_counts"].items()
        ],
        "comparisons": comparisons(data),
        "late": data["late"],
        "sections": app_sections(data),
    }


def report_urls(report: MonthlyReport) -> dict:
    return {
        "url": services.site_url(reverse("reports:detail", args=[report.pk])),
        "pdf_url": services.site_url(reverse("reports:pdf", args=[report.pk])),
    }


def report_email_context(report: MonthlyReport) -> dict:
    """The report as an e-mail shows it: title, introduction, figures and comparison,
    and links to the page and the PDF."""
    return {**report_context(report), **report_urls(report)}
