"""Coalition decisions as JSON: opened decisions with their options and turnout; a
decision's results only when they may be read (after close, or during the vote when the
decision does not hide them) — before that ``results`` is null, for everyone. Named votes
list public organizations only, never a delegate."""

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination, RowsOf

from . import decision_selectors as selectors
from .models import Decision

router = Router(tags=["coalition"])


class OptionOut(Schema):
    id: int
    label: str
    label_en: str
    stance: str = Field(description="A proposal's option: agree, abstain, disagree or block.")
    starts_at: datetime.datetime | None = Field(description="A time poll's option.")


class DecisionOut(Schema):
    id: int
    coalition_id: int
    title: str
    title_en: str
    kind: str = Field(description="proposal, choice, ranked or time")
    anonymous: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    closed: bool
    results_hidden_until_close: bool
    quorum: int
    quorum_unit: str = Field(description="organizations or percent")
    electorate: int = Field(description="Organizations that may vote (frozen when it opened).")
    voted: int = Field(description="Organizations that have voted.")


class ScoreOut(Schema):
    option_id: int
    score: int = Field(description="Votes, Borda points (ranked) or organizations that can.")
    winner: bool


class ResultsOut(Schema):
    ballots: int
    required: int = Field(description="Votes needed for the quorum.")
    stood: bool = Field(description="Whether the quorum was met.")
    scores: list[ScoreOut]


class DecisionVoteOut(Schema):
    organization_id: int
    organization: str
    organization_en: str
    choices: list[int] = Field(description="Option ids (a ranking: preferred first).")


class DecisionDetailOut(DecisionOut):
    details: str
    details_en: str
    options: list[OptionOut]
    results: ResultsOut | None = Field(description="Null until the results may be read.")
    votes: list[DecisionVoteOut] = Field(description="Named decisions, after results are readable.")


def _out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "coalition_id": decision.coalition_id,
        "title": decision.title,
        "title_en": decision.title_en,
        "kind": decision.kind,
        "anonymous": decision.anonymous,
        "opens_at": decision.opens_at,
        "closes_at": decision.closes_at,
        "closed": decision.is_closed,
        "results_hidden_until_close": decision.results_hidden_until_close,
        "quorum": decision.quorum,
        "quorum_unit": decision.quorum_unit,
        "electorate": getattr(decision, "electorate_size", 0),
        "voted": getattr(decision, "voted", 0),
    }


def _published():
    return selectors._counted(
        Decision.objects.filter(opens_at__isnull=False, opens_at__lte=timezone.now())
    ).order_by("-closes_at", "-pk")


@router.get("/decisions", response=list[DecisionOut], summary="Coalition decisions")
@paginate(Pagination)
def list_decisions(request):
    """Opened decisions, the latest closing first; results are on each decision's own
    answer."""
    return RowsOf(_published(), lambda rows: [_out(d) for d in rows])


@router.get("/decisions/{id}", response=DecisionDetailOut, summary="One coalition decision")
def get_decision(request, id: Number):
    decision = _published().filter(pk=id).first()
    if decision is None:
        raise Http404
    options = list(decision.options.all())
    results = selectors.decision_results(decision, options)
    votes, _hidden = selectors.named_votes(decision, options, request.user, organizer=False)
    return {
        **_out(decision),
        "details": decision.details,
        "details_en": decision.details_en,
        "options": [
            {
                "id": o.pk,
                "label": o.label,
                "label_en": o.label_en,
                "stance": o.stance,
                "starts_at": o.starts_at,
            }
            for o in options
        ],
        "results": (
            {
                "ballots": results.result.ballots,
                "required": results.result.required,
                "stood": results.stood,
                "scores": [
                    {"option_id": r.option.pk, "score": r.score, "winner": r.winner}
                    for r in results.rows
                ],
            }
            if results
            else None
        ),
        "votes": [
            {
                "organization_id": v.organization.pk,
                "organization": v.organization.name,
                "organization_en": v.organization.name_en,
                "choices": [o.pk for o in v.choices],
            }
            for v in votes
        ],
    }
