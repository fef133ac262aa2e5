"""The capacity holds when fifty members register for the same timeslot at the same
moment: threads, each with its own PostgreSQL connection, each registering one member.
SQLite has one writer at a time, so the test is PostgreSQL's:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_events \\
        python -m pytest tests/campaigns/test_event_concurrency.py
"""

import threading

import pytest
from django.db import connection

from jisr.campaigns.models import Registration
from jisr.campaigns.models import RegistrationStatus as S
from jisr.campaigns.services import events as services

from ..accounts.factories import UserFactory
from .factories import TimeslotFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
MEMBERS = 50
CAPACITY = 7


def _all_at_once(work, items):
    start = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item):
        try:
            start.wait(timeout=60)
            work(item)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors


def test_fifty_parallel_sign_ups_never_exceed_the_capacity():
    slot = TimeslotFactory(capacity=CAPACITY)
    members = UserFactory.create_batch(MEMBERS)
    _all_at_once(lambda m: services.registration_create(actor=m, timeslot=slot), members)
    regs = Registration.objects.filter(timeslot=slot)
    assert regs.count() == MEMBERS
    assert regs.filter(status=S.CONFIRMED).count() == CAPACITY
    assert regs.filter(status=S.WAITLISTED).count() == MEMBERS - CAPACITY
    assert len(set(regs.values_list("code", flat=True))) == MEMBERS


def test_parallel_cancellations_offer_each_freed_place_once_in_order():
    slot = TimeslotFactory(capacity=CAPACITY)
    members = UserFactory.create_batch(CAPACITY + 10)
    regs = [services.registration_create(actor=m, timeslot=slot) for m in members]
    leaving = regs[:4]
    _all_at_once(lambda r: services.registration_cancel(actor=r.user, registration=r), leaving)
    holding = Registration.objects.filter(timeslot=slot, status__in=[S.CONFIRMED, S.OFFERED])
    assert holding.count() == CAPACITY
    offered = list(
        Registration.objects.filter(timeslot=slot, status=S.OFFERED).values_list("pk", flat=True)
    )
    # The four who waited longest, whatever order the cancellations committed in.
    assert sorted(offered) == [r.pk for r in regs[CAPACITY : CAPACITY + 4]]


def test_reminder_runs_at_the_same_time_send_each_reminder_once():
    import datetime

    from django.core import mail
    from django.utils import timezone

    now = timezone.now()
    slot = TimeslotFactory(starts_at=now + datetime.timedelta(hours=20))
    members = UserFactory.create_batch(12)
    for member in members:
        services.registration_create(actor=member, timeslot=slot)
    mail.outbox.clear()
    sent: list[int] = []
    _all_at_once(lambda _: sent.append(services.event_reminders_send(now=now)), range(4))
    assert sum(sent) == len(members)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert not Registration.objects.filter(reminded_day_before_at=None).exists()
