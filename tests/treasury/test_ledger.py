"""The ledger: every group balances, rows are never changed, balances are sums."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jisr.treasury import ledger
from jisr.treasury.models import Account, AppendOnly, Kind, LedgerEntry

from .factories import CampaignFactory

DAY = datetime.date(2026, 11, 3)
ACCOUNTS = list(Account.values)

pytestmark = pytest.mark.django_db


def _post(campaign, lines, **kwargs):
    return ledger.post(
        kind=Kind.CONTRIBUTION,
        campaign=campaign,
        currency=campaign.currency,
        booked_on=DAY,
        lines=lines,
        **kwargs,
    )


def test_a_balanced_group_is_written_with_one_id():
    campaign = CampaignFactory()
    group = _post(campaign, [(Account.BANK, 9700), (Account.FEES, 300), (Account.INCOME, -10000)])
    entries = LedgerEntry.objects.filter(group=group)
    assert sorted(entries.values_list("amount", flat=True)) == [-10000, 300, 9700]
    assert ledger.balance(Account.INCOME, campaign=campaign) == -10000


@pytest.mark.parametrize(
    "lines",
    [
        [(Account.BANK, 100), (Account.INCOME, -99)],  # unbalanced
        [(Account.BANK, 100)],  # one line
        [(Account.BANK, 0), (Account.INCOME, 0)],  # nothing moves
        [("asset:somewhere", 100), (Account.INCOME, -100)],  # unknown account
    ],
)
def test_an_unbalanced_or_odd_group_writes_nothing(lines):
    campaign = CampaignFactory()
    with pytest.raises(ValidationError):
        _post(campaign, lines)
    assert not LedgerEntry.objects.exists()


def test_a_group_in_another_currency_than_the_campaign_is_refused():
    campaign = CampaignFactory(currency="EUR")
    with pytest.raises(ValidationError):
        ledger.post(
            kind=Kind.CONTRIBUTION,
            campaign=campaign,
            currency="USD",
            booked_on=DAY,
            lines=[(Account.BANK, 100), (Account.INCOME, -100)],
        )
    assert not LedgerEntry.objects.exists()


def test_rows_are_never_updated_or_deleted_through_the_orm():
    campaign = CampaignFactory()
    group = _post(campaign, [(Account.CASH, 500), (Account.INCOME, -500)])
    entry = LedgerEntry.objects.filter(group=group).first()
    entry.amount = 1
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(group=group).update(amount=7)
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(group=group).delete()
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True)) == [-500, 500]


def test_the_database_refuses_an_update_in_raw_sql():
    campaign = CampaignFactory()
    _post(campaign, [(Account.CASH, 500), (Account.INCOME, -500)])
    # SQLite's trigger aborts (IntegrityError); PostgreSQL's raises (IntegrityError too).
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE treasury_ledgerentry SET amount = 1")
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True)) == [-500, 500]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_a_delete_in_raw_sql():
    campaign = CampaignFactory()
    _post(campaign, [(Account.CASH, 500), (Account.INCOME, -500)])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM treasury_ledgerentry")
    assert LedgerEntry.objects.count() == 2


def test_a_correction_is_the_reverse_group_and_the_balance_returns_to_zero():
    campaign = CampaignFactory()
    group = _post(campaign, [(Account.BANK, 9700), (Account.FEES, 300), (Account.INCOME, -10000)])
    reverse = ledger.post_reverse(group=group, booked_on=DAY)
    assert LedgerEntry.objects.filter(group=reverse).first().reverses == group
    for account in (Account.BANK, Account.FEES, Account.INCOME):
        assert ledger.balance(account, campaign=campaign) == 0
    assert LedgerEntry.objects.count() == 6


amounts = st.integers(min_value=1, max_value=10**12)
debit_lines = st.lists(st.tuples(st.sampled_from(ACCOUNTS), amounts), min_size=1, max_size=5)


class TestLedgerProperties(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(debit_lines, st.sampled_from(ACCOUNTS)), min_size=1, max_size=6))
    def test_every_group_balances_and_balances_are_the_sums(self, groups):
        campaign = CampaignFactory()
        expected = dict.fromkeys(ACCOUNTS, 0)
        for debits, credit_account in groups:
            lines = [*debits, (credit_account, -sum(a for _acc, a in debits))]
            _post(campaign, lines)
            for account, amount in lines:
                expected[account] += amount
        for group in set(LedgerEntry.objects.values_list("group", flat=True)):
            assert (
                sum(LedgerEntry.objects.filter(group=group).values_list("amount", flat=True)) == 0
            )
        for account in ACCOUNTS:
            assert ledger.balance(account, campaign=campaign) == expected[account]

    @settings(max_examples=30, deadline=None)
    @given(debit_lines, st.integers(min_value=-(10**6), max_value=10**6).filter(bool))
    def test_a_group_off_by_anything_is_refused(self, debits, off):
        campaign = CampaignFactory()
        lines = [*debits, (Account.INCOME, -sum(a for _acc, a in debits) + off)]
        with pytest.raises(ValidationError):
            _post(campaign, lines)
        assert not LedgerEntry.objects.filter(campaign=campaign).exists()
