"""Reminders go out once per member and date even when two runs overlap (cron and the
worker's clock, say): each run locks the commitments it reminds. PostgreSQL only, as for
the treasury's concurrency tests:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_outreach \\
        python -m pytest tests/campaigns/test_outreach_concurrency.py
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from jisr.campaigns.models.outreach import AskReminder, Commitment
from jisr.campaigns.services import outreach as services

from ..accounts.factories import UserFactory
from .outreach_factories import ask_with_scripts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
RUNS = 4
MEMBERS = 5


def test_overlapping_runs_send_each_reminder_once():
    today = timezone.localdate()
    ask = ask_with_scripts()
    AskReminder.objects.create(ask=ask, on=today)
    for _ in range(MEMBERS):
        Commitment.objects.create(
            ask=ask, member=UserFactory(), will_do=True, committed_on=ask.opens_on
        )
    mail.outbox.clear()
    start = threading.Barrier(RUNS)
    sent: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run():
        try:
            start.wait()
            count = services.outreach_send_reminders(actor="system:test", today=today)
            with lock:
                sent.append(count)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(sent) == [0] * (RUNS - 1) + [MEMBERS]
    assert len(mail.outbox) == MEMBERS
    assert len({tuple(m.to) for m in mail.outbox}) == MEMBERS
