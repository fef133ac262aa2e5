"""Coalitions and the organizations that join them."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..models import Coalition, CoalitionMembership, Organization


@entry_service
def coalition_create(
    *, actor: User, name: str, name_en: str = "", charter: str, charter_en: str = ""
) -> Coalition:
    coalition = Coalition(
        name=name.strip(),
        name_en=name_en.strip(),
        charter=charter.strip(),
        charter_en=charter_en.strip(),
        created_by=actor,
    )
    coalition.full_clean(exclude=["created_by"])
    coalition.save()
    audit_append(actor=actor, action=Action.COALITION_CREATED, target=coalition)
    return coalition


@entry_service
def coalition_join(
    *,
    actor: User,
    coalition: Coalition,
    organization: Organization,
    commitments: str = "",
    offers: str = "",
) -> CoalitionMembership:
    """Admit a verified organization to a coalition (once at a time)."""
    if not organization.is_verified:
        raise ValidationError(
            _("Only a verified organization can join a coalition."), code="unverified"
        )
    if coalition.memberships.filter(organization=organization, left_on__isnull=True).exists():
        raise ValidationError(
            _("This organization is already a member of this coalition."), code="duplicate"
        )
    membership = CoalitionMembership.objects.create(
        coalition=coalition,
        organization=organization,
        joined_on=timezone.localdate(),
        commitments=commitments.strip(),
        offers=offers.strip(),
    )
    audit_append(actor=actor, action=Action.COALITION_JOINED, target=membership)
    return membership
