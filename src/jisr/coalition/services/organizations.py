"""Organizations: registering, verifying (or not) and the delegates who act for them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..acting import check_may_act, check_may_manage
from ..models import (
    Affiliation,
    Delegate,
    DelegateRole,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
    VerificationEvidence,
    Vouch,
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


#: Verified organizations that vouch for a pending one verify it without an organizer.
VOUCHES_TO_VERIFY = 2


def verified_vouchers(organization: Organization) -> int:
    """How many different verified organizations vouched for ``organization``."""
    return (
        Vouch.objects.filter(organization=organization, voucher__status=OrganizationStatus.VERIFIED)
        .values("voucher")
        .distinct()
        .count()
    )


@entry_service
def organization_verify(
    *, actor: User | str, organization: Organization, via: str = "evidence"
) -> Organization:
    """Mark a pending (or rejected) organization verified: an organizer does, with at least
    one item of evidence recorded, or two verified organizations' vouches do (``via``)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status == OrganizationStatus.VERIFIED:
        raise ValidationError(_("This organization is already verified."), code="verified")
    if not organization.evidence.exists() and verified_vouchers(organization) < VOUCHES_TO_VERIFY:
        raise ValidationError(
            _(
                "Record at least one piece of evidence first (or wait for two verified "
                "organizations to vouch for it)."
            ),
            code="no_evidence",
        )
    organization.status = OrganizationStatus.VERIFIED
    organization.status_reason = ""
    organization.verified_at = timezone.now()
    organization.save(update_fields=["status", "status_reason", "verified_at"])
    audit_append(
        actor=actor,
        action=Action.ORGANIZATION_VERIFIED,
        target=organization,
        data={"via": "vouches" if via == "vouches" else "evidence"},
    )
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
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    delegate.ends_on = max(on, delegate.starts_on)
    delegate.save(update_fields=["ends_on"])
    audit_append(actor=actor, action=Action.DELEGATE_ENDED, target=delegate)
    return delegate


@entry_service
def organization_update(
    *, delegate: Delegate, organization: Organization, **fields
) -> Organization:
    """The primary delegate edits the organization's profile (never its status)."""
    check_may_manage(delegate, organization=organization)
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    for name, value in fields.items():
        setattr(organization, name, value.strip() if isinstance(value, str) else value)
    organization.full_clean(exclude=["registered_by"])
    organization.save(update_fields=list(fields))
    audit_append(
        actor=delegate.user,
        action=Action.ORGANIZATION_EDITED,
        target=organization,
        data={"fields": sorted(fields)},
    )
    return organization


@entry_service
def evidence_add(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    note: str,
    url: str = "",
    recorded_on: datetime.date | None = None,
) -> VerificationEvidence:
    """An organizer records what they saw of an organization (before verifying it)."""
    evidence = VerificationEvidence(
        organization=organization,
        kind=kind,
        note=note.strip(),
        url=url.strip(),
        recorded_by=actor,
        recorded_on=recorded_on or timezone.localdate(),
    )
    evidence.full_clean(exclude=["recorded_by"])
    evidence.save()
    audit_append(
        actor=actor,
        action=Action.ORGANIZATION_EVIDENCE_ADDED,
        target=organization,
        data={"kind": kind},
    )
    return evidence


@entry_service
def organization_vouch(*, delegate: Delegate, organization: Organization) -> Vouch:
    """A delegate of a verified organization vouches for a pending one: once per pair, never
    for its own organization. The second verified organization's vouch verifies it."""
    check_may_act(delegate)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if delegate.organization_id == organization.pk:
        raise ValidationError(_("An organization cannot vouch for itself."), code="self")
    if organization.status != OrganizationStatus.PENDING:
        raise ValidationError(
            _("Only an organization waiting for verification can be vouched for."),
            code="not_pending",
        )
    if Vouch.objects.filter(organization=organization, voucher=delegate.organization_id).exists():
        raise ValidationError(
            _("Your organization has already vouched for this one."), code="duplicate"
        )
    vouch = Vouch.objects.create(
        organization=organization, voucher=delegate.organization, delegate=delegate
    )
    audit_append(actor=delegate.user, action=Action.ORGANIZATION_VOUCHED, target=organization)
    if verified_vouchers(organization) >= VOUCHES_TO_VERIFY:
        organization_verify.within(
            actor=delegate.user or "system", organization=organization, via="vouches"
        )
    return vouch


