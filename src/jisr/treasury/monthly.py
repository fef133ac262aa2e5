"""The treasury's part of the organization's monthly report: money in and out in each
calendar month the report covers, exactly the transparency page's lines (so the report
hides what the page hides: no income figure of fewer than ``JISR_TREASURY_MIN_CELL``
gifts, and the page's second hidden cell). Filled in through the reports app's
``report_section`` hook and frozen with the report when it is published."""

import datetime

from .selectors import minimum, transparency


def report_money(start: datetime.date, end: datetime.date) -> dict | None:
    """The month lines wholly inside ``[start, end]``, JSON-ready; None when the ledger has
    none (the report then has no money section)."""
    report = transparency()
    months = []
    for line in sorted(report.months, key=lambda line: (line.key, line.currency)):
        following = (line.key + datetime.timedelta(days=31)).replace(day=1)
        if not (start <= line.key and following - datetime.timedelta(days=1) <= end):
            continue
        months.append(
            {
                "month": line.key.isoformat(),
                "currency": line.currency,
                "income": line.income if line.shown else None,
                "contributions": line.count if line.shown else None,
                "expenses": line.expenses,
                "fees": line.fees,
                "to_centre": line.to_centre,
                "sha256": line.sha256,
            }
        )
    if not months:
        return None
    return {
        "months": months,
        "min_cell": minimum(),
        "ledger": {"last_entry": report.last_entry, "sha256": report.sha256},
    }
