"""What the joint part reads: the organizations that carry or endorse a proposal (shown as
the viewer may see them), the coalition's joint proposals with what became of them (read
through the proposals app's own tables and selectors), and the monthly report's figures.

Who is named: a verified, publicly listed organization to everyone; a verified
members-only organization to signed-in members only — the others see it counted, never
named. Pending and rejected organizations are neither named nor counted. Delegates are
never shown here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from jisr.accounts.roles import Role, has_role
from jisr.proposals import selectors as proposal_selectors
from jisr.proposals import states
from jisr.proposals.models import Delivery, Proposal, StatusChange

from .models import (
    CoSignature,
    Endorsement,
    JointProposal,
    JointStatus,
    Organization,
    OrganizationVisibility,
)

LANDING_SHOWN = 5


def sees_members_only(user) -> bool:
    """Whether ``user`` may read the names of members-only organizations."""
    return user.is_authenticated and has_role(user, Role.MEMBER)


@dataclass
class Named:
    """Organizations as one viewer may see them: those named, and how many more."""

    shown: list[Organization] = field(default_factory=list)
    not_listed: int = 0

    @property
    def total(self) -> int:
        return len(self.shown) + self.not_listed


def named(organizations, *, members: bool) -> Named:
    result = Named()
    for organization in organizations:
        if not organization.is_verified:
            continue
        if organization.visibility == OrganizationVisibility.PUBLIC or members:
            result.shown.append(organization)
        else:
            result.not_listed += 1
    return result


def public_joint_proposals():
    """Adopted joint proposals whose proposal the public may read."""
    return JointProposal.objects.filter(
        status=JointStatus.ADOPTED,
        proposal__status__in=sorted(states.PUBLIC),
        proposal__hidden=False,
    )


def _with_story(joints):
    """The joint proposals with their coalition, proposal, co-signers and deliveries (and
    their answers): four queries whatever their number."""
    return joints.select_related("coalition", "proposal", "proposal__topic").prefetch_related(
        Prefetch("cosignatures", queryset=CoSignature.objects.select_related("organization")),
        Prefetch(
            "proposal__deliveries",
            queryset=Delivery.objects.select_related("representative", "answer"),
        ),
    )


def proposal_panel(user, proposal: Proposal) -> dict | None:
    """The proposal page's "carried jointly by" and "endorsed by" (two queries), or None
    when no organization carries or endorses it."""
    members = sees_members_only(user)
    joint = (
        public_joint_proposals()
        .filter(proposal=proposal)
        .select_related("coalition")
        .prefetch_related(
            Prefetch("cosignatures", queryset=CoSignature.objects.select_related("organization"))
        )
        .first()
    )
    endorsements = list(
        Endorsement.objects.filter(proposal=proposal).select_related("organization")
    )
    if joint is None and not endorsements:
        return None
    return {
        "joint": joint,
        "cosigners": named((s.organization for s in joint.cosignatures.all()), members=members)
        if joint
        else None,
        "endorsers": named((e.organization for e in endorsements), members=members),
        "endorsing": {e.organization_id for e in endorsements},
        "cosigning": {s.organization_id for s in joint.cosignatures.all()} if joint else set(),
    }


@dataclass
class Story:
    """A joint or endorsed proposal and what became of it in the proposals' flow."""

    proposal: Proposal
    organizations: Named
    joint: JointProposal | None = None
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for d in self.deliveries if getattr(d, "answer", None) is not None)

    @property
    def outcome(self) -> bool:
        return self.proposal.status in states.OUTCOMES


def joint_stories(user, *, limit: int | None = None) -> list[Story]:
    members = sees_members_only(user)
    joints = _with_story(public_joint_proposals())
    rows = list(joints[:limit] if limit else joints)
    return [
        Story(
            proposal=j.proposal,
            joint=j,
            organizations=named((s.organization for s in j.cosignatures.all()), members=members),
            deliveries=list(j.proposal.deliveries.all()),
        )
        for j in rows
    ]


def endorsed_stories(user) -> list[Story]:
    """Public proposals that organizations endorse, with their endorsers as the viewer may
    see them; only those with one endorser at least the viewer may know of."""
    members = sees_members_only(user)
    proposals = (
        proposal_selectors.public_proposals()
        .filter(endorsements__organization__status="verified")
        .distinct()
        .select_related("topic")
        .prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("organization"))
        )
        .order_by("-last_update_at", "-id")
    )
    return [
        Story(
            proposal=p,
            organizations=named((e.organization for e in p.endorsements.all()), members=members),
        )
        for p in proposals
    ]


def pending_adoptions():
    """Adoptions a delegate asked for, for the organizers to decide (one query)."""
    return list(
        JointProposal.objects.filter(status=JointStatus.PROPOSED)
        .select_related("coalition", "proposal", "organization")
        .order_by("created_at", "pk")
    )


# --- The monthly report ---------------------------------------------------------------------


def _item(proposal: Proposal, **extra) -> dict:
    return {"proposal": proposal.pk, "title": proposal.title, **extra}


def report(start: datetime.date, end: datetime.date) -> dict | None:
    """The coalition's joint proposals adopted, delivered, answered or with an outcome in
    ``start``–``end``, and the endorsements given then; JSON-ready (frozen with the
    report), public proposals and public organizations only. None if nothing happened."""
    tz = timezone.get_current_timezone()
    period = (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(end, datetime.time.max), tz),
    )
    joints = public_joint_proposals()
    adopted = [
        _item(j.proposal, coalition=j.coalition.name, coalition_en=j.coalition.name_en)
        for j in joints.filter(adopted_at__range=period)
        .select_related("proposal", "coalition")
        .order_by("adopted_at", "pk")
    ]
    joint_rows = Q(proposal__joint__in=joints)
    deliveries = list(
        Delivery.objects.filter(joint_rows, delivered_on__range=(start, end))
        .select_related("proposal", "representative")
        .order_by("delivered_on", "pk")
    )
    delivered: dict[int, dict] = {}
    for d in deliveries:
        item = delivered.setdefault(d.proposal_id, _item(d.proposal, representatives=[]))
        item["representatives"].append(d.representative.name)
    answered = [
        _item(d.proposal, representative=d.representative.name)
        for d in Delivery.objects.filter(joint_rows, answer__answered_on__range=(start, end))
        .select_related("proposal", "representative")
        .order_by("answer__answered_on", "pk")
    ]
    outcomes = [
        _item(c.proposal, status=c.to_status)
        for c in StatusChange.objects.filter(
            joint_rows, to_status__in=sorted(states.OUTCOMES), created_at__range=period
        )
        .select_related("proposal")
        .order_by("created_at", "pk")
    ]
    endorsements = list(
        Endorsement.objects.filter(
            endorsed_at__range=period,
            proposal__in=proposal_selectors.public_proposals(),
            organization__status="verified",
        )
        .select_related("proposal", "organization")
        .order_by("endorsed_at", "pk")
    )
    endorsed: dict[int, dict] = {}
    for e in endorsements:
        item = endorsed.setdefault(e.proposal_id, _item(e.proposal, organizations=[], not_listed=0))
        if e.organization.is_public:
            item["organizations"].append(
                {"name": e.organization.name, "name_en": e.organization.name_en}
            )
        else:
            item["not_listed"] += 1
    if not (adopted or delivered or answered or outcomes or endorsed):
        return None
    return {
        "adopted": adopted,
        "delivered": list(delivered.values()),
        "answered": answered,
        "outcomes": outcomes,
        "endorsements": len(endorsements),
        "endorsed": list(endorsed.values()),
    }
