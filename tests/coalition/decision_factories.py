"""A coalition with member organizations (each with a primary delegate) and decisions in it,
made through the services."""

import datetime

from django.utils import timezone

from jisr.coalition.models import Decision, DecisionKind, Delegate
from jisr.coalition.services import decisions as services

from .factories import CoalitionFactory, DelegateFactory, MembershipFactory


def coalition_with_members(count: int = 3):
    """A coalition and the primary delegates of its ``count`` member organizations."""
    coalition = CoalitionFactory()
    delegates = []
    for _ in range(count):
        delegate = DelegateFactory()
        MembershipFactory(coalition=coalition, organization=delegate.organization)
        delegates.append(delegate)
    return coalition, delegates


OPTIONS = {
    DecisionKind.CHOICE: [("أ", "A"), ("ب", "B"), ("ج", "C")],
    DecisionKind.RANKED: [("أ", "A"), ("ب", "B"), ("ج", "C")],
}


def open_decision(
    organizer, coalition, kind: str = DecisionKind.PROPOSAL, *, days: int = 3, **fields
) -> Decision:
    options = fields.pop("options", None)
    if options is None:
        if kind == DecisionKind.TIME:
            start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
            options = [start + datetime.timedelta(days=d) for d in range(3)]
        else:
            options = OPTIONS.get(kind, [])
    decision = services.decision_create(
        actor=organizer,
        coalition=coalition,
        title=fields.pop("title", "قرار تجريبي"),
        title_en=fields.pop("title_en", "A test decision"),
        kind=kind,
        closes_at=timezone.now() + datetime.timedelta(days=days),
        options=options,
        **fields,
    )
    return services.decision_open(actor=organizer, decision=decision)


def close(decision: Decision) -> Decision:
    """Move the decision's window into the past, as time passing would."""
    now = timezone.now()
    Decision.objects.filter(pk=decision.pk).update(
        opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(minutes=1)
    )
    decision.refresh_from_db()
    return decision


def vote(delegate: Delegate, decision: Decision, choices: list[int], **kwargs) -> None:
    services.decision_vote(
        actor=delegate.user, delegate=delegate, decision=decision, choices=choices, **kwargs
    )


def option_ids(decision: Decision) -> list[int]:
    return list(decision.options.order_by("position", "pk").values_list("pk", flat=True))
