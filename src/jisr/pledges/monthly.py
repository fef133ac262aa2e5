"""The pledges' part of the monthly report: the pledges that moved (whose agreed verdict
changed) in the period. Filled in through the reports app's ``report_section`` hook and
frozen with the report when it is published, so it is JSON-ready."""

import datetime

from .selectors import moved_between


def report_moved(person, start: datetime.date, end: datetime.date) -> dict | None:
    moved = moved_between(start, end)
    if person is not None:
        moved = moved.filter(pledge__people=person)
    items = [
        {
            "pledge": agreed.pledge_id,
            "summary": agreed.pledge.summary,
            "summary_en": agreed.pledge.summary_en,
            "party": agreed.pledge.platform.owner.name if agreed.pledge.platform.owner else "",
            "party_en": agreed.pledge.platform.owner.name_en
            if agreed.pledge.platform.owner
            else "",
            "previous": agreed.previous,
            "verdict": agreed.verdict,
            "reason": agreed.reason,
            "on": agreed.decided_on.isoformat(),
        }
        for agreed in moved
    ]
    if not items:
        return None
    return {"moved": items}
