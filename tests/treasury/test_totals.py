"""Public totals equal the ledger to the cent, whatever happens to the gifts; erasing an
account keeps what the law keeps."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jisr.accounts.services import user_erase
from jisr.treasury import ledger, services
from jisr.treasury.models import Account, Contribution, Donor, LedgerEntry, Method
from jisr.treasury.selectors import campaign_totals, transparency

from ..accounts.factories import UserFactory
from .factories import CampaignFactory

DAY = datetime.date(2026, 10, 1)
# What happens to one gift: its amount, the fee the bank keeps, and its fate.
events = st.tuples(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["paid", "refunded", "pending", "cancelled", "cash"]),
    st.integers(min_value=0, max_value=90),
)


class TestTotalsEqualTheLedger(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(st.lists(events, min_size=1, max_size=12))
    def test_public_totals_are_the_ledger_to_the_cent(self, gifts):
        campaign = CampaignFactory()
        expected_income = expected_fees = expected_count = 0
        for gross, fee, fate, days in gifts:
            fee = min(fee, gross - 1)
            method = Method.CASH if fate == "cash" else Method.BANK_TRANSFER
            gift = services.contribution_record(
                actor=None,
                campaign=campaign,
                method=method,
                currency="USD",
                gross=gross,
                fee=fee if fate == "cash" else 0,
                received_on=DAY,
                name="Property Fictional",
                attested=True,
            )
            day = DAY + datetime.timedelta(days=days)
            if fate in ("paid", "refunded"):
                services.contributions_mark_paid(
                    actor=None,
                    payments=[
                        {"contribution": gift, "gross": gross, "fee": fee, "received_on": day}
                    ],
                )
            if fate == "refunded":
                services.contribution_refund(actor=None, contribution=gift, refunded_on=day)
            if fate == "cancelled":
                services.contribution_cancel(actor=None, contribution=gift)
            if fate in ("paid", "cash"):
                expected_income += gross
                expected_fees += fee
            if fate in ("paid", "cash", "refunded"):
                expected_count += 1
        total = campaign_totals()[campaign.pk]
        assert total.raised == expected_income == -ledger.balance(Account.INCOME, campaign=campaign)
        assert total.count == expected_count
        report = transparency()
        lines = [line for line in report.campaigns if line.key == campaign.pk]
        # A campaign appears once something was booked (a waiting transfer books nothing).
        assert [(line.income, line.fees) for line in lines] in (
            [(expected_income, expected_fees)],
            [] if expected_count == 0 else None,
        )
        assert sum(m.income for m in report.months) == expected_income
        assert (
            ledger.balance(Account.BANK, campaign=campaign)
            + ledger.balance(Account.CASH, campaign=campaign)
            == expected_income - expected_fees
        )
        for group in set(LedgerEntry.objects.values_list("group", flat=True)):
            amounts = LedgerEntry.objects.filter(group=group).values_list("amount", flat=True)
            assert sum(amounts) == 0


@pytest.mark.django_db
def test_erasing_an_account_keeps_received_gifts_anonymous_and_drops_the_rest():
    member = UserFactory()
    campaign = CampaignFactory()
    fields = {"actor": None, "campaign": campaign, "currency": "USD", "gross": 100}
    kept = services.contribution_record(
        **fields,
        method=Method.CASH,
        name="Erased Fictional",
        display="name",
        attested=True,
        member=member,
    )
    services.contribution_record(
        **fields,
        method=Method.BANK_TRANSFER,
        name="Erased Fictional",
        attested=True,
        member=member,
    )
    user_erase(user=member)
    assert list(Contribution.objects.values_list("pk", flat=True)) == [kept.pk]
    donor = Donor.objects.get()
    assert (donor.user_id, donor.public_label, donor.display) == (None, "", "hidden")
    assert -ledger.balance(Account.INCOME, campaign=campaign) == 100