#: The roles a primary delegate may appoint (a primary is appointed by an organizer).
APPOINTABLE_ROLES = (DelegateRole.ALTERNATE, DelegateRole.OBSERVER)


@entry_service
def delegate_appoint_by_email(
    *, delegate: Delegate, organization: Organization, email: str, role: str
) -> Delegate:
    """The primary delegate appoints an alternate or an observer: another member, by the
    e-mail of their own account (no account is ever created here)."""
    check_may_manage(delegate, organization=organization)
    if role not in APPOINTABLE_ROLES:
        raise ValidationError(
            {"role": ValidationError(_("Choose alternate delegate or observer."), code="role")}
        )
    user = User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None
    if user is None:
        raise ValidationError(
            {
                "email": ValidationError(
                    _(
                        "No account uses this e-mail address. Ask the person to create "
                        "their own account first, then appoint them."
                    ),
                    code="no_account",
                )
            }
        )
    assert delegate.user is not None  # check_may_manage refused a detached mandate
    return delegate_appoint.within(
        actor=delegate.user, organization=organization, user=user, role=role
    )


@entry_service
def delegate_end_by_primary(*, delegate: Delegate, mandate: Delegate) -> Delegate:
    """The primary delegate ends an alternate's or an observer's mandate."""
    check_may_manage(delegate, organization=mandate.organization)
    if mandate.role not in APPOINTABLE_ROLES or mandate.ends_on is not None:
        raise ValidationError(
            _("Only an open mandate of an alternate or an observer can be ended here."),
            code="not_endable",
        )
    assert delegate.user is not None  # check_may_manage refused a detached mandate
    return delegate_end.within(actor=delegate.user, delegate=mandate)


@entry_service
def affiliation_set(
    *, actor: User, organization: Organization, member: bool, share_contact: bool = False
) -> Affiliation | None:
    """A member declares (or withdraws) that they belong to ``organization``, and whether
    its delegates may see their display name and e-mail. Withdrawing deletes the row."""
    if not organization.is_verified:
        raise ValidationError(
            _("Only a verified organization can have members here."), code="unverified"
        )
    existing = Affiliation.objects.filter(organization=organization, user=actor).first()
    if not member:
        if existing is not None:
            existing.delete()
            audit_append(
                actor=actor,
                action=Action.AFFILIATION_CHANGED,
                target=organization,
                data={"member": False},
            )
        return None
    if existing is None:
        existing = Affiliation.objects.create(
            organization=organization, user=actor, share_contact=share_contact
        )
    elif existing.share_contact != share_contact:
        existing.share_contact = share_contact
        existing.save(update_fields=["share_contact"])
    else:
        return existing
    audit_append(
        actor=actor,
        action=Action.AFFILIATION_CHANGED,
        target=organization,
        data={"member": True, "share_contact": share_contact},
    )
    return existing


@entry_service
def members_export(*, delegate: Delegate, organization: Organization) -> list[dict]:
    """The organization's members who opted in to share their contact, for its own acting
    delegate only (an audited read: the log holds the count, never a name)."""
    check_may_act(delegate, organization=organization)
    rows = [
        {"name": a.user.display_name, "email": a.user.email, "since": a.created_at.date()}
        for a in Affiliation.objects.filter(organization=organization, share_contact=True)
        .select_related("user")
        .order_by("created_at", "pk")
    ]
    audit_append(
        actor=delegate.user,
        action=Action.ORGANIZATION_MEMBERS_EXPORTED,
        target=organization,
        data={"count": len(rows)},
    )
    return rows


@entry_service
def organizations_erase_for_user(*, user: User) -> None:
    """Erasure: the person's affiliations go; their open mandates end today and every
    mandate row is detached from the account, so the actions taken under it keep their
    organization and mandate (``Delegate.user`` becomes empty)."""
    Affiliation.objects.filter(user=user).delete()
    for mandate in Delegate.objects.filter(user=user, ends_on__isnull=True):
        delegate_end.within(actor=user, delegate=mandate)
    Delegate.objects.filter(user=user).update(user=None)
