"""Digests: one per subscriber and period, in their language, exactly once."""

import email
import smtplib
from datetime import datetime, timedelta
from email import policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jisr.proposals.models import Notification
from jisr.reports import digests, services
from jisr.reports.digests import sending
from jisr.reports.models import (
    DigestBatch,
    DigestDelivery,
    DigestRun,
    Frequency,
    SendSlot,
    Subscriber,
    Subscription,
)

from ..conftest import signed_in
from ..parliament.factories import ActivityFactory, MembershipFactory, PersonFactory
from .factories import VisitorFactory, subscribe

pytestmark = pytest.mark.django_db


def local(*args):
    return timezone.make_aware(datetime(*args))


def _run(frequency=Frequency.WEEKLY, hours=24) -> DigestRun:
    now = timezone.now()
    return DigestRun.objects.create(
        frequency=frequency,
        period_start=now - timedelta(hours=hours),
        period_end=now + timedelta(minutes=1),
    )


def test_periods_end_on_the_last_boundary_in_local_time():
    now = local(2026, 11, 26, 15, 7)  # a Thursday, in Baghdad
    assert digests.latest_boundary("daily", now) == local(2026, 11, 26)
    assert digests.latest_boundary("weekly", now) == local(2026, 11, 22)  # Sunday
    assert digests.latest_boundary("monthly", now) == local(2026, 11, 1)
    assert digests.latest_boundary("immediately", now) == local(2026, 11, 26, 15, 5)
    assert digests.previous_boundary("monthly", local(2026, 1, 1)) == local(2025, 12, 1)


def test_planning_twice_plans_each_period_once():
    now = local(2026, 11, 26, 15, 7)
    first = digests.plan(now=now)
    assert {r.frequency for r in first} == {"immediately", "daily", "weekly", "monthly"}
    assert digests.plan(now=now) == []
    later = digests.plan(now=now + timedelta(days=2))
    daily = [r for r in later if r.frequency == "daily"]
    # The next daily period starts where the last one ended: nothing falls in between.
    assert daily[0].period_start == local(2026, 11, 26) and daily[0].period_end == local(
        2026, 11, 28
    )


@pytest.fixture
def followed():
    """A representative with a speech recorded just now."""
    seat = MembershipFactory(person__name="سلوى النجمي")
    ActivityFactory(
        person=seat.person, term=seat.term, date=timezone.localdate(), title="مداخلة عن الجوازات"
    )
    return seat.person


