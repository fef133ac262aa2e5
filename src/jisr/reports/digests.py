"""E-mail digests, sent exactly once per subscriber and period (the digest part of the
reports' services layer; the tasks in tasks.py call it).

1. ``plan`` creates a ``DigestRun`` for every frequency whose period has ended. The unique
   (frequency, period start) makes planning from several processes harmless; a period
   starts where the previous run ended, so nothing falls between two runs.
2. ``build`` finds what is new on each followed thing in the period, renders it once per
   language (``DigestSection``), then writes one ``DigestDelivery`` per subscriber with
   something new (unique per run and subscriber) and queues the batches — all in one
   transaction: a build that dies leaves nothing behind and is simply run again.
3. ``send_batch`` renders each digest, *claims* it (pending → sending, committed), hands
   it to the mail server, then marks it sent. A delivery that is not pending is never
   claimed again, so a batch that runs twice (a restart, a slow worker taken for dead)
   sends nothing twice.

The one message a crash can leave in doubt is the one claimed but not marked: whether
the mail server took it is unknown. ``JISR_DIGEST_RESEND_UNCONFIRMED`` decides: resend it
(the default: at-least-once for that single message, with the same Message-ID so mail
programs that recognise it show it once) or give it up (at-most-once). Everything else
is exactly once.
"""

import logging
import smtplib
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core import queue
from jisr.core.lists import join_list
from jisr.core.mail import JisrEmailMessage
from jisr.parliament.models import Activity, Organization, Person, Vote
from jisr.proposals.models import STATUS_LABELS, Notification, Proposal, Topic
from jisr.proposals.states import Status

from . import selectors, services
from .models import (
    REPORT_KEY,
    SENDING,
    DigestBatch,
    DigestDelivery,
    DigestRun,
    DigestSection,
    Frequency,
    MonthlyReport,
    SendSlot,
    Subscriber,
    Subscription,
)
from .presenters import report_title

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Lines per followed thing in one digest; the rest are a link away.
SECTION_ITEMS = 20
DELIVERY_CHUNK = 2000


def setting(name: str):
    return getattr(settings, name)


