"""The organization's Telegram channel: queueing a post (exactly once per thing announced),
sending it from the worker, retrying, and the organizers' two decisions (send again, or
confirm that it is on the channel).

How a post goes out exactly once (docs/campaigns.md, "The Telegram channel"):

1. claim: one conditional UPDATE, committed on its own: ``sending`` with a fresh lease;
2. open the connection to Telegram (TCP, TLS): nothing of the request has left yet;
3. mark ``dispatched_at``, committed, then write the request;
4. record Telegram's answer under the same lease: ``sent`` with its ``message_id``, a retry
   at a later time, or a failure with its reason.

A worker killed at 1–2 leaves an expired claim without ``dispatched_at``: the next run sends
the post. Killed at 3–4 (or no answer came back), the post may be on the channel and Telegram
offers no way to ask: it becomes ``uncertain`` and waits for an organizer, who looks at the
channel and either confirms it or sends it again. A duplicate is then a person's informed
choice, never the machine's guess.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.queue import enqueue
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from .. import telegram
from ..models import ChannelPost, PostKind, PostReason, PostState

logger = logging.getLogger(__name__)

SYSTEM = "system:telegram"
#: The longest wait between two tries after a passing fault (not a rate limit: Telegram's
#: ``retry_after`` is honoured as it is).
MAX_BACKOFF = 60 * 60
FIRST_BACKOFF = 30


def configured() -> bool:
    return telegram.Client.from_settings() is not None


def _tasks():
    from .. import tasks

    return tasks


# --- Queueing, and the organizers' decisions --------------------------------------------------


@entry_service
def channel_post_queue(
    *,
    actor: User | str,
    kind: str,
    object_id: int,
    text: str,
    photo_url: str = "",
    url: str = "",
) -> ChannelPost | None:
    """Record the post of one published thing and queue its sending with the change.

    A thing is posted once: queueing it again returns the post recorded the first time.
    When the channel is not configured nothing is recorded (None). ``text`` is what the
    channel reads — a title and the page's address, never personal data.
    """
    if not configured():
        return None
    kind = PostKind(kind)
    post, created = ChannelPost.objects.get_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"text": text.strip(), "photo_url": photo_url, "url": url},
    )
    if not created:
        return post
    audit_append(actor=actor, action=Action.CHANNEL_POST_QUEUED, target=post, data={"kind": kind})
    enqueue(_tasks().channel_post_send, post.pk)
    return post


@entry_service
def channel_post_retry(*, actor: User, post: ChannelPost) -> ChannelPost:
    """Send again a post that failed, or one left in doubt that the organizer checked is not
    on the channel."""
    post = ChannelPost.objects.select_for_update().get(pk=post.pk)
    if post.state not in (PostState.FAILED, PostState.UNCERTAIN):
        raise ValidationError(_("Only a post that was not sent, or may not be, can be sent again."))
    if not configured():
        raise ValidationError(_("The Telegram channel is not configured."))
    was = post.state
    post.state, post.attempts, post.next_attempt_at = PostState.WAITING, 0, timezone.now()
    post.lease_id = post.lease_until = post.dispatched_at = None
    post.save(
        update_fields=[
            "state",
            "attempts",
            "next_attempt_at",
            "lease_id",
            "lease_until",
            "dispatched_at",
        ]
    )
    audit_append(actor=actor, action=Action.CHANNEL_POST_RETRIED, target=post, data={"from": was})
    enqueue(_tasks().channel_post_send, post.pk)
    return post


@entry_service
def channel_post_confirm(*, actor: User, post: ChannelPost) -> ChannelPost:
    """The organizer saw a post left in doubt on the channel: it counts as sent."""
    post = ChannelPost.objects.select_for_update().get(pk=post.pk)
    if post.state != PostState.UNCERTAIN:
        raise ValidationError(_("Only a post left in doubt can be confirmed."))
    post.state, post.sent_at = PostState.SENT, timezone.now()
    post.save(update_fields=["state", "sent_at"])
    audit_append(actor=actor, action=Action.CHANNEL_POST_CONFIRMED, target=post)
    return post


# --- Sending (the worker) ---------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _claimable(now: datetime) -> Q:
    due = Q(state=PostState.WAITING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    # A claim whose worker died before the request could leave: nothing reached Telegram.
    abandoned = Q(state=PostState.SENDING, dispatched_at__isnull=True, lease_until__lt=now)
    return due | abandoned


def _claim(post_id: int, now: datetime) -> uuid.UUID | None:
    """Claim the post for this worker, in one committed statement (or None: not due, or
    another worker has it)."""
    lease = uuid.uuid4()
    claimed = ChannelPost.objects.filter(_claimable(now), pk=post_id).update(
        state=PostState.SENDING,
        lease_id=lease,
        lease_until=now + timedelta(seconds=settings.JISR_TELEGRAM_LEASE_SECONDS),
        dispatched_at=None,
        attempts=F("attempts") + 1,
    )
    return lease if claimed else None


def _mine(post_id: int, lease: uuid.UUID):
    # A late answer still counts while the post waits for an organizer in doubt: Telegram's
    # own word beats the guess.
    return ChannelPost.objects.filter(
        pk=post_id, lease_id=lease, state__in=(PostState.SENDING, PostState.UNCERTAIN)
    )


@transaction.atomic
def _settle(post_id: int, lease: uuid.UUID, action: Action | None, **fields) -> bool:
    mine = _mine(post_id, lease).select_for_update().first()
    if mine is None:
        return False
    for name, value in fields.items():
        setattr(mine, name, value)
    mine.save(update_fields=list(fields))
    if action is not None:
        audit_append(
            actor=SYSTEM,
            action=action,
            target=mine,
            data={"reason": fields.get("reason", ""), "code": fields.get("error_code")},
        )
    return True


def _reason_for(error: telegram.ApiError) -> tuple[str, bool]:
    """Telegram's refusal as (reason, passing): a passing fault is tried again later."""
    text = error.description.lower()
    if error.code == 429:
        return PostReason.RATE_LIMITED, True
    if error.code >= 500:
        return PostReason.TELEGRAM_ERROR, True
    if error.code in (401, 404):
        return PostReason.BAD_TOKEN, False
    if "chat not found" in text:
        return PostReason.CHAT_NOT_FOUND, False
    if error.code == 403 or "not enough rights" in text or "administrator" in text:
        return PostReason.NOT_ADMIN, False
    return PostReason.REFUSED, False