def test_each_subscriber_gets_one_digest_in_their_language(followed):
    arabic = VisitorFactory(language="ar")
    english = VisitorFactory(language="en")
    bored = VisitorFactory()
    subscribe(arabic, followed)
    subscribe(english, followed)
    subscribe(english, None, frequency=Frequency.WEEKLY)  # no report published: nothing new
    subscribe(bored, PersonFactory())  # nothing new on that one
    subscribe(VisitorFactory(), followed, confirmed=False)  # never confirmed
    subscribe(VisitorFactory(), followed, frequency=Frequency.PAUSED)
    run = _run()
    assert digests.build(run.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([arabic.email, english.email])
    by_address = {m.to[0]: m for m in mail.outbox}
    en, ar = by_address[english.email], by_address[arabic.email]
    assert en.subject == "Your weekly digest: 1 new item"
    assert "مداخلة عن الجوازات" in en.body and "سلوى النجمي" in en.body
    assert 'lang="ar" dir="rtl"' in ar.alternatives[0][0]
    received = email.message_from_bytes(ar.message().as_bytes(), policy=policy.default)
    assert received["Subject"] == ar.subject  # no leading space from a folded encoded header
    assert 'lang="en" dir="ltr"' in en.alternatives[0][0]
    html = en.alternatives[0][0]
    assert en.alternatives[0][1] == "text/html"
    assert "<img" not in html.lower()  # no tracking pixel
    hrefs = [part.split('"')[0] for part in html.split('href="')[1:]]
    assert hrefs and all(h.startswith("https://jisr.example.org/") for h in hrefs)
    assert all("utm_" not in h for h in hrefs)  # no rewritten or tagged links
    assert en.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = en.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://jisr.example.org/reports/unsubscribe-all/")
    assert DigestDelivery.objects.filter(status="sent").count() == 2


def test_running_a_batch_again_sends_nothing_twice(followed):
    for _ in range(5):
        subscribe(VisitorFactory(), followed)
    run = _run()
    digests.build(run.pk)
    assert len(mail.outbox) == 5
    DigestBatch.objects.update(finished_at=None)
    for batch in DigestBatch.objects.all():
        assert digests.send_batch(run.pk, batch.number) == 0
    digests.build(run.pk)
    assert len(mail.outbox) == 5


def test_a_claim_left_by_a_crash_is_resent_or_given_up_as_configured(followed, settings):
    subscribe(VisitorFactory(), followed)
    subscribe(VisitorFactory(), followed)
    run = _run()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    digests.build(run.pk)
    first, _second = DigestDelivery.objects.order_by("pk")
    old = timezone.now() - timedelta(hours=1)
    DigestDelivery.objects.filter(pk=first.pk).update(status="sending", claimed_at=old)
    settings.JISR_DIGEST_RESEND_UNCONFIRMED = False
    digests.send_batch(run.pk, 0)
    first.refresh_from_db()
    assert first.status == "skipped" and len(mail.outbox) == 1
    DigestDelivery.objects.filter(pk=first.pk).update(status="sending", claimed_at=old)
    DigestBatch.objects.update(finished_at=None)
    settings.JISR_DIGEST_RESEND_UNCONFIRMED = True
    digests.send_batch(run.pk, 0)
    first.refresh_from_db()
    assert first.status == "sent" and len(mail.outbox) == 2
    # The same Message-ID either way, so a mail program can recognise a resent digest.
    assert (
        mail.outbox[1].extra_headers["Message-ID"]
        == f"<digest.{run.pk}.{first.subscriber_id}@jisr.example.org>"
    )


def test_members_get_their_proposal_notices_at_their_frequency(member, followed):
    from jisr.proposals.models import Proposal, Topic

    topic = Topic.objects.create(name="موضوع")
    proposal = Proposal.objects.create(author=member, title="مقترحي", body="نص", topic=topic)
    Notification.objects.create(user=member, proposal=proposal, kind="answer")
    run = _run(Frequency.IMMEDIATELY, hours=1)
    digests.build(run.pk)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "مقترحي" in message.body
    assert Subscriber.objects.get(user=member).notices == "immediately"
    services.notices_set_frequency(actor=member, frequency="weekly")
    Notification.objects.create(user=member, proposal=proposal, kind="milestone")
    digests.build(_run(Frequency.IMMEDIATELY, hours=2).pk)
    assert len(mail.outbox) == 1


class RefusingBackend:
    """A mail server that refuses every recipient: 550, the mailbox does not exist."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"no such user") for m in messages})


def test_repeated_hard_bounces_pause_the_subscription_and_show_it(client, followed, settings):
    visitor = VisitorFactory()
    subscription = subscribe(visitor, followed)
    settings.JISR_EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    for hours in (1, 2, 3):
        digests.build(_run(hours=24 + hours).pk)
    assert DigestDelivery.objects.filter(status="bounced").count() == 3
    subscription.refresh_from_db()
    visitor.refresh_from_db()
    assert subscription.frequency == "paused" and subscription.paused_from == "weekly"
    assert visitor.bounced_at is not None and visitor.bounces.filter(kind="hard").count() == 3
    page = client.get(reverse("reports:manage", args=[services.manage_token(visitor)]))
    assert "Paused: e-mails bounced" in page.content.decode()
    digests.build(_run(hours=30).pk)
    assert DigestDelivery.objects.count() == 3  # no more attempts to a dead address
    services.subscription_set_frequency(
        subscriber=visitor, subscription_id=subscription.pk, frequency="daily"
    )
    visitor.refresh_from_db()
    assert visitor.bounced_at is None


def test_a_bounce_reported_later_is_recorded(member):
    services.subscription_follow(actor=member, target=PersonFactory())
    from django.core.management import call_command

    for _ in range(3):
        call_command("reports_bounce", member.email.upper(), "--hard", "--code", "550")
    assert Subscription.objects.get().frequency == "paused"


def test_the_rate_limit_holds_across_workers(settings, monkeypatch):
    """Two workers (each with its own pacing) share the minute's slots in the database."""
    settings.JISR_EMAIL_RATE_PER_MINUTE = 2

    class Waited(Exception):
        pass

    def sleep(seconds):
        raise Waited

    monkeypatch.setattr(sending.time, "sleep", sleep)
    minute = timezone.now().replace(second=0, microsecond=0)
    SendSlot.objects.create(minute=minute, count=0)
    for _worker in range(2):
        monkeypatch.setattr(sending, "_last_send", 0.0)
        sending.throttle()
    assert SendSlot.objects.get(minute=minute).count == 2
    monkeypatch.setattr(sending, "_last_send", 0.0)
    if timezone.now().replace(second=0, microsecond=0) == minute:
        with pytest.raises(Waited):
            sending.throttle()
    # One worker alone spreads its sends over the minute.
    settings.JISR_EMAIL_RATE_PER_MINUTE = 60
    monkeypatch.setattr(sending, "_last_send", sending.time.monotonic())
    with pytest.raises(Waited):
        sending.throttle()


def test_recovery_requeues_a_batch_whose_worker_died(followed, settings):
    subscribe(VisitorFactory(), followed)
    run = _run()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    digests.build(run.pk)
    assert mail.outbox == []
    settings.JISR_DIGEST_LEASE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert digests.recover()["batches"] == 1
    assert len(mail.outbox) == 1
    assert digests.recover()["batches"] == 0


def test_a_published_report_reaches_its_followers_as_an_email(organizer, followed):
    from jisr.reports.models import MonthlyReport

    visitor = VisitorFactory(language="en")
    subscribe(visitor, None)
    today = timezone.localdate()
    report = services.report_create(
        actor=organizer, person=None, start=today.replace(day=1), end=today
    )
    services.report_publish(actor=organizer, report=report)
    digests.build(_run().pk)
    (message,) = mail.outbox
    assert message.subject.startswith("The organization's report:")
    assert f"/reports/{report.pk}/report.pdf" in message.body
    assert (
        "Activities recorded" in message.body
        and "Activities recorded" in message.alternatives[0][0]
    )
    assert MonthlyReport.objects.get().is_published


def test_the_staff_overview_of_digests(client, organizer, followed):
    visitor = VisitorFactory()
    subscribe(visitor, followed)
    run = _run()
    digests.build(run.pk)
    signed_in(client, organizer)
    response = client.get(reverse("reports_staff:digests"))
    assert response.status_code == 200
    (shown,) = response.context["runs"]
    counts = {status: getattr(shown, f"n_{status}") for status in DigestDelivery.Status.values}
    assert shown == run and sum(counts.values()) == 1  # the visitor's one digest
    assert counts == dict.fromkeys(counts, 0) | {run.deliveries.get().status: 1}
    assert visitor.email not in response.content.decode()  # no address is shown
