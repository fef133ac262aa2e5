"""Digest periods: where each frequency's period ends, and planning the runs."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from jisr.core import queue

from ..models import (
    SENDING,
    DigestRun,
    Frequency,
)
from .common import _tasks, setting

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
