"""Joint proposals: a coalition carries a proposal of the proposals app to the
representatives, with the member organizations that co-sign it; and endorsements, an
organization's word for an existing member proposal.

The proposal itself stays in the proposals app and follows its usual flow (moderation,
support, delivery, answer, milestones, outcome): these rows only say who carries it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.proposals.models import Proposal

from .coalitions import Coalition
from .organizations import Delegate, Organization

__all__ = ["CoSignature", "Endorsement", "JointProposal", "JointStatus"]


class JointStatus(models.TextChoices):
    # A delegate asked the coalition to adopt a member's proposal; an organizer confirms.
    PROPOSED = "proposed", _("Adoption proposed")
    ADOPTED = "adopted", _("Carried jointly")
    DECLINED = "declined", _("Adoption declined")


class JointProposal(models.Model):
    """A proposal the coalition carries: adopted (a delegate proposes, an organizer of the
    coalition confirms) or written jointly by a delegate (adopted at once; the proposal is
    moderated as any other)."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.PROTECT, related_name="joint_proposals"
    )
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="joint")
    status = models.CharField(
        _("status"), max_length=10, choices=JointStatus.choices, default=JointStatus.PROPOSED
    )
    written_jointly = models.BooleanField(default=False)
    # Who brought it: a delegate (with their organization) …
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # … and the organizer who confirmed the adoption (none for one written jointly).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("why the coalition carries it"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("joint proposal")
        verbose_name_plural = _("joint proposals")
        ordering = ["-adopted_at", "-created_at", "-pk"]
        constraints = [
            # A delegate's row always names the organization it acted for.
            models.CheckConstraint(
                condition=Q(delegate__isnull=True) | Q(organization__isnull=False),
                name="coalition_joint_delegate_with_organization",
            ),
        ]

    def __str__(self):
        return f"{self.coalition} · {self.proposal_id}"


class CoSignature(models.Model):
    """A member organization co-signs a joint proposal (once), through a delegate."""

    joint = models.ForeignKey(JointProposal, on_delete=models.CASCADE, related_name="cosignatures")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cosignatures"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint", "organization"], name="coalition_one_cosignature_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.joint_id}"


class Endorsement(models.Model):
    """An organization endorses a member proposal (once), through a delegate; it can be
    withdrawn (the row goes, the audit log keeps that it was)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="endorsements"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    endorsed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["endorsed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                name="coalition_one_endorsement_per_organization",
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.proposal_id}"
