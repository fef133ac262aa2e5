"""The public figures kept in the cache under the ledger's last entry are always those a
fresh pass over the ledger gives: after every write, whatever the write (bench/treasury.py
measures why they are kept)."""

import datetime
from operator import attrgetter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jisr.treasury import ledger, services
from jisr.treasury.models import Account, Kind, LedgerEntry, Method
from jisr.treasury.selectors import campaign_totals, transparency

from .factories import CampaignFactory

DAY = datetime.date(2026, 10, 1)
PUBLIC = attrgetter(
    "key", "currency", "income", "count", "expenses", "fees", "to_centre", "shown", "sha256"
)


def figures():
    """Everything the public sees of the ledger, comparable."""
    report = transparency()
    lines = [PUBLIC(line) for line in report.months + report.campaigns]
    totals = sorted((t.campaign_id, t.raised, t.count, t.shown) for t in campaign_totals().values())
    return report.last_entry, report.sha256, lines, totals


def fresh_figures():
    cache.clear()
    return figures()


# One write: a gift paid (bank, with a fee), a cash gift, a refund of the last gift, an
# expense or a transfer to the centre, in the campaign or its part.
writes = st.tuples(
    st.sampled_from(["bank", "cash", "refund", "expense", "centre"]),
    st.booleans(),
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=0, max_value=60),
)


class TestKeptFiguresEqualAFreshPass(TestCase):
    @settings(max_examples=15, deadline=None)
    @given(st.lists(writes, min_size=1, max_size=10))
    def test_after_every_write(self, steps):
        cache.clear()
        campaign = CampaignFactory()
        part = CampaignFactory(parent=campaign)
        gifts = []
        for what, in_part, amount, days in steps:
            target = part if in_part else campaign
            day = DAY + datetime.timedelta(days=days)
            figures()  # kept under the last entry, before this write
            if what in ("bank", "cash"):
                gift = services.contribution_record(
                    actor=None,
                    campaign=target,
                    method=Method.CASH if what == "cash" else Method.BANK_TRANSFER,
                    currency="USD",
                    gross=amount + 1,
                    received_on=day,
                    name="Scale Fictional",
                    attested=True,
                )
                if what == "bank":
                    payment = {"contribution": gift, "gross": amount + 1, "fee": amount // 100}
                    services.contributions_mark_paid(
                        actor=None, payments=[{**payment, "received_on": day}]
                    )
                gifts.append(gift)
            elif what == "refund" and gifts:
                services.contribution_refund(actor=None, contribution=gifts.pop(), refunded_on=day)
            elif what in ("expense", "centre"):
                account = Account.EXPENSE if what == "expense" else Account.CENTRE
                ledger.post(
                    kind=Kind.EXPENSE if what == "expense" else Kind.TRANSFER,
                    campaign=target,
                    currency="USD",
                    booked_on=day,
                    lines=[(account, amount), (Account.BANK, -amount)],
                )
            kept = figures()
            assert kept == fresh_figures()
            last = LedgerEntry.objects.order_by("-pk").first()
            assert kept[0] == (last.pk if last else 0)


@pytest.mark.django_db
def test_titles_visibility_and_the_small_cell_rule_change_without_a_new_entry(
    django_assert_num_queries,
):
    cache.clear()
    campaign = CampaignFactory(title="حملة قبل التعديل")
    for _ in range(5):
        services.contribution_record(
            actor=None,
            campaign=campaign,
            method=Method.CASH,
            currency="USD",
            gross=1000,
            received_on=DAY,
            name="Scale Fictional",
            attested=True,
        )
    client = Client()
    url = reverse("treasury:transparency")
    client.get(url)
    campaign.title = "حملة بعد التعديل"
    campaign.save()
    with django_assert_num_queries(1):  # the titles, not the ledger
        page = client.get(url).content.decode()
    assert "حملة بعد التعديل" in page and "حملة قبل التعديل" not in page
    assert [line.shown for line in transparency().campaigns] == [True]
    with override_settings(JISR_TREASURY_MIN_CELL=6):
        assert [line.shown for line in transparency().campaigns] == [False]
        assert campaign_totals()[campaign.pk].shown is False
    campaign.is_public = False
    campaign.save()
    assert transparency().campaigns == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has a single writer")
def test_a_posting_holds_the_ledger_lock_until_it_commits():
    """So a later posting cannot commit a higher entry first (which a kept figure for
    entries 1 to N would then miss)."""
    from django.db import connections

    campaign = CampaignFactory()
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            ledger.post(
                kind=Kind.TRANSFER,
                campaign=campaign,
                currency="USD",
                booked_on=DAY,
                lines=[(Account.CENTRE, 5), (Account.BANK, -5)],
            )
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ledger.APPEND_LOCK])
                assert cursor.fetchone()[0] is False
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ledger.APPEND_LOCK])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()
