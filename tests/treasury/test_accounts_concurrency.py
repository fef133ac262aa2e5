"""Receipt numbers stay gap-free when several people take them at once: threads, each with
its own PostgreSQL connection, record gifts at the same moment (some of them rolled back
after taking a number, which must give it back). SQLite has one writer at a time, so the
test is PostgreSQL's:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_accounts \\
        python -m pytest tests/treasury/test_accounts_concurrency.py
"""

import datetime
import threading

import pytest
from django.db import connection, transaction

from jisr.treasury import services
from jisr.treasury.models import Contribution, Method, ReceiptCounter

from .factories import CampaignFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
THREADS = 8
GIFTS = 6  # per thread
DAY = datetime.date(2026, 6, 1)


class RolledBack(Exception):
    pass


def _gift(campaign, n, *, within=False):
    """A cash gift, or (``within``) one inside the caller's transaction."""
    record = services.contribution_record
    return (record.within if within else record)(
        actor=None,
        campaign=campaign,
        method=Method.CASH,
        currency=campaign.currency,
        gross=1000 + n,
        name=f"Concurrent Fictional {n}",
        attested=True,
        received_on=DAY,
    )


def test_receipt_numbers_have_no_gap_or_duplicate_under_concurrent_issuing():
    campaign = CampaignFactory()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    rolled_back = 0
    lock = threading.Lock()

    def issue(worker: int):
        nonlocal rolled_back
        try:
            start.wait(timeout=30)
            for n in range(GIFTS):
                if (worker + n) % 5 == 0:
                    # A payment that fails after it took its number: the number comes back.
                    try:
                        with transaction.atomic():
                            _gift(campaign, worker * 100 + n, within=True)
                            raise RolledBack
                    except RolledBack:
                        with lock:
                            rolled_back += 1
                else:
                    _gift(campaign, worker * 100 + n)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=issue, args=(w,)) for w in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not errors, errors
    assert rolled_back > 0
    issued = THREADS * GIFTS - rolled_back
    numbers = sorted(
        Contribution.objects.filter(campaign=campaign).values_list("receipt_number", flat=True)
    )
    assert numbers == [f"2026-{n:05d}" for n in range(1, issued + 1)]
    assert ReceiptCounter.objects.get(year=2026).last == issued


def test_the_years_counters_are_apart():
    campaign = CampaignFactory()
    _gift(campaign, 1)
    late = services.contribution_record(
        actor=None,
        campaign=campaign,
        method=Method.CASH,
        currency=campaign.currency,
        gross=500,
        name="Next Year Fictional",
        attested=True,
        received_on=datetime.date(2027, 1, 2),
    )
    assert late.receipt_number == "2027-00001"
