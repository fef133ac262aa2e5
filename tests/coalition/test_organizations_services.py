"""The organizations part's services: verification needs evidence or two vouches, vouching
rules, the primary delegate's management by e-mail, members who opt in, isolation of each
organization's members, and erasure."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jisr.accounts.services import user_erase
from jisr.coalition.hooks.organizations import export_personal_data
from jisr.coalition.models import (
    Affiliation,
    Delegate,
    DelegateRole,
    Organization,
    OrganizationStatus,
    Vouch,
)
from jisr.coalition.services import organizations as services
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from .factories import DelegateFactory, OrganizationFactory
from .organization_factories import AffiliationFactory

pytestmark = pytest.mark.django_db

PENDING = OrganizationStatus.PENDING


def _pending():
    return OrganizationFactory(status=PENDING)


# --- verification -------------------------------------------------------------------------


def test_an_organizer_cannot_verify_without_evidence(organizer):
    organization = _pending()
    with pytest.raises(ValidationError) as refused:
        services.organization_verify(actor=organizer, organization=organization)
    assert refused.value.code == "no_evidence"
    organization.refresh_from_db()
    assert organization.status == PENDING and organization.verified_at is None


def test_with_evidence_recorded_the_organizer_verifies(organizer):
    organization = _pending()
    services.evidence_add(
        actor=organizer, organization=organization, kind="website", note="صفحتها العامة"
    )
    services.organization_verify(actor=organizer, organization=organization)
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.VERIFIED
    entry = AuditEntry.objects.filter(action="organization.verified").get()
    assert entry.data == {"via": "evidence"}
    assert AuditEntry.objects.filter(action="organization.evidence_added").count() == 1


def test_evidence_needs_a_note_and_a_known_kind(organizer):
    organization = _pending()
    for kind, note in (("certificate", "  "), ("rumour", "سمعنا عنها")):
        with pytest.raises(ValidationError):
            services.evidence_add(actor=organizer, organization=organization, kind=kind, note=note)
    assert not organization.evidence.exists()


def test_rejecting_needs_a_reason_shown_to_its_delegates(organizer):
    organization = _pending()
    with pytest.raises(ValidationError):
        services.organization_reject(actor=organizer, organization=organization, reason=" ")
    services.organization_reject(actor=organizer, organization=organization, reason="لا موقع")
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.REJECTED
    assert organization.status_reason == "لا موقع"


# --- vouching ------------------------------------------------------------------------------


def test_two_verified_organizations_vouching_verify_a_pending_one():
    organization = _pending()
    first, second = DelegateFactory(), DelegateFactory()
    services.organization_vouch(delegate=first, organization=organization)
    organization.refresh_from_db()
    assert organization.status == PENDING  # one vouch is not enough
    services.organization_vouch(delegate=second, organization=organization)
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.VERIFIED
    vouch = Vouch.objects.get(voucher=second.organization)
    assert (vouch.organization, vouch.delegate) == (organization, second)  # both recorded
    verified = AuditEntry.objects.get(action="organization.verified")
    assert verified.data == {"via": "vouches"}
    assert verified.actor_ref == f"user:{second.user.audit_ref}"


def test_two_delegates_of_one_organization_count_once():
    organization = _pending()
    first = DelegateFactory()
    alternate = DelegateFactory(organization=first.organization, role=DelegateRole.ALTERNATE)
    services.organization_vouch(delegate=first, organization=organization)
    with pytest.raises(ValidationError) as refused:
        services.organization_vouch(delegate=alternate, organization=organization)
    assert refused.value.code == "duplicate"
    organization.refresh_from_db()
    assert organization.status == PENDING
    assert Vouch.objects.count() == 1


def test_an_organization_cannot_vouch_for_itself_nor_for_a_verified_or_rejected_one():
    delegate = DelegateFactory()
    with pytest.raises(ValidationError) as refused:
        services.organization_vouch(delegate=delegate, organization=delegate.organization)
    assert refused.value.code == "self"
    for status in (OrganizationStatus.VERIFIED, OrganizationStatus.REJECTED):
        with pytest.raises(ValidationError) as refused:
            services.organization_vouch(
                delegate=delegate, organization=OrganizationFactory(status=status)
            )
        assert refused.value.code == "not_pending"
    assert not Vouch.objects.exists()


# --- 0 shared accounts: every action needs a personal account, a mandate and two-factor ----


def _refused_delegates():
    """Mandates that may not act, with the code of the refusal."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return [
        (DelegateFactory(role=DelegateRole.OBSERVER), "observer"),
        (
            DelegateFactory(starts_on=yesterday - datetime.timedelta(days=9), ends_on=yesterday),
            "mandate",
        ),
        (DelegateFactory(organization=OrganizationFactory(status=PENDING)), "unverified"),
        (DelegateFactory(user=UserFactory()), "two_factor"),
    ]


def test_a_vouch_needs_an_acting_mandate_of_a_verified_organization_with_two_factor():
    organization = _pending()
    for delegate, code in _refused_delegates():
        with pytest.raises(ValidationError) as refused:
            services.organization_vouch(delegate=delegate, organization=organization)
        assert refused.value.code == code
    assert not Vouch.objects.exists()


def test_exporting_members_needs_an_acting_mandate_with_two_factor():
    for delegate, code in _refused_delegates():
        AffiliationFactory(organization=delegate.organization)
        with pytest.raises(ValidationError) as refused:
            services.members_export(delegate=delegate, organization=delegate.organization)
        assert refused.value.code == code
    assert not AuditEntry.objects.filter(action="organization.members_exported").exists()