def _backoff(attempts: int) -> int:
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _retry_later(post_id, lease, attempts, reason, *, delay: int, error=None) -> str:
    code = error.code if error is not None else None
    description = error.description if error is not None else ""
    if attempts >= settings.JISR_TELEGRAM_MAX_ATTEMPTS:
        _settle(
            post_id,
            lease,
            Action.CHANNEL_POST_FAILED,
            state=PostState.FAILED,
            reason=PostReason.GAVE_UP,
            error_code=code,
            error_description=description,
        )
        return "failed"
    at = timezone.now() + timedelta(seconds=delay)
    _settle(
        post_id,
        lease,
        None,
        state=PostState.WAITING,
        next_attempt_at=at,
        reason=reason,
        error_code=code,
        error_description=description,
    )
    _queue_later(post_id, at)
    return "retry"


def _queue_later(post_id: int, at: datetime) -> None:
    """Queue the next try for its time where the queue can wait; elsewhere the periodic
    command (``campaigns_channel_posts``) picks the post up when it is due."""
    task = _tasks().channel_post_send
    if task.get_backend().supports_defer:
        task.using(run_after=at).enqueue(post_id)


def channel_post_send(post_id: int, *, now: datetime | None = None) -> str:
    """Send one post if it is due and no other worker holds it; return what happened.

    Runs outside any transaction (the worker's task, the periodic command): each step
    commits on its own, so a worker killed anywhere leaves a state the next run reads
    right.
    """
    client = telegram.Client.from_settings()
    if client is None:
        return "not_configured"
    lease = _claim(post_id, _now(now))
    if lease is None:
        return "skipped"
    post = ChannelPost.objects.get(pk=post_id)
    method, params = telegram.message_params(
        client.chat_id, text=post.text, photo_url=post.photo_url
    )
    try:
        connection = client.open()
    except telegram.Unreachable:
        return _retry_later(
            post_id, lease, post.attempts, PostReason.UNREACHABLE, delay=_backoff(post.attempts)
        )
    with connection:
        # From here the request may reach Telegram: a worker that dies now leaves the post
        # in doubt, never sent twice by a machine.
        dispatched = _mine(post_id, lease).filter(state=PostState.SENDING)
        if not dispatched.update(dispatched_at=timezone.now()):
            return "skipped"  # the claim expired and was taken over meanwhile
        try:
            result = connection.call(method, params)
        except telegram.NoAnswer:
            _settle(
                post_id,
                lease,
                Action.CHANNEL_POST_UNCERTAIN,
                state=PostState.UNCERTAIN,
                reason=PostReason.NO_ANSWER,
            )
            return "uncertain"
        except telegram.ApiError as error:
            reason, passing = _reason_for(error)
            if passing:
                delay = error.retry_after if error.retry_after else _backoff(post.attempts)
                return _retry_later(
                    post_id, lease, post.attempts, reason, delay=max(delay, 1), error=error
                )
            _settle(
                post_id,
                lease,
                Action.CHANNEL_POST_FAILED,
                state=PostState.FAILED,
                reason=reason,
                error_code=error.code,
                error_description=error.description,
            )
            return "failed"
    message_id = result.get("message_id")
    _settle(
        post_id,
        lease,
        Action.CHANNEL_POST_SENT,
        state=PostState.SENT,
        sent_at=timezone.now(),
        message_id=message_id if isinstance(message_id, int) else None,
        reason=PostReason.NONE,
        error_code=None,
        error_description="",
    )
    return "sent"


