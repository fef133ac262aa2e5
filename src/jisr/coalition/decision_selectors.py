"""Reading decisions: lists, a decision's page, and its results — which exist only when
``Decision.results_visible`` (after close, or during the vote when the decision does not
hide them). Every output (pages, API, report) reads results through ``decision_results``."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jisr.accounts.roles import Role, has_role

from . import decision_tally
from .acting import current_delegations
from .models import (
    AnonymousBallot,
    Decision,
    DecisionOption,
    DecisionOutcome,
    DecisionVote,
    Delegate,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
)


def _counted(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    return queryset.select_related("coalition").annotate(
        voted=Count("participations", distinct=True),
        electorate_size=Count("electorate", distinct=True),
    )


def open_decisions() -> QuerySet[Decision]:
    now = timezone.now()
    return _counted(Decision.objects.filter(opens_at__lte=now, closes_at__gt=now)).order_by(
        "closes_at", "pk"
    )


def closed_decisions() -> QuerySet[Decision]:
    return _counted(
        Decision.objects.filter(opens_at__isnull=False, closes_at__lte=timezone.now())
    ).order_by("-closes_at", "-pk")


def staff_decisions() -> QuerySet[Decision]:
    return _counted(Decision.objects.all()).order_by("-created_at", "-pk")


def published_decision(pk: int) -> Decision | None:
    """An opened decision (a draft is the organizers' only), with its coalition and outcome."""
    return (
        Decision.objects.select_related("coalition", "outcome")
        .filter(pk=pk, opens_at__isnull=False)
        .first()
    )


def option_label(option: DecisionOption, english: bool) -> str:
    if option.stance:
        return str(option.get_stance_display())
    if option.starts_at is not None:
        return timezone.localtime(option.starts_at).strftime("%Y-%m-%d %H:%M")
    return (option.label_en or option.label) if english else (option.label or option.label_en)


@dataclass(frozen=True)
class OptionScore:
    option: DecisionOption
    score: int
    winner: bool


@dataclass(frozen=True)
class Results:
    result: decision_tally.Result
    rows: list[OptionScore]

    @property
    def stood(self) -> bool:
        return self.result.quorum_met


def decision_results(decision: Decision, options: list[DecisionOption]) -> Results | None:
    """The tallies, or None while they may not be read (nobody reads hidden results)."""
    if not decision.results_visible:
        return None
    if decision.anonymous:
        ballots = list(
            AnonymousBallot.objects.filter(decision=decision)
            .order_by("id")
            .values_list("choices", flat=True)
        )
    else:
        ballots = list(
            DecisionVote.objects.filter(decision=decision)
            .order_by("pk")
            .values_list("choices", flat=True)
        )
    ids = [option.pk for option in options]
    outcome = decision_tally.result(
        decision.kind,
        ids,
        ballots,
        electorate=decision.electorate.count(),
        quorum=decision.quorum,
        unit=decision.quorum_unit,
    )
    rows = [
        OptionScore(option, outcome.scores[option.pk], option.pk in outcome.winners)
        for option in options
    ]
    return Results(outcome, rows)


def organization_visible(organization: Organization, user) -> bool:
    """Visitors see public, verified organizations; signed-in members also those listed
    for members only."""
    if organization.status != OrganizationStatus.VERIFIED:
        return False
    return organization.visibility == OrganizationVisibility.PUBLIC or user.is_authenticated


@dataclass(frozen=True)
class NamedVote:
    organization: Organization
    choices: list[DecisionOption]
    reason: str
    delegate: Delegate | None  # organizers only


def named_votes(
    decision: Decision, options: list[DecisionOption], user, *, organizer: bool
) -> tuple[list[NamedVote], int]:
    """Who voted what in a named decision, when results may be read: the organizations the
    reader may see (delegates only for organizers) and how many others are not named."""
    if decision.anonymous or not decision.results_visible:
        return [], 0
    by_id = {option.pk: option for option in options}
    rows, hidden = [], 0
    votes = DecisionVote.objects.filter(decision=decision).select_related(
        "organization", "delegate__user"
    )
    for vote in votes.order_by("organization__name", "pk"):
        if not (organizer or organization_visible(vote.organization, user)):
            hidden += 1
            continue
        rows.append(
            NamedVote(
                vote.organization,
                [by_id[pk] for pk in vote.choices if pk in by_id],
                vote.reason,
                vote.delegate if organizer else None,
            )
        )
    return rows, hidden


@dataclass(frozen=True)
class Mandate:
    delegate: Delegate
    voted: bool


def voting_mandates(decision: Decision, user) -> list[Mandate]:
    """The user's acting mandates whose organization is in the electorate, and whether that
    organization has voted already."""
    delegations = current_delegations(user, acting=True)
    if not delegations or decision.opens_at is None:
        return []
    ids = [d.organization_id for d in delegations]
    electorate = set(
        decision.electorate.filter(organization_id__in=ids).values_list(
            "organization_id", flat=True
        )
    )
    voted = set(
        decision.participations.filter(organization_id__in=ids).values_list(
            "organization_id", flat=True
        )
    )
    return [
        Mandate(d, d.organization_id in voted)
        for d in delegations
        if d.organization_id in electorate
    ]


def is_organizer(user) -> bool:
    return has_role(user, Role.ORGANIZER)


def outcomes_closed_between(start, end) -> QuerySet[Decision]:
    """Decisions closed from start to end (dates, both included), with their outcome if recorded."""
    return (
        _counted(
            Decision.objects.filter(
                opens_at__isnull=False,
                closes_at__date__gte=start,
                closes_at__date__lte=end,
            )
        )
        .select_related("outcome")
        .order_by("closes_at", "pk")
    )


def outcomes_due(today) -> QuerySet[DecisionOutcome]:
    return DecisionOutcome.objects.filter(Q(review_on__lte=today), reminded_at__isnull=True)