def test_managing_needs_the_primary_delegate_with_two_factor():
    primary = DelegateFactory()
    other = UserFactory()
    refusals = [
        (DelegateFactory(organization=primary.organization, role="alternate"), "not_primary"),
        (DelegateFactory(organization=primary.organization, user=UserFactory()), "two_factor"),
        (DelegateFactory(), "not_delegate"),
    ]
    for delegate, code in refusals:
        with pytest.raises(ValidationError) as refused:
            services.delegate_appoint_by_email(
                delegate=delegate,
                organization=primary.organization,
                email=other.email,
                role="alternate",
            )
        assert refused.value.code == code
        with pytest.raises(ValidationError):
            services.organization_update(
                delegate=delegate, organization=primary.organization, city="أوسلو"
            )
    assert not Delegate.objects.filter(user=other).exists()
    primary.organization.refresh_from_db()
    assert primary.organization.city != "أوسلو"


def test_the_primary_of_a_pending_organization_may_fix_its_profile():
    delegate = DelegateFactory(organization=OrganizationFactory(status=PENDING))
    services.organization_update(
        delegate=delegate, organization=delegate.organization, city="أوسلو", website=""
    )
    delegate.organization.refresh_from_db()
    assert delegate.organization.city == "أوسلو"
    assert delegate.organization.status == PENDING


# --- appointing by e-mail ----------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_the_primary_appoints_an_existing_account_by_its_email_and_never_creates_one():
    primary = DelegateFactory()
    person = UserFactory(email="Sara@Example.org")
    users = type(person).objects.count()
    with pytest.raises(ValidationError) as refused:
        services.delegate_appoint_by_email(
            delegate=primary,
            organization=primary.organization,
            email="nobody@example.org",
            role="alternate",
        )
    assert refused.value.error_dict["email"][0].code == "no_account"
    assert "create their own account" in str(refused.value)
    assert type(person).objects.count() == users
    mandate = services.delegate_appoint_by_email(
        delegate=primary,
        organization=primary.organization,
        email="sara@example.org",
        role="observer",
    )
    assert (mandate.user, mandate.role, mandate.appointed_by) == (person, "observer", primary.user)
    with pytest.raises(ValidationError) as refused:
        services.delegate_appoint_by_email(
            delegate=primary,
            organization=primary.organization,
            email=person.email,
            role="primary",
        )
    assert refused.value.error_dict["role"][0].code == "role"


def test_the_primary_ends_an_alternate_but_not_another_primary():
    primary = DelegateFactory()
    alternate = DelegateFactory(organization=primary.organization, role="alternate")
    services.delegate_end_by_primary(delegate=primary, mandate=alternate)
    alternate.refresh_from_db()
    assert alternate.ends_on == timezone.localdate()
    other_primary = DelegateFactory(organization=primary.organization)
    with pytest.raises(ValidationError):
        services.delegate_end_by_primary(delegate=primary, mandate=other_primary)
    with pytest.raises(ValidationError):  # another organization's alternate
        services.delegate_end_by_primary(
            delegate=primary, mandate=DelegateFactory(role="alternate")
        )


# --- members who opt in ---------------------------------------------------------------------


def test_a_member_declares_opts_in_and_withdraws():
    organization = OrganizationFactory()
    member = UserFactory()
    services.affiliation_set(actor=member, organization=organization, member=True)
    affiliation = Affiliation.objects.get()
    assert affiliation.share_contact is False
    services.affiliation_set(
        actor=member, organization=organization, member=True, share_contact=True
    )
    affiliation.refresh_from_db()
    assert affiliation.share_contact is True
    services.affiliation_set(actor=member, organization=organization, member=False)
    assert not Affiliation.objects.exists()
    entries = AuditEntry.objects.filter(action="affiliation.changed")
    assert entries.count() == 3
    assert all(member.email not in str(e.data) for e in entries)


def test_nobody_is_a_member_of_an_unverified_organization():
    with pytest.raises(ValidationError):
        services.affiliation_set(actor=UserFactory(), organization=_pending(), member=True)
    assert not Affiliation.objects.exists()


def test_an_organization_exports_only_its_own_members_who_opted_in():
    delegate = DelegateFactory()
    sharing = AffiliationFactory(organization=delegate.organization)
    AffiliationFactory(organization=delegate.organization, share_contact=False)
    AffiliationFactory()  # another organization's member who shares with it
    rows = services.members_export(delegate=delegate, organization=delegate.organization)
    assert [r["email"] for r in rows] == [sharing.user.email]
    entry = AuditEntry.objects.get(action="organization.members_exported")
    assert entry.data == {"count": 1}
    other = AffiliationFactory().organization
    with pytest.raises(ValidationError) as refused:
        services.members_export(delegate=delegate, organization=other)
    assert refused.value.code == "not_delegate"


# --- personal data ----------------------------------------------------------------------------


def test_export_holds_the_persons_memberships_and_mandates():
    delegate = DelegateFactory()
    AffiliationFactory(user=delegate.user)
    data = export_personal_data(delegate.user)
    assert len(data["organization_memberships"]) == 1
    assert data["organization_mandates"][0]["role"] == "primary"


def test_erasure_deletes_memberships_ends_mandates_and_keeps_the_organizations_history():
    delegate = DelegateFactory()
    AffiliationFactory(user=delegate.user)
    pending = _pending()
    services.organization_vouch(delegate=delegate, organization=pending)
    user_erase(user=delegate.user)
    assert not Affiliation.objects.exists()
    delegate.refresh_from_db()
    assert delegate.user is None
    assert delegate.ends_on == timezone.localdate()
    assert Vouch.objects.get().delegate == delegate  # the action keeps its mandate
    assert Organization.objects.filter(pk=delegate.organization_id).exists()
