"""Sending the batches at the configured rate, exactly once; recovery and pruning."""

import smtplib
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core import queue
from jisr.core.mail import JisrEmailMessage
from jisr.proposals.models import STATUS_LABELS, Notification
from jisr.proposals.states import Status

from .. import services
from ..models import (
    REPORT_KEY,
    DigestBatch,
    DigestDelivery,
    DigestRun,
    DigestSection,
    Frequency,
    SendSlot,
)
from .build import queue_batch
from .common import MAX_ATTEMPTS, _tasks, logger, setting
from .sections import _url

# --- Rate limit -------------------------------------------------------------------------------

_last_send = 0.0


def throttle(before_wait=lambda: None) -> None:
    """Wait for a slot under ``JISR_EMAIL_RATE_PER_MINUTE``, shared by every worker
    through the database, and spread the sends of this worker evenly over the minute.
    ``before_wait`` runs before any pause (the sender settles its bookkeeping there)."""
    global _last_send
    limit = setting("JISR_EMAIL_RATE_PER_MINUTE")
    if not limit:
        return
    gap = 60 / limit
    wait = _last_send + gap - time.monotonic()
    if wait > 0:
        before_wait()
        time.sleep(wait)
    while True:
        now = timezone.now()
        minute = now.replace(second=0, microsecond=0)
        SendSlot.objects.get_or_create(minute=minute)
        if SendSlot.objects.filter(minute=minute, count__lt=limit).update(count=F("count") + 1):
            break
        before_wait()
        time.sleep(min(5.0, (minute + timedelta(minutes=1) - now).total_seconds() + 0.05))
    _last_send = time.monotonic()


# --- Sending ----------------------------------------------------------------------------------


def _domain() -> str:
    return urlsplit(settings.JISR_SITE_URL).hostname or "localhost"


