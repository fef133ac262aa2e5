"""Contributions, expenses and donors through the services: what a treasurer relies on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jisr.core.models import AuditEntry
from jisr.treasury import crypto, ledger, services
from jisr.treasury.models import (
    Account,
    Contribution,
    ContributionStatus,
    Display,
    Donor,
    Expense,
    ExpenseStatus,
    LedgerEntry,
    Method,
)

from ..accounts.factories import UserFactory
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


def give(campaign, *, method=Method.BANK_TRANSFER, gross=10000, actor=None, **kwargs):
    fields = {"name": "متبرع خيالي", "contact": "+46 70 000 00 00", "attested": True}
    fields.update(kwargs)
    return services.contribution_record(
        actor=actor,
        campaign=campaign,
        method=method,
        currency=campaign.currency,
        gross=gross,
        **fields,
    )


def test_the_reference_alphabet_has_no_look_alike_characters():
    assert not set("0O1IL2Z5S8B6G") & set(services.REFERENCE_ALPHABET)


def test_a_bank_transfer_waits_with_a_reference_code_and_books_nothing():
    contribution = give(CampaignFactory())
    assert contribution.status == ContributionStatus.PENDING
    assert len(contribution.reference) == 8 and contribution.reference.startswith("J")
    assert set(contribution.reference[1:]) <= set(services.REFERENCE_ALPHABET)
    assert not set("0O1IL2Z5S8B6G") & set(contribution.reference[1:])
    assert contribution.expires_on is not None
    assert not LedgerEntry.objects.exists()


def test_marking_several_as_paid_books_what_arrived_and_the_fee():
    campaign = CampaignFactory()
    first, second = give(campaign, gross=10000), give(campaign, gross=5000)
    services.contributions_mark_paid(
        actor=None,
        payments=[
            {"contribution": first, "gross": 10000, "fee": 250, "received_on": DAY},
            {"contribution": second, "gross": 4800, "fee": 0, "received_on": DAY},
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.gross, first.fee, first.net) == ("paid", 10000, 250, 9750)
    assert (second.gross, second.net) == (4800, 4800)  # what actually arrived
    assert ledger.balance(Account.BANK, campaign=campaign) == 9750 + 4800
    assert ledger.balance(Account.FEES, campaign=campaign) == 250
    assert ledger.balance(Account.INCOME, campaign=campaign) == -14800
    assert first.receipt_number == "2026-00001" and second.receipt_number == "2026-00002"


def test_one_bad_line_in_a_batch_changes_nothing():
    campaign = CampaignFactory()
    good, bad = give(campaign), give(campaign)
    with pytest.raises(ValidationError):
        services.contributions_mark_paid(
            actor=None,
            payments=[
                {"contribution": good, "gross": 10000, "fee": 0, "received_on": DAY},
                {"contribution": bad, "gross": -5, "fee": 0, "received_on": DAY},
            ],
        )
    assert set(Contribution.objects.values_list("status", flat=True)) == {"pending"}
    assert not LedgerEntry.objects.exists()


def test_receipt_numbers_are_gap_free_per_year_even_after_a_failed_payment():
    campaign = CampaignFactory()
    a, b, c = give(campaign), give(campaign), give(campaign)
    services.contributions_mark_paid(
        actor=None, payments=[{"contribution": a, "gross": 100, "received_on": DAY}]
    )
    with pytest.raises(ValidationError):  # the fee is more than what arrived
        services.contributions_mark_paid(
            actor=None, payments=[{"contribution": b, "gross": 100, "fee": 100, "received_on": DAY}]
        )
    services.contributions_mark_paid(
        actor=None,
        payments=[
            {"contribution": b, "gross": 100, "received_on": DAY},
            {"contribution": c, "gross": 100, "received_on": datetime.date(2027, 1, 2)},
        ],
    )
    numbers = sorted(Contribution.objects.values_list("receipt_number", flat=True))
    assert numbers == ["2026-00001", "2026-00002", "2027-00001"]


def test_cash_is_paid_at_once_and_the_state_machine_refuses_odd_moves():
    campaign = CampaignFactory()
    cash = give(campaign, method=Method.CASH, gross=2000)
    assert cash.status == "paid" and ledger.balance(Account.CASH, campaign=campaign) == 2000
    with translation.override("en"), pytest.raises(ValidationError, match="cannot become"):
        services.contribution_cancel(actor=None, contribution=cash)
    services.contribution_refund(actor=None, contribution=cash, refunded_on=DAY)
    assert ledger.balance(Account.CASH, campaign=campaign) == 0
    assert ledger.balance(Account.INCOME, campaign=campaign) == 0
    with pytest.raises(ValidationError):
        services.contribution_refund(actor=None, contribution=cash, refunded_on=DAY)


def test_pending_transfers_expire_after_their_days_and_a_late_one_can_still_be_paid():
    campaign = CampaignFactory()
    old = give(campaign)
    Contribution.objects.filter(pk=old.pk).update(expires_on=DAY - datetime.timedelta(days=1))
    fresh = give(campaign)
    assert services.contributions_expire(today=DAY) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == ("expired", "pending")
    services.contributions_mark_paid(
        actor=None, payments=[{"contribution": old, "gross": 10000, "received_on": DAY}]
    )
    old.refresh_from_db()
    assert old.status == "paid"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gross": -100}, "must be more than zero"),
        ({"gross": 0}, "must be more than zero"),
        ({"currency": "EUR"}, "collects in USD, not in EUR"),
        ({"attested": False}, "Please confirm"),
        ({"name": "  "}, "forbids anonymous gifts"),
        ({"display": Display.NICKNAME, "nickname": ""}, "nickname"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(change, message):
    campaign = CampaignFactory(currency="USD")
    fields = {
        "actor": None,
        "campaign": campaign,
        "method": Method.CASH,
        "currency": "USD",
        "gross": 1000,
        "name": "اسم خيالي",
        "attested": True,
        **change,
    }
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.contribution_record(**fields)
    assert not Contribution.objects.exists()
    assert not Donor.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_donor_is_stored_encrypted_and_the_public_label_is_only_what_they_chose():
    campaign = CampaignFactory()
    hidden = give(campaign, name="زينب الخيالية")
    initials = give(campaign, name="Omar Fictional", display=Display.INITIALS)
    nickname = give(campaign, name="Ali Fictional", display=Display.NICKNAME, nickname="A friend")
    named = give(campaign, name="Huda Fictional", display=Display.NAME)
    labels = [c.donor.public_label for c in (hidden, initials, nickname, named)]
    assert labels == ["", "O. F.", "A friend", "Huda Fictional"]
    stored = Donor.objects.get(pk=hidden.donor.pk).name_ciphertext
    assert "زينب" not in stored and crypto.decrypt(stored) == "زينب الخيالية"


def test_every_read_of_an_identity_is_audited():
    contribution = give(CampaignFactory(), name="Sara Fictional")
    reader = UserFactory()
    identity = services.access_donor(actor=reader, donor=contribution.donor)
    assert identity.name == "Sara Fictional"
    entry = AuditEntry.objects.filter(action="donor.read").get()
    assert entry.object_id == str(contribution.donor.pk)
    assert "Sara" not in str(entry.data)


def test_keys_rotate_and_old_values_still_read(settings, tmp_path):
    from cryptography.fernet import Fernet

    contribution = give(CampaignFactory(), name="Rotated Fictional")
    old = settings.JISR_TREASURY_KEY[0]
    settings.JISR_TREASURY_KEY = [Fernet.generate_key().decode(), old]
    assert services.treasury_keys_rotate() == 1
    settings.JISR_TREASURY_KEY = settings.JISR_TREASURY_KEY[:1]  # the old key retired
    donor = Donor.objects.get(pk=contribution.donor.pk)
    assert crypto.decrypt(donor.name_ciphertext) == "Rotated Fictional"


def _expense(campaign, **kwargs):
    fields = {
        "actor": UserFactory(),
        "campaign": campaign,
        "description": "Hall rent for the town meeting",
        "payee": "Fictional Hall Ltd",
        "currency": campaign.currency,
        "amount": 30000,
        "spent_on": DAY,
        "no_receipt_reason": "",
        "receipt": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 fictional"),
    }
    fields.update(kwargs)
    return services.expense_submit(**fields)


def test_an_expense_is_paid_only_after_two_different_approvers(settings, tmp_path):
    settings.JISR_PRIVATE_ROOT = tmp_path
    campaign = CampaignFactory()
    expense = _expense(campaign)
    assert (tmp_path / expense.receipt.name).exists()
    first, second = UserFactory(), UserFactory()
    services.expense_approve(actor=first, expense=expense)
    with translation.override("en"), pytest.raises(ValidationError, match="already approved"):
        services.expense_approve(actor=first, expense=expense)
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.SUBMITTED and expense.approvals.count() == 1
    with pytest.raises(ValidationError):
        services.expense_pay(actor=first, expense=expense, paid_on=DAY)
    assert not LedgerEntry.objects.exists()
    services.expense_approve(actor=second, expense=expense)
    services.expense_pay(actor=second, expense=expense, paid_on=DAY)
    assert ledger.balance(Account.EXPENSE, campaign=campaign) == 30000
    assert ledger.balance(Account.BANK, campaign=campaign) == -30000


def test_an_expense_needs_a_receipt_or_a_reason(settings, tmp_path):
    settings.JISR_PRIVATE_ROOT = tmp_path
    campaign = CampaignFactory()
    with translation.override("en"), pytest.raises(ValidationError, match="say why"):
        _expense(campaign, receipt=None)
    with translation.override("en"), pytest.raises(ValidationError, match="collects in"):
        _expense(campaign, currency="EUR")
    assert not Expense.objects.exists()
    expense = _expense(campaign, receipt=None, no_receipt_reason="Street vendor, no receipts")
    assert expense.no_receipt_reason


def test_erasure_keeps_a_received_gift_unlinked_and_deletes_one_that_never_came():
    member = UserFactory()
    campaign = CampaignFactory()
    paid = give(campaign, method=Method.CASH, member=member, display=Display.NAME)
    pending = give(campaign, member=member)
    services.donor_erase_for_user(member)
    paid.refresh_from_db()
    assert paid.member is None
    assert (paid.donor.user, paid.donor.display, paid.donor.public_label) == (None, "hidden", "")
    assert not Contribution.objects.filter(pk=pending.pk).exists()
    assert not Donor.objects.filter(pk=pending.donor_id).exists()


def test_a_transfer_to_the_centre_is_a_balanced_group_and_shows_in_the_figures():
    from jisr.treasury.selectors import transparency

    campaign = CampaignFactory()
    services.transfer_to_centre(
        actor=None, campaign=campaign, currency="USD", amount=7000, transferred_on=DAY
    )
    assert ledger.balance(Account.CENTRE, campaign=campaign) == 7000
    assert ledger.balance(Account.BANK, campaign=campaign) == -7000
    assert transparency().months[0].to_centre == 7000
    with pytest.raises(ValidationError):
        services.transfer_to_centre(
            actor=None, campaign=campaign, currency="EUR", amount=10, transferred_on=DAY
        )
    with pytest.raises(ValidationError):
        services.transfer_to_centre(
            actor=None, campaign=campaign, currency="USD", amount=-10, transferred_on=DAY
        )
    assert LedgerEntry.objects.count() == 2
