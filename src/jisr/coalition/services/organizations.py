"""Organizations: registering, verifying (or not) and the delegates who act for them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..models import (
    Delegate,
    DelegateRole,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
)

ORGANIZATION_FIELDS = (
    "name",
    "name_en",
    "kind",
    "city",
    "country",
    "about",
    "about_en",
    "website",
    "visibility",
)


@entry_service
def organization_register(*, actor: User, **fields) -> Organization:
    """Register an organization for verification; the member who registers it becomes its
    primary delegate (their mandate lets them act once it is verified)."""
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    organization = Organization(
        registered_by=actor,
        visibility=fields.pop("visibility", OrganizationVisibility.PUBLIC),
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    organization.full_clean(exclude=["registered_by"])
    organization.save()
    Delegate.objects.create(
        organization=organization, user=actor, role=DelegateRole.PRIMARY, appointed_by=actor
    )
    audit_append(actor=actor, action=Action.ORGANIZATION_REGISTERED, target=organization)
    return organization


@entry_service
def organization_verify(*, actor: User | str, organization: Organization) -> Organization:
    """Mark a pending organization verified (the evidence or the vouches are recorded by
    the caller in the same transaction)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status == OrganizationStatus.VERIFIED:
        raise ValidationError(_("This organization is already verified."), code="verified")
    organization.status = OrganizationStatus.VERIFIED
    organization.status_reason = ""
    organization.verified_at = timezone.now()
    organization.save(update_fields=["status", "status_reason", "verified_at"])
    audit_append(actor=actor, action=Action.ORGANIZATION_VERIFIED, target=organization)
    return organization


@entry_service
def organization_reject(*, actor: User, organization: Organization, reason: str) -> Organization:
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why, so its delegates know what to fix.")}, code="required"
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.status = OrganizationStatus.REJECTED
    organization.status_reason = reason.strip()
    organization.verified_at = None
    organization.save(update_fields=["status", "status_reason", "verified_at"])
    audit_append(actor=actor, action=Action.ORGANIZATION_REJECTED, target=organization)
    return organization


@entry_service
def delegate_appoint(
    *,
    actor: User,
    organization: Organization,
    user: User,
    role: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Delegate:
    """Give ``user`` a mandate for ``organization``: a person's own account, never a shared
    one. A second open mandate for the same person is refused."""
    if Delegate.objects.filter(organization=organization, user=user, ends_on__isnull=True).exists():
        raise ValidationError(
            _("This person already has a mandate for this organization."), code="duplicate"
        )
    delegate = Delegate(
        organization=organization,
        user=user,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        appointed_by=actor,
    )
    delegate.full_clean(exclude=["appointed_by"], validate_constraints=False)
    delegate.save()
    audit_append(
        actor=actor, action=Action.DELEGATE_APPOINTED, target=delegate, data={"role": role}
    )
    return delegate


@entry_service
def delegate_end(*, actor: User, delegate: Delegate, on: datetime.date | None = None) -> Delegate:
    on = on or timezone.localdate()
    delegate.ends_on = max(on, delegate.starts_on)
    delegate.save(update_fields=["ends_on"])
    audit_append(actor=actor, action=Action.DELEGATE_ENDED, target=delegate)
    return delegate