def render_digest(
    delivery: DigestDelivery, sections: dict, notices: dict
) -> EmailMultiAlternatives:
    """The digest as the subscriber reads it: in their language, HTML and plain text,
    with a one-click unsubscribe, and no image or rewritten link of any kind."""
    subscriber = delivery.subscriber
    run = delivery.run
    language = subscriber.reader_language
    with translation.override(language):
        parts = []
        for key, subscription_key in delivery.keys:
            section = sections.get((key, language))
            if section is not None:
                token = services.unsubscribe_token(_uuid(subscription_key))
                parts.append(
                    {
                        "section": section,
                        "unsubscribe": services.site_url(
                            reverse("reports:unsubscribe", args=[token])
                        ),
                    }
                )
        notice_items = [_notice_item(notices[pk]) for pk in delivery.notices if pk in notices]
        count = sum(p["section"].items for p in parts) + len(notice_items)
        unsubscribe_all = services.site_url(
            reverse("reports:unsubscribe_all", args=[services.unsubscribe_all_token(subscriber)])
        )
        if subscriber.user_id:
            manage = services.site_url(reverse("reports:subscriptions"))
        else:
            manage = services.site_url(
                reverse("reports:manage", args=[services.manage_token(subscriber)])
            )
        headings: dict[str, str] = {
            Frequency.IMMEDIATELY: _("What is new"),
            Frequency.DAILY: _("Your daily digest"),
            Frequency.WEEKLY: _("Your weekly digest"),
            Frequency.MONTHLY: _("Your monthly digest"),
        }
        heading = headings[run.frequency]
        if len(parts) == 1 and not notice_items and parts[0]["section"].key == REPORT_KEY:
            subject = parts[0]["section"].title
        else:
            subject = ngettext(
                "%(heading)s: %(count)d new item", "%(heading)s: %(count)d new items", count
            ) % {"heading": heading, "count": count}
        context = {
            "heading": heading,
            "parts": parts,
            "notices": notice_items,
            "unsubscribe_all": unsubscribe_all,
            "manage": manage,
            "site_name": settings.JISR_SITE_NAME or _("Jisr"),
            "site_url": settings.JISR_SITE_URL,
            "language": language,
            "rtl": translation.get_language_bidi(),
            "period_start": run.period_start,
            "period_end": run.period_end - timedelta(seconds=1),
        }
        text = render_to_string("reports/email/digest.txt", context)
        html = render_to_string("reports/email/digest.html", context)
    message = JisrEmailMessage(
        subject,
        text,
        None,
        [subscriber.address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<digests.{_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Message-ID": f"<digest.{run.pk}.{subscriber.pk}@{_domain()}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _uuid(hex_value: str):
    import uuid

    return uuid.UUID(hex=hex_value)


def _notice_item(notice: Notification) -> dict:
    kinds = dict(Notification.Kind.choices)
    text = f"{kinds.get(notice.kind, '')}: {notice.proposal.title}"
    if (
        notice.kind == Notification.Kind.STATUS
        and notice.data.get("to") in Status.__members__.values()
    ):
        text += f" — {STATUS_LABELS[Status(notice.data['to'])]}"
    return {"text": text, "url": _url("proposals:detail", notice.proposal_id)}


def _classify(error: Exception) -> tuple[str, str]:
    """("hard" | "soft" | "fail", SMTP code) for a sending error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        code = codes[0] if codes else 0
        return ("hard" if 500 <= code < 600 else "soft"), str(code)
    if isinstance(error, smtplib.SMTPResponseException):
        return ("hard" if 550 <= error.smtp_code <= 553 else "soft"), str(error.smtp_code)
    return "fail", ""


def send_batch(run_id: int, number: int) -> int:
    """Send the batch's pending digests; return how many went out. Safe to run again,
    and from two workers at once."""
    batch = DigestBatch.objects.filter(run_id=run_id, number=number).first()
    if batch is None or batch.finished_at:
        return 0
    lease = timedelta(seconds=setting("JISR_DIGEST_LEASE_SECONDS"))

    def heartbeat():
        DigestBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())

    heartbeat()
    mine = DigestDelivery.objects.filter(run_id=run_id, batch=number)
    # A claim older than the lease is the message a crash left in doubt.
    doubtful = mine.filter(
        status=DigestDelivery.Status.SENDING, claimed_at__lt=timezone.now() - lease
    )
    if setting("JISR_DIGEST_RESEND_UNCONFIRMED"):
        doubtful.update(status=DigestDelivery.Status.PENDING)
    else:
        doubtful.update(
            status=DigestDelivery.Status.SKIPPED, error="unknown: the worker stopped while sending"
        )
    deliveries = list(
        mine.filter(status=DigestDelivery.Status.PENDING)
        .select_related("run", "subscriber__user")
        .order_by("id")
    )
    keys = {key for d in deliveries for key, _sub in d.keys}
    sections = {
        (s.key, s.language): s for s in DigestSection.objects.filter(run_id=run_id, key__in=keys)
    }
    notices = Notification.objects.select_related("proposal").in_bulk(
        [pk for d in deliveries for pk in d.notices]
    )
    # Rendered first, so that nothing but the hand-over separates a claim from its mark.
    messages = [(d, render_digest(d, sections, notices)) for d in deliveries]
    connection = get_connection(setting("JISR_EMAIL_DELIVERY_BACKEND"))
    sent, unmarked, last_beat = 0, None, 0.0

    def settle(force_beat=False):
        """Mark the digest just handed over as sent (and beat the heart now and then);
        the caller's transaction commits it together with the next claim."""
        nonlocal unmarked, last_beat
        if unmarked is not None:
            DigestDelivery.objects.filter(pk=unmarked.pk).update(
                status=DigestDelivery.Status.SENT, sent_at=timezone.now(), error=""
            )
            if unmarked.subscriber.hard_bounces:
                services.delivered_ok(unmarked.subscriber_id)
            unmarked = None
        if force_beat or time.monotonic() - last_beat > 1:
            heartbeat()
            last_beat = time.monotonic()

    def before_wait():
        with transaction.atomic():
            settle(force_beat=True)

    try:
        connection.open()
        for delivery, message in messages:
            throttle(before_wait)
            # One commit per digest: the previous one's "sent" with this one's claim.
            with transaction.atomic():
                settle()
                claimed = DigestDelivery.objects.filter(
                    pk=delivery.pk, status=DigestDelivery.Status.PENDING
                ).update(
                    status=DigestDelivery.Status.SENDING,
                    claimed_at=timezone.now(),
                    attempts=F("attempts") + 1,
                )
            if not claimed:  # another worker has it
                continue
            message.connection = connection
            try:
                message.send(fail_silently=False)
            except Exception as error:
                _failed(delivery, error)
                continue
            unmarked = delivery
            sent += 1
    finally:
        with transaction.atomic():
            settle(force_beat=True)
        connection.close()
    if not mine.filter(
        status__in=[DigestDelivery.Status.PENDING, DigestDelivery.Status.SENDING]
    ).exists():
        DigestBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    return sent


def _failed(delivery: DigestDelivery, error: Exception) -> None:
    kind, code = _classify(error)
    delivery.refresh_from_db(fields=["attempts"])
    if kind == "hard":
        status = DigestDelivery.Status.BOUNCED
    elif delivery.attempts >= MAX_ATTEMPTS:
        status = DigestDelivery.Status.FAILED
    else:
        status = DigestDelivery.Status.PENDING  # tried again by the next recovery
    detail = f"{type(error).__name__} {code}".strip()[:200]
    DigestDelivery.objects.filter(pk=delivery.pk).update(status=status, error=detail)
    if kind in ("hard", "soft"):
        services.bounce_record(subscriber=delivery.subscriber, hard=kind == "hard", code=code)
    logger.warning("Digest %s could not be sent: %s", delivery.pk, detail)


# --- Recovery ---------------------------------------------------------------------------------


def recover(*, now=None) -> dict:
    """Queue again what a stopped worker left: runs never built, and batches whose task
    is gone, failed, or stopped sending (no heartbeat for a lease)."""
    from django_tasks.base import TaskResultStatus

    now = now or timezone.now()
    lease = timedelta(seconds=setting("JISR_DIGEST_LEASE_SECONDS"))
    rebuilt = 0
    for run in DigestRun.objects.filter(built_at__isnull=True, created_at__lt=now - lease):
        queue.enqueue(_tasks().build_digest_run, run.pk)
        rebuilt += 1
    requeued = 0
    task = _tasks().send_digest_batch
    for batch in DigestBatch.objects.filter(finished_at__isnull=True).select_related("run"):
        last_sign = max(filter(None, [batch.heartbeat_at, batch.queued_at]), default=None)
        if last_sign and last_sign > now - lease:
            continue
        status = None
        if batch.task_id and task.get_backend().supports_get_result:
            try:
                status = task.get_result(batch.task_id).status
            except Exception:
                status = None
        if status == TaskResultStatus.READY:
            continue  # still waiting its turn in the queue
        with transaction.atomic():
            queue_batch(batch.run_id, batch.number)
        requeued += 1
    return {"runs": rebuilt, "batches": requeued}


def prune(*, now=None, days: int = 90) -> None:
    """Keep delivery records for ``days`` days; they hold no address, only ids."""
    now = now or timezone.now()
    SendSlot.objects.filter(minute__lt=now - timedelta(days=1)).delete()
    DigestRun.objects.filter(period_end__lt=now - timedelta(days=days)).delete()
