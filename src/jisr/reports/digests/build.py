"""Building a run: one delivery per subscriber with something new, in batches."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jisr.core import queue
from jisr.proposals.models import Notification

from ..models import (
    REPORT_KEY,
    DigestBatch,
    DigestDelivery,
    DigestRun,
    DigestSection,
    Frequency,
    Subscriber,
    Subscription,
)
from .common import DELIVERY_CHUNK, _tasks, setting
from .sections import _sections_for

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
    count = 0
    current: int | None = None
    pending: list[DigestDelivery] = []
    current_keys: list[list[str]] = []

    def flush_subscriber():
        nonlocal count
        if current is None:
            return
        notice_ids = notice_by_subscriber.pop(current, [])
        if not (current_keys or notice_ids):
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
    return queue.enqueue_now(_tasks().send_digest_batch, run_id, number)
