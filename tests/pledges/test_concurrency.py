"""Raters who rate the same pledge at the same moment: the round still takes exactly two
ratings (the pledge's row is locked while a rating is given). SQLite has one writer at a
time, so the test is PostgreSQL's:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_pledges \\
        python -m pytest tests/pledges/test_concurrency.py
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jisr.pledges import services
from jisr.pledges.models import Rating

from ..accounts.factories import UserFactory
from .factories import EvidenceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
RATERS = 6


def test_six_raters_at_once_leave_exactly_two_ratings():
    pledge = EvidenceFactory().pledge
    raters = [UserFactory() for _n in range(RATERS)]
    start = threading.Barrier(RATERS)
    refused: list[str] = []
    errors: list[BaseException] = []

    def rate(rater):
        try:
            start.wait(timeout=30)
            services.pledge_rate(actor=rater, pledge=pledge, verdict="kept", explanation="x")
        except ValidationError as refusal:
            refused.extend(refusal.messages)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=rate, args=(r,)) for r in raters]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert Rating.objects.filter(pledge=pledge, round=1).count() == 2
    assert len(refused) == RATERS - 2