# --- Periods ----------------------------------------------------------------------------------


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def latest_boundary(frequency: str, now: datetime) -> datetime:
    """The end of the last complete period of the frequency, in the site's time zone
    (weeks start on Sunday, the first working day in Iraq)."""
    local = timezone.localtime(now)
    if frequency == Frequency.IMMEDIATELY:
        minutes = setting("JISR_DIGEST_IMMEDIATE_MINUTES")
        slot = (local.hour * 60 + local.minute) // minutes * minutes
        return local.replace(hour=slot // 60, minute=slot % 60, second=0, microsecond=0)
    today = local.date()
    if frequency == Frequency.DAILY:
        return _local_midnight(today)
    if frequency == Frequency.WEEKLY:
        return _local_midnight(today - timedelta(days=(today.weekday() + 1) % 7))
    return _local_midnight(today.replace(day=1))


def previous_boundary(frequency: str, boundary: datetime) -> datetime:
    if frequency == Frequency.IMMEDIATELY:
        return boundary - timedelta(minutes=setting("JISR_DIGEST_IMMEDIATE_MINUTES"))
    day = timezone.localtime(boundary).date()
    if frequency == Frequency.DAILY:
        return _local_midnight(day - timedelta(days=1))
    if frequency == Frequency.WEEKLY:
        return _local_midnight(day - timedelta(days=7))
    before = day - timedelta(days=1)
    return _local_midnight(before.replace(day=1))


def plan(*, now=None) -> list[DigestRun]:
    """Create the runs whose period has ended and queue their building."""
    now = now or timezone.now()
    created = []
    for frequency in SENDING:
        boundary = latest_boundary(frequency, now)
        last = DigestRun.objects.filter(frequency=frequency).order_by("-period_start").first()
        start = last.period_end if last else previous_boundary(frequency, boundary)
        if start >= boundary:
            continue
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(
                    frequency=frequency, period_start=start, period_end=boundary
                )
                queue.enqueue(_tasks().build_digest_run, run.pk)
        except IntegrityError:  # another process planned the same period first
            continue
        created.append(run)
    return created


def _tasks():
    from . import tasks

    return tasks


# --- What is new, per followed thing ----------------------------------------------------------


def _url(name: str, *args, query: str = "") -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return services.site_url(path) + (f"?{query}" if query else "")


def _date(iso: str) -> str:
    from django.utils.dateformat import format as date_format
    from django.utils.formats import get_format

    return date_format(datetime.fromisoformat(iso), get_format("DATE_FORMAT"))


def _section_items(label: str, target, news: dict, *, link=_url) -> list[dict]:
    """Turn the news of one followed thing into lines: date, text, link — in the active
    language. ``link(url_name, *args)`` makes the links (absolute ones for e-mail)."""
    kinds = dict(Activity.Kind.choices)
    options = dict(Vote.Option.choices)
    items = []
    if label == "parliament.person":
        for report in news["reports"]:
            items.append(
                {
                    "date": _date(report["end"]),
                    "url": link("reports:detail", report["id"]),
                    "text": _("Monthly report published"),
                }
            )
        for a in news["activities"]:
            items.append(
                {
                    "date": _date(a["date"]),
                    "text": f"{kinds.get(a['kind'], '')}: {a['title']}",
                    "url": link("parliament:representative", target.pk),
                }
            )
        for v in news["votes"]:
            items.append(
                {
                    "date": _date(v["date"]),
                    "url": link("parliament:vote_event", v["id"]),
                    "text": _("Voted “%(option)s” on: %(motion)s")
                    % {"option": options.get(v["option"], v["option"]), "motion": v["title"]},
                }
            )
        for answer in news["answers"]:
            items.append(
                {
                    "date": _date(answer["date"]),
                    "url": link("proposals:detail", answer["id"]),
                    "text": _("Answered our proposal: %(title)s") % {"title": answer["title"]},
                }
            )
    elif label == "parliament.organization":
        for v in news["votes"]:
            counts = join_list(
                f"{options[o]} {v['counts'][o]}" for o in options if v["counts"].get(o)
            )
            items.append(
                {
                    "date": _date(v["date"]),
                    "url": link("parliament:vote_event", v["id"]),
                    "text": f"{v['title']} ({counts})",
                }
            )
    elif label == "proposals.proposal":
        url = link("proposals:detail", target.pk)
        for change in news["changes"]:
            items.append(
                {
                    "date": _date(change["date"]),
                    "url": url,
                    "text": _("New status: %(status)s")
                    % {"status": STATUS_LABELS[Status(change["to"])]},
                }
            )
        for milestone in news["milestones"]:
            items.append(
                {
                    "date": _date(milestone["date"]),
                    "url": url,
                    "text": _("%(progress)d%% done: %(note)s") % milestone,
                }
            )
        for answer in news["answers"]:
            items.append(
                {
                    "date": _date(answer["date"]),
                    "url": url,
                    "text": _("Answer from %(name)s") % {"name": answer["representative"]},
                }
            )
    elif label == "proposals.topic":
        for proposal in news["proposals"]:
            items.append(
                {
                    "date": "",
                    "url": link("proposals:detail", proposal["id"]),
                    "text": _("New proposal: %(title)s") % {"title": proposal["title"]},
                }
            )
    return items


def _report_section(report_items: list[dict]) -> list[dict]:
    return [
        {"report": MonthlyReport.objects.select_related("person").get(pk=item["id"])}
        for item in report_items
    ]


def _sections_for(run: DigestRun, keys: set[str]) -> list[DigestSection]:
    """Render what is new on each key in the run's period, once per language."""
    by_label: dict[str, list[int]] = {}
    for key in keys:
        if key == REPORT_KEY:
            continue
        label, pk = key.split(":")
        by_label.setdefault(label, []).append(int(pk))
    start, end = run.period_start, run.period_end
    news: dict[str, tuple] = {}
    for label, ids in by_label.items():
        fetch, model = selectors.NEWS[label], selectors.FOLLOWABLE[label][1]
        targets = model.objects.in_bulk(ids)
        for pk, data in fetch(ids, start, end).items():
            if pk in targets and any(data.values()):
                news[f"{label}:{pk}"] = (label, targets[pk], data)
    reports = selectors.new_organization_reports(start, end) if REPORT_KEY in keys else []
    sections = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, (label, target, data) in news.items():
                items = _section_items(label, target, data)
                sections.append(_render_section(run, key, language, str(target), items, target))
            if reports:
                loaded = _report_section(reports)
                title = (
                    report_title(loaded[0]["report"])
                    if len(loaded) == 1
                    else _("The organization's monthly report")
                )
                sections.append(
                    _render_section(run, REPORT_KEY, language, title, [], None, reports=loaded)
                )
    return sections


def _target_url(target) -> str:
    if isinstance(target, Person):
        return _url("parliament:representative", target.pk)
    if isinstance(target, Organization):
        return _url("parliament:organization", target.pk)
    if isinstance(target, Proposal):
        return _url("proposals:detail", target.pk)
    if isinstance(target, Topic):
        return _url("proposals:list", query=f"topic={target.pk}")
    return _url("reports:list")


def _render_section(run, key, language, title, items, target, reports=()) -> DigestSection:
    from .presenters import report_email_context

    context = {
        "title": title,
        "url": _target_url(target),
        "items": items[:SECTION_ITEMS],
        "more": max(len(items) - SECTION_ITEMS, 0),
        "reports": [report_email_context(r["report"]) for r in reports],
    }
    return DigestSection(
        run=run,
        key=key,
        language=language,
        title=title[:300],
        html=render_to_string("reports/email/_section.html", context),
        text=render_to_string("reports/email/_section.txt", context),
        items=len(items) + len(reports),
    )


# --- Building a run ---------------------------------------------------------------------------


def _key_for(type_id, target_id) -> str:
    if type_id is None:
        return REPORT_KEY
    kind = ContentType.objects.get_for_id(type_id)
    return f"{kind.app_label}.{kind.model}:{target_id}"


def _followed(frequency: str):
    return Subscription.objects.filter(
        frequency=frequency,
        confirmed_at__isnull=False,
        subscriber__bounced_at__isnull=True,
    ).filter(Q(subscriber__user__isnull=True) | Q(subscriber__user__is_active=True))


def _notices(run: DigestRun) -> dict[int, list[int]]:
    """Unread in-platform notices of the period, by user, for the users who take them at
    this run's frequency (members who never chose take them immediately)."""
    notices: dict[int, list[int]] = {}
    rows = Notification.objects.filter(
        created_at__gte=run.period_start, created_at__lt=run.period_end, read_at__isnull=True
    ).values_list("user_id", "pk")
    for user_id, pk in rows.order_by("user_id", "pk"):
        notices.setdefault(user_id, []).append(pk)
    if not notices:
        return {}
    chosen = dict(
        Subscriber.objects.filter(user_id__in=list(notices)).values_list("user_id", "notices")
    )
    active = set(
        get_user_model()
        .objects.filter(pk__in=list(notices), is_active=True)
        .values_list("pk", flat=True)
    )
    return {
        user: ids
        for user, ids in notices.items()
        if user in active and chosen.get(user, Frequency.IMMEDIATELY) == run.frequency
    }


@transaction.atomic
def build(run_id: int) -> int:
    """Write the run's sections, deliveries and batches, and queue the batches. Return
    how many digests the run will send."""
    run = DigestRun.objects.select_for_update().get(pk=run_id)
    if run.built_at is not None:
        return run.delivery_count
    followed = _followed(run.frequency)
    keys = {
        _key_for(t, i)
        for t, i in followed.values_list("target_type_id", "target_id").distinct().iterator()
    }
    DigestSection.objects.bulk_create(_sections_for(run, keys), ignore_conflicts=True)
    with_news = set(DigestSection.objects.filter(run=run).values_list("key", flat=True))

    notices = _notices(run)
    # Members who take notices but never subscribed to anything get a subscriber now.
    for user_id in set(notices) - set(
        Subscriber.objects.filter(user_id__in=list(notices)).values_list("user_id", flat=True)
    ):
        Subscriber.objects.get_or_create(user_id=user_id)
    notice_by_subscriber = {
        pk: notices[user_id]
        for pk, user_id in Subscriber.objects.filter(user_id__in=list(notices)).values_list(
            "pk", "user_id"
        )
    }

    size = setting("JISR_DIGEST_BATCH_SIZE")
    count, pending, current, current_keys = 0, [], None, []

    def flush_subscriber():
        nonlocal count
        notice_ids = notice_by_subscriber.pop(current, [])
        if current is None or not (current_keys or notice_ids):
            return
        pending.append(
            DigestDelivery(
                run=run,
                subscriber_id=current,
                batch=count // size,
                keys=current_keys,
                notices=notice_ids,
            )
        )
        count += 1
        if len(pending) >= DELIVERY_CHUNK:
            DigestDelivery.objects.bulk_create(pending, ignore_conflicts=True)
            pending.clear()

    rows = (
        followed.order_by("subscriber_id", "id")
        .values_list("subscriber_id", "target_type_id", "target_id", "key")
        .iterator(chunk_size=DELIVERY_CHUNK)
    )
    for subscriber_id, type_id, target_id, subscription_key in rows:
        if subscriber_id != current:
            flush_subscriber()
            current, current_keys = subscriber_id, []
        key = _key_for(type_id, target_id)
        if key in with_news:
            current_keys.append([key, subscription_key.hex])
    flush_subscriber()
    for subscriber_id in sorted(notice_by_subscriber):
        current, current_keys = subscriber_id, []
        flush_subscriber()
    DigestDelivery.objects.bulk_create(pending, ignore_conflicts=True)

    batches = (count + size - 1) // size
    DigestBatch.objects.bulk_create(
        [DigestBatch(run=run, number=n) for n in range(batches)], ignore_conflicts=True
    )
    run.built_at, run.delivery_count = timezone.now(), count
    run.save(update_fields=["built_at", "delivery_count"])
    for number in range(batches):
        queue_batch(run.pk, number)
    return count


def queue_batch(run_id: int, number: int) -> None:
    result = _enqueue_batch(run_id, number)
    DigestBatch.objects.filter(run_id=run_id, number=number).update(
        task_id=str(getattr(result, "id", "") or ""), queued_at=timezone.now()
    )


def _enqueue_batch(run_id: int, number: int):
    task = _tasks().send_digest_batch
    # The database queue writes its row in this transaction; the immediate backend of the
    # test profile runs the batch at once.
    return task.enqueue(run_id, number)


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
                token = services._sign(_uuid(subscription_key), services.UNSUBSCRIBE_SALT)
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
        heading = {
            Frequency.IMMEDIATELY: _("What is new"),
            Frequency.DAILY: _("Your daily digest"),
            Frequency.WEEKLY: _("Your weekly digest"),
            Frequency.MONTHLY: _("Your monthly digest"),
        }[run.frequency]
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