def channel_posts_run(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic run: put in doubt the posts whose worker died after the request may
    have left, then send every post that is due (one at a time, oldest first)."""
    now = _now(now)
    stopped = list(
        ChannelPost.objects.filter(
            state=PostState.SENDING, dispatched_at__isnull=False, lease_until__lt=now
        ).values_list("pk", "lease_id")
    )
    outcomes: dict[str, int] = {}
    for pk, lease in stopped:
        if lease is not None and _settle(
            pk,
            lease,
            Action.CHANNEL_POST_UNCERTAIN,
            state=PostState.UNCERTAIN,
            reason=PostReason.WORKER_STOPPED,
        ):
            outcomes["uncertain"] = outcomes.get("uncertain", 0) + 1
    if not configured():
        return outcomes
    due = ChannelPost.objects.filter(_claimable(now)).order_by("created_at", "pk")
    for pk in list(due.values_list("pk", flat=True)[:100]):
        outcome = channel_post_send(pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# --- What is announced ------------------------------------------------------------------------


def site_url(path: str) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + path


def announcement(title: str, url: str) -> str:
    """The text of a post: the title, then the page's address (Telegram previews it)."""
    return f"{title.strip()}\n{url}"


def channel_post_report(*, actor: User | str, report) -> ChannelPost | None:
    """Announce a monthly report that was just published, in its transaction (the reports
    app calls this through the ``report_published`` hook)."""
    from django.urls import reverse

    from jisr.reports.presenters import report_title

    with translation.override(settings.LANGUAGE_CODE):
        title = report_title(report)
    url = site_url(reverse("reports:detail", args=[report.pk]))
    return channel_post_queue.within(
        actor=actor,
        kind=PostKind.REPORT,
        object_id=report.pk,
        text=announcement(title, url),
        url=url,
        photo_url=_card(report),
    )


def channel_post_event(*, actor: User | str, event) -> ChannelPost | None:
    """Announce an event that was just published, in its transaction: only a public one,
    and only its title and page (never its address, which registered members alone see)."""
    from django.urls import reverse

    from ..models import EventAudience

    if event.audience != EventAudience.PUBLIC:
        return None
    url = site_url(reverse("campaigns:event", args=[event.pk]))
    return channel_post_queue.within(
        actor=actor,
        kind=PostKind.EVENT,
        object_id=event.pk,
        text=announcement(event.title, url),
        url=url,
        photo_url=_card(event),
    )


def channel_post_kit(*, actor: User | str, kit) -> ChannelPost | None:
    """Announce a share kit when its first posts are published, in that transaction (once
    per kit: posts published later do not announce it again)."""
    from django.urls import reverse

    url = site_url(reverse("campaigns:kit", args=[kit.pk]))
    return channel_post_queue.within(
        actor=actor,
        kind=PostKind.KIT,
        object_id=kit.pk,
        text=announcement(kit.title, url),
        url=url,
        photo_url=_card(kit.subject),
    )


def _card(subject) -> str:
    """The subject's share card in the organization's language, as the post's picture."""
    from ..cards import NoCard, card_url

    try:
        return card_url(subject, settings.LANGUAGE_CODE)
    except NoCard:
        return ""
