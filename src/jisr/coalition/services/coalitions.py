"""Coalitions and the organizations that join them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..acting import check_may_act
from ..models import Coalition, CoalitionMembership, Delegate, Organization, WorkingGroup


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


COALITION_FIELDS = ("name", "name_en", "charter", "charter_en", "status")


@entry_service
def coalition_update(*, actor: User, coalition: Coalition, **fields) -> Coalition:
    unknown = set(fields) - set(COALITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown coalition fields: {sorted(unknown)}")
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    for name, value in fields.items():
        setattr(coalition, name, value.strip() if isinstance(value, str) else value)
    coalition.full_clean(exclude=["created_by"])
    coalition.save(update_fields=list(fields))
    audit_append(
        actor=actor,
        action=Action.COALITION_UPDATED,
        target=coalition,
        data={"fields": sorted(fields)},
    )
    return coalition


@entry_service
def coalition_leave(
    *, actor: User, membership: CoalitionMembership, on: datetime.date | None = None
) -> CoalitionMembership:
    """Record that an organization left: the membership row stays, with ``left_on`` (its
    history, what it committed to, remains on the coalition's page)."""
    membership = CoalitionMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("This organization has already left this coalition."), code="left")
    on = on or timezone.localdate()
    if on < membership.joined_on:
        raise ValidationError(
            {"left_on": _("An organization cannot leave before it joined.")}, code="order"
        )
    membership.left_on = on
    membership.save(update_fields=["left_on"])
    audit_append(actor=actor, action=Action.COALITION_LEFT, target=membership)
    return membership


def _describe(membership: CoalitionMembership, commitments: str, offers: str):
    if membership.left_on is not None:
        raise ValidationError(
            _("This organization has left the coalition; its record is kept as it was."),
            code="left",
        )
    membership.commitments = commitments.strip()
    membership.offers = offers.strip()
    membership.full_clean()
    membership.save(update_fields=["commitments", "offers"])


@entry_service
def membership_update(
    *, actor: User, membership: CoalitionMembership, commitments: str, offers: str
) -> CoalitionMembership:
    """An organizer edits what a member organization commits to and offers."""
    membership = CoalitionMembership.objects.select_for_update().get(pk=membership.pk)
    _describe(membership, commitments, offers)
    audit_append(actor=actor, action=Action.COALITION_MEMBERSHIP_UPDATED, target=membership)
    return membership


@entry_service
def membership_describe(
    *, delegate: Delegate, membership: CoalitionMembership, commitments: str, offers: str
) -> CoalitionMembership:
    """A delegate edits their own organization's commitments and offers."""
    membership = (
        CoalitionMembership.objects.select_for_update()
        .select_related("organization")
        .get(pk=membership.pk)
    )
    check_may_act(delegate, organization=membership.organization)
    _describe(membership, commitments, offers)
    audit_append(
        actor=delegate.user,
        action=Action.COALITION_MEMBERSHIP_UPDATED,
        target=membership,
        data={"delegate": delegate.pk},
    )
    return membership


@entry_service
def working_group_create(
    *, actor: User, coalition: Coalition, name: str, name_en: str = "", purpose: str = ""
) -> WorkingGroup:
    group = WorkingGroup(
        coalition=coalition, name=name.strip(), name_en=name_en.strip(), purpose=purpose.strip()
    )
    group.full_clean()
    group.save()
    audit_append(actor=actor, action=Action.WORKING_GROUP_CREATED, target=group)
    return group


@entry_service
def working_group_add(
    *, actor: User, group: WorkingGroup, organization: Organization
) -> WorkingGroup:
    """Add a current member organization of the group's coalition to the group."""
    if not group.coalition.memberships.filter(
        organization=organization, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("Only a current member of the coalition can join its working groups."),
            code="not_member",
        )
    if group.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(
            _("This organization is already in this working group."), code="duplicate"
        )
    group.organizations.add(organization)
    audit_append(
        actor=actor,
        action=Action.WORKING_GROUP_JOINED,
        target=group,
        data={"organization": organization.pk},
    )
    return group
