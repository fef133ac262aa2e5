"""Cash count sheets, pledges and dues through their services: two signatures, exact sums,
idempotent instalments, clear errors that change nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.core.models import AuditEntry
from jisr.treasury import crypto, ledger, services
from jisr.treasury.models import (
    Account,
    Contribution,
    ContributionStatus,
    Donor,
    LedgerEntry,
    Method,
)
from jisr.treasury.models.cash import CountSheet, Instalment, Pledge, PledgeStatus, SheetGift
from jisr.treasury.services import cash

from ..accounts.factories import UserFactory
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


def gift(amount, name="متبرع خيالي"):
    return {"name": name, "amount": amount, "attested": True}


def sheet(campaign, counter, *, counts=None, gifts=None, **kw):
    return cash.count_sheet_create(
        actor=counter,
        campaign=campaign,
        label="Dinner in Malmö (demo)",
        counted_on=DAY,
        currency=campaign.currency,
        counts=counts if counts is not None else {5000: 2, 2000: 1, 500: 3},  # 135.00
        gifts=gifts if gifts is not None else [gift(10000), gift(3500, "Fictional Two")],
        **kw,
    )


@pytest.fixture
def eur():
    return CampaignFactory(currency="EUR")


# --- count sheets ---------------------------------------------------------------------------


def test_counts_times_denominations_make_the_total_and_nothing_is_booked_on_one_signature(eur):
    counter = UserFactory()
    made = sheet(eur, counter)
    assert made.total == 13500
    assert [(line.denomination, line.count) for line in made.lines.all()] == [
        (5000, 2),
        (2000, 1),
        (500, 3),
    ]
    assert made.counted_by == counter and not made.is_signed
    assert not LedgerEntry.objects.exists()
    assert not Contribution.objects.exists()
    # The donors are known and encrypted, as every donor is.
    names = {crypto.decrypt(d.name_ciphertext) for d in Donor.objects.all()}
    assert names == {"متبرع خيالي", "Fictional Two"}
    assert AuditEntry.objects.filter(action="cash_sheet.counted").count() == 1


def test_the_same_person_cannot_sign_twice_and_a_second_person_books_the_cash(eur):
    counter = UserFactory()
    made = sheet(eur, counter)
    with translation.override("en"), pytest.raises(ValidationError, match="different person"):
        cash.count_sheet_sign(actor=counter, sheet=made)
    assert not LedgerEntry.objects.exists()
    signed = cash.count_sheet_sign(actor=UserFactory(), sheet=made)
    assert signed.is_signed and signed.second_signer != counter
    gifts = Contribution.objects.order_by("gross")
    assert [(c.method, c.status, c.gross, c.received_on) for c in gifts] == [
        (Method.CASH, ContributionStatus.PAID, 3500, DAY),
        (Method.CASH, ContributionStatus.PAID, 10000, DAY),
    ]
    assert all(c.receipt_number for c in gifts)
    assert ledger.balance(Account.CASH, campaign=eur) == 13500
    assert ledger.balance(Account.INCOME, campaign=eur) == -13500
    assert SheetGift.objects.filter(contribution__isnull=True).count() == 0
    with translation.override("en"), pytest.raises(ValidationError, match="already signed"):
        cash.count_sheet_sign(actor=UserFactory(), sheet=made)
    assert Contribution.objects.count() == 2


def test_a_sheet_whose_gifts_do_not_add_up_needs_a_reason(eur):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        sheet(eur, UserFactory(), gifts=[gift(10000)])
    assert "135.00 EUR" in error.value.messages[0] and "100.00 EUR" in error.value.messages[0]
    assert not CountSheet.objects.exists() and not Donor.objects.exists()
    made = sheet(eur, UserFactory(), gifts=[gift(10000)], difference_reason="A torn note")
    assert made.difference_reason == "A torn note"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"counts": {3000: 1}}, "has no note or coin of 30.00 EUR"),
        ({"counts": {5000: -1}}, "cannot be negative"),
        ({"counts": {}}, "at least one note"),
        ({"gifts": []}, "anonymous"),
        ({"gifts": [gift(13500) | {"attested": False}]}, "Please confirm"),
        ({"gifts": [gift(13500, name=" ")]}, "forbids anonymous"),
        ({"gifts": [gift(0), gift(13500)]}, "more than zero"),
    ],
)
def test_bad_sheets_are_refused_with_a_clear_error_and_change_nothing(eur, change, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        sheet(eur, UserFactory(), **change)
    assert not CountSheet.objects.exists() and not Donor.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="cash_sheet").exists()


def test_a_sheet_in_another_currency_than_the_campaign_is_refused(eur):
    with translation.override("en"), pytest.raises(ValidationError, match="collects in EUR"):
        cash.count_sheet_create(
            actor=UserFactory(),
            campaign=eur,
            label="x",
            counted_on=DAY,
            currency="USD",
            counts={100: 1},
            gifts=[gift(100)],
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(cash.DENOMINATIONS["EUR"]), st.integers(0, 10_000)))
def test_the_total_is_exactly_the_sum_of_count_times_denomination(counts):
    expected = sum(value * count for value, count in counts.items())
    assert cash.count_total("EUR", counts) == expected


def _signed(campaign):
    made = sheet(campaign, UserFactory())
    return cash.count_sheet_sign(actor=UserFactory(), sheet=made)


def test_a_deposit_moves_cash_to_the_bank_and_only_after_two_signatures(eur):
    unsigned = sheet(eur, UserFactory())
    with translation.override("en"), pytest.raises(ValidationError, match="signed by two"):
        cash.count_sheet_deposit(actor=None, sheet=unsigned, amount=13500, deposited_on=DAY)
    made = _signed(eur)
    done = cash.count_sheet_deposit(actor=None, sheet=made, amount=13500, deposited_on=DAY)
    assert done.deposited_amount == 13500 and not done.deposit_flagged
    assert ledger.balance(Account.CASH, campaign=eur) == 0  # the unsigned sheet booked nothing
    assert ledger.balance(Account.BANK, campaign=eur) == 13500
    with translation.override("en"), pytest.raises(ValidationError, match="already recorded"):
        cash.count_sheet_deposit(actor=None, sheet=made, amount=13500, deposited_on=DAY)
    assert ledger.balance(Account.BANK, campaign=eur) == 13500


def test_a_deposit_that_differs_is_flagged_until_explained(eur):
    made = _signed(eur)
    done = cash.count_sheet_deposit(actor=None, sheet=made, amount=13000, deposited_on=DAY)
    assert done.deposit_flagged
    assert ledger.balance(Account.BANK, campaign=eur) == 13000
    assert ledger.balance(Account.CASH, campaign=eur) == 500
    with translation.override("en"), pytest.raises(ValidationError, match="Write why"):
        cash.count_sheet_explain(actor=None, sheet=made, reason="  ")
    explained = cash.count_sheet_explain(actor=None, sheet=made, reason="The bank refused a note")
    assert not explained.deposit_flagged
    with translation.override("en"), pytest.raises(ValidationError, match="no difference"):
        cash.count_sheet_explain(actor=None, sheet=made, reason="again")


# --- pledges and dues -----------------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 10**12), st.integers(1, 120))
def test_instalments_sum_to_the_pledge_exactly(total, count):
    parts = cash.split(total, count)
    assert sum(parts) == total and len(parts) == count
    assert max(parts) - min(parts) <= 1


def test_months_keep_the_day_or_end_the_month():
    assert cash.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert cash.add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def pledge(campaign, **kw):
    fields = {
        "actor": None,
        "campaign": campaign,
        "currency": campaign.currency,
        "starts_on": datetime.date(2026, 9, 1),
        "name": "Fictional Pledger",
        "attested": True,
        "total": 10000,
        "count": 3,
    }
    return cash.pledge_make(**(fields | kw))


def test_a_pledge_writes_its_schedule_and_instalments_fall_due_once(eur):
    made = pledge(eur)
    assert [(i.due_on, i.amount) for i in made.instalments.all()] == [
        (datetime.date(2026, 9, 1), 3334),
        (datetime.date(2026, 10, 1), 3333),
        (datetime.date(2026, 11, 1), 3333),
    ]
    assert cash.instalments_fall_due(today=datetime.date(2026, 10, 15)) == 2
    assert cash.instalments_fall_due(today=datetime.date(2026, 10, 15)) == 0
    waiting = Contribution.objects.order_by("pk")
    assert [(c.status, c.gross, c.method) for c in waiting] == [
        (ContributionStatus.PENDING, 3334, Method.BANK_TRANSFER),
        (ContributionStatus.PENDING, 3333, Method.BANK_TRANSFER),
    ]
    assert len({c.reference for c in waiting}) == 2 and all(c.reference for c in waiting)
    assert {c.donor_id for c in waiting} == {made.donor_id}
    assert not LedgerEntry.objects.exists()
    assert AuditEntry.objects.filter(action="instalment.due").count() == 2


def test_stopping_a_pledge_cancels_what_waits_and_nothing_more_falls_due(eur):
    made = pledge(eur)
    cash.instalments_fall_due(today=datetime.date(2026, 9, 2))
    cash.pledge_stop(actor=None, pledge=made)
    assert Contribution.objects.get().status == ContributionStatus.CANCELLED
    assert cash.instalments_fall_due(today=datetime.date(2027, 1, 1)) == 0
    made.refresh_from_db()
    assert made.status == PledgeStatus.STOPPED
    with translation.override("en"), pytest.raises(ValidationError, match="already stopped"):
        cash.pledge_stop(actor=None, pledge=made)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"total": 0}, "more than zero"),
        ({"count": 0}, "between 1 and 120"),
        ({"count": 121}, "between 1 and 120"),
        ({"total": 2, "count": 3}, "too small"),
        ({"currency": "USD"}, "collects in EUR"),
        ({"attested": False}, "Please confirm"),
        ({"total": None, "amount": 500}, "belong to a member"),
        ({"total": None, "amount": -5, "member": "x"}, "more than zero"),
    ],
)
def test_bad_pledges_are_refused_and_change_nothing(eur, change, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        pledge(eur, **change)
    assert not Instalment.objects.exists() and not Donor.objects.exists()


def test_monthly_dues_fall_due_each_month_once_by_the_command(eur):
    member = UserFactory()
    today = timezone.localdate()
    start = cash.add_months(today, -1)
    dues = pledge(eur, total=None, count=None, amount=1500, member=member, starts_on=start)
    assert dues.kind == "dues" and not dues.instalments.exists()
    call_command("treasury_instalments_due", stdout=io.StringIO())
    call_command("treasury_instalments_due", stdout=io.StringIO())
    months = list(Contribution.objects.order_by("pk"))
    assert [(c.gross, c.member, c.status) for c in months] == [
        (1500, member, ContributionStatus.PENDING),
        (1500, member, ContributionStatus.PENDING),
    ]
    assert [i.due_on for i in dues.instalments.all()] == [start, cash.add_months(start, 1)]
    cash.pledge_stop(actor=member, pledge=dues)
    assert cash.instalments_fall_due(today=datetime.date(2027, 3, 1)) == 0


def test_erasing_a_member_stops_their_dues_and_removes_what_never_arrived(eur):
    from jisr.treasury.apps import TreasuryConfig

    member, other = UserFactory(), UserFactory()
    dues = pledge(eur, total=None, count=None, amount=1500, member=member)
    kept = pledge(eur, total=None, count=None, amount=900, member=other)
    cash.instalments_fall_due(today=datetime.date(2026, 10, 15))
    paid = Contribution.objects.filter(instalment__pledge=kept).first()
    services.contributions_mark_paid(
        actor=None, payments=[{"contribution": paid, "gross": 900, "received_on": DAY}]
    )
    for user in (member, other):
        TreasuryConfig.erase_personal_data(None, user)
    assert not Pledge.objects.filter(pk=dues.pk).exists()  # nothing of it ever arrived
    assert not Contribution.objects.filter(donor=dues.donor).exists()
    kept.refresh_from_db()
    assert (kept.status, kept.member) == (PledgeStatus.STOPPED, None)
    assert cash.instalments_fall_due(today=datetime.date(2027, 6, 1)) == 0


def test_a_sheet_needs_a_person_who_counted(eur):
    with translation.override("en"), pytest.raises(ValidationError, match="who counted"):
        sheet(eur, None)
    assert not CountSheet.objects.exists()
