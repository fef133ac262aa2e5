"""Joint proposals and endorsements: an organization's voice added to a proposal that goes
through the proposals app's usual flow (moderation, support, delivery, answer, outcome).

Nothing here moves a proposal along that flow: a proposal written jointly is created and
submitted by ``proposals.services.proposal_save_and_submit`` (its author is the delegate's
own account, and it is moderated as any other); everything after is the proposals app's.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service
from jisr.proposals import services as proposals
from jisr.proposals import states
from jisr.proposals.models import Proposal
from jisr.proposals.states import Status

from ..acting import check_may_act
from ..models import (
    Coalition,
    CoSignature,
    Delegate,
    Endorsement,
    JointProposal,
    JointStatus,
)

#: A proposal in one of these statuses has come to its end: no new co-signature or
#: endorsement (an outcome reopened by the organizers is open again).
CLOSED = frozenset(states.OUTCOMES | {Status.WITHDRAWN, Status.REJECTED, Status.MERGED})


def _check_member(delegate: Delegate, coalition: Coalition) -> None:
    if not coalition.memberships.filter(
        organization_id=delegate.organization_id, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("Your organization is not a member of this coalition."), code="not_member"
        )


def _check_open(proposal: Proposal) -> None:
    if proposal.status in CLOSED:
        raise ValidationError(
            _("This proposal has come to its end; it can no longer be signed or endorsed."),
            code="closed",
        )


def _check_public(proposal: Proposal) -> None:
    if proposal.status not in states.PUBLIC or proposal.hidden:
        raise ValidationError(
            _("Only a published proposal can be carried or endorsed by organizations."),
            code="not_public",
        )


def _cosign(joint: JointProposal, delegate: Delegate) -> CoSignature:
    if joint.cosignatures.filter(organization_id=delegate.organization_id).exists():
        raise ValidationError(
            _("Your organization has already co-signed this proposal."), code="duplicate"
        )
    return CoSignature.objects.create(
        joint=joint, organization=delegate.organization, delegate=delegate
    )


@entry_service
def joint_propose_adoption(
    *, delegate: Delegate, coalition: Coalition, proposal: Proposal, note: str = ""
) -> JointProposal:
    """A member organization's delegate asks the coalition to carry a published member
    proposal; their organization co-signs it at once. An organizer confirms the adoption
    (``joint_decide``)."""
    check_may_act(delegate)
    _check_member(delegate, coalition)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check_public(proposal)
    _check_open(proposal)
    if JointProposal.objects.filter(proposal=proposal).exists():
        raise ValidationError(
            _("A coalition already carries this proposal, or was asked to."), code="duplicate"
        )
    return _carry(
        delegate,
        coalition,
        proposal,
        note,
        Action.JOINT_ADOPTION_PROPOSED,
        status=JointStatus.PROPOSED,
    )


def _carry(delegate, coalition, proposal, note: str, action: Action, **fields) -> JointProposal:
    """The joint proposal, co-signed at once by the delegate's organization, audited."""
    joint = JointProposal.objects.create(
        coalition=coalition,
        proposal=proposal,
        organization=delegate.organization,
        delegate=delegate,
        note=note.strip(),
        **fields,
    )
    _cosign(joint, delegate)
    audit_append(
        actor=delegate.user,
        action=action,
        target=joint,
        data={"organization": delegate.organization_id, "proposal": proposal.pk},
    )
    return joint


@entry_service
def joint_decide(*, actor: User, joint: JointProposal, adopt: bool) -> JointProposal:
    """An organizer of the coalition confirms (or declines) an adoption asked by a
    delegate. The callers check that ``actor`` is an organizer (``staff_required``)."""
    joint = JointProposal.objects.select_for_update().get(pk=joint.pk)
    if joint.status != JointStatus.PROPOSED:
        raise ValidationError(_("This adoption was already decided."), code="decided")
    if adopt:
        joint.status, joint.adopted_at = JointStatus.ADOPTED, timezone.now()
    else:
        joint.status = JointStatus.DECLINED
    joint.confirmed_by = actor
    joint.save(update_fields=["status", "adopted_at", "confirmed_by"])
    audit_append(
        actor=actor,
        action=Action.JOINT_ADOPTED if adopt else Action.JOINT_DECLINED,
        target=joint,
    )
    return joint


@entry_service
def joint_write(
    *,
    delegate: Delegate,
    coalition: Coalition,
    note: str = "",
    **proposal_fields,
) -> JointProposal:
    """A delegate writes a proposal for the coalition: it is created and submitted by the
    proposals app (the author is the delegate's own account, never the organization; it
    is moderated as any other), carried jointly at once and co-signed by their
    organization. ``proposal_fields`` are ``proposal_save_draft``'s (title, body, topic …)."""
    check_may_act(delegate)  # refuses a mandate whose person is gone
    _check_member(delegate, coalition)
    assert delegate.user is not None
    proposal = proposals.proposal_save_and_submit.within(
        actor=delegate.user, proposal=None, **proposal_fields
    )
    return _carry(
        delegate,
        coalition,
        proposal,
        note,
        Action.JOINT_WRITTEN,
        status=JointStatus.ADOPTED,
        written_jointly=True,
        adopted_at=timezone.now(),
    )


@entry_service
def joint_cosign(*, delegate: Delegate, joint: JointProposal) -> CoSignature:
    """Another member organization adds its name to a joint proposal (once), until the
    proposal comes to its end."""
    check_may_act(delegate)
    joint = JointProposal.objects.select_for_update().select_related("proposal").get(pk=joint.pk)
    _check_member(delegate, joint.coalition)
    if joint.status == JointStatus.DECLINED:
        raise ValidationError(
            _("The coalition did not adopt this proposal; it cannot be co-signed."),
            code="declined",
        )
    _check_open(joint.proposal)
    signature = _cosign(joint, delegate)
    audit_append(
        actor=delegate.user,
        action=Action.JOINT_COSIGNED,
        target=signature,
        data={"organization": delegate.organization_id, "joint": joint.pk},
    )
    return signature


@entry_service
def endorsement_give(*, delegate: Delegate, proposal: Proposal) -> Endorsement:
    """An organization endorses a published member proposal (once), through a delegate."""
    check_may_act(delegate)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _check_public(proposal)
    _check_open(proposal)
    if Endorsement.objects.filter(
        proposal=proposal, organization_id=delegate.organization_id
    ).exists():
        raise ValidationError(
            _("Your organization already endorses this proposal."), code="duplicate"
        )
    endorsement = Endorsement.objects.create(
        proposal=proposal, organization=delegate.organization, delegate=delegate
    )
    audit_append(
        actor=delegate.user,
        action=Action.ENDORSEMENT_GIVEN,
        target=endorsement,
        data={"organization": delegate.organization_id, "proposal": proposal.pk},
    )
    return endorsement


@entry_service
def endorsement_withdraw(*, delegate: Delegate, proposal: Proposal) -> None:
    """The organization takes its endorsement back; the audit log keeps that it was given."""
    check_may_act(delegate)
    endorsement = Endorsement.objects.filter(
        proposal=proposal, organization_id=delegate.organization_id
    ).first()
    if endorsement is None:
        raise ValidationError(
            _("Your organization does not endorse this proposal."), code="missing"
        )
    audit_append(
        actor=delegate.user,
        action=Action.ENDORSEMENT_WITHDRAWN,
        target=endorsement,
        data={"organization": delegate.organization_id, "proposal": proposal.pk},
    )
    endorsement.delete()
