"""The decisions part's hooks (see ``apps.PARTS``)."""

from django.utils.translation import gettext_lazy as _

from .. import decision_tally
from ..landing import Section


def landing_section(request) -> Section | None:
    """The decisions open for votes, on the coalition's landing page (one query)."""
    from ..decision_selectors import open_decisions

    decisions = list(open_decisions()[:10])
    if not decisions:
        return None
    return Section(30, "coalition/decisions/_landing.html", {"decisions": decisions})


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    return [StaffLink("coalition_staff:decision_staff_list", _("Coalition decisions"))]


def load_demo(stdout) -> None:
    from ..decision_demo import load

    load(stdout)


def report_section(start, end) -> dict | None:
    """Decisions closed in the period: whether each stood (quorum) and its outcome. Counts
    only — never who voted what."""
    from ..decision_selectors import outcomes_closed_between

    rows = []
    for decision in outcomes_closed_between(start, end):
        outcome = getattr(decision, "outcome", None)
        required = decision_tally.quorum_required(
            getattr(decision, "electorate_size", 0), decision.quorum, decision.quorum_unit
        )
        rows.append(
            {
                "title": decision.title,
                "title_en": decision.title_en,
                "kind": decision.kind,
                "closed_on": decision.closes_at.date().isoformat(),
                "voted": getattr(decision, "voted", 0),
                "electorate": getattr(decision, "electorate_size", 0),
                "stood": getattr(decision, "voted", 0) >= required,
                "outcome": outcome.statement if outcome else "",
                "outcome_en": outcome.statement_en if outcome else "",
            }
        )
    return {"decisions": rows} if rows else None


def export_personal_data(user) -> dict:
    """The votes this person cast for an organization: which decision, which organization,
    on which day (what an anonymous ballot said is not linked to anyone)."""
    from ..models import DecisionParticipation

    rows = DecisionParticipation.objects.filter(delegate__user=user).select_related(
        "decision", "organization"
    )
    return {
        "coalition_decision_votes": [
            {"decision": p.decision.title, "organization": p.organization.name, "on": str(p.on)}
            for p in rows.order_by("on", "decision_id")
        ]
    }
