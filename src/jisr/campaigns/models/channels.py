"""The organization's Telegram channel: one row per thing announced on it (a report, an
event, a kit), so each goes out exactly once.

A post is claimed (``sending``, with a lease) in its own committed transaction before the
connection to Telegram opens, and marked ``dispatched`` once the connection is open, just
before the request is written. A worker that dies before that mark leaves a claim that
expires and is sent again by the next run; one that dies after it leaves a post that may
already be on the channel: it becomes ``uncertain`` and an organizer decides (Telegram has no
idempotency key to ask with). See docs/campaigns.md, "The Telegram channel".
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ChannelPost", "PostKind", "PostReason", "PostState"]


class PostKind(models.TextChoices):
    REPORT = "report", _("Monthly report")
    EVENT = "event", _("Event")
    KIT = "kit", _("Share kit")


class PostState(models.TextChoices):
    WAITING = "waiting", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("On the channel")
    # The request may have reached Telegram, but no answer was recorded.
    UNCERTAIN = "uncertain", _("Maybe on the channel: check")
    FAILED = "failed", _("Not sent")


#: The states an organizer must act on (the staff link counts them).
NEEDS_ATTENTION = (PostState.FAILED, PostState.UNCERTAIN)


class PostReason(models.TextChoices):
    """Why the last attempt did not end in ``sent``, in words an organizer can act on."""

    NONE = "", _("None")
    RATE_LIMITED = "rate_limited", _("Telegram asked to wait before sending more")
    TELEGRAM_ERROR = "telegram_error", _("Telegram had a passing fault")
    UNREACHABLE = "unreachable", _("Telegram could not be reached")
    CHAT_NOT_FOUND = (
        "chat_not_found",
        _("Telegram does not know the channel: check JISR_TELEGRAM_CHANNEL"),
    )
    NOT_ADMIN = (
        "not_admin",
        _("The bot may not post there: add it to the channel as an administrator allowed to post"),
    )
    BAD_TOKEN = "bad_token", _("Telegram refused the bot's token: check JISR_TELEGRAM_BOT_TOKEN")
    REFUSED = "refused", _("Telegram refused the message")
    NO_ANSWER = (
        "no_answer",
        _("The message was sent but no answer came back: it may be on the channel"),
    )
    WORKER_STOPPED = (
        "worker_stopped",
        _("The worker stopped while sending: the message may be on the channel"),
    )
    GAVE_UP = "gave_up", _("Telegram kept failing; Jisr stopped trying")


class ChannelPost(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    #: The title and the page's address, in the organization's language; never personal data.
    text = models.TextField(_("text"))
    url = models.URLField(_("address"), max_length=500, blank=True)
    #: Sent with ``sendPhoto`` (the text as its caption) when set.
    photo_url = models.URLField(_("picture"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PostState.choices, default=PostState.WAITING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: The claim of the worker sending it; an answer is recorded only under its own claim.
    lease_id = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    #: Set, and committed, when the connection is open and the request is about to be
    #: written: from then on the post may be on the channel.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=PostReason.choices, blank=True)
    #: Telegram's own code and words for the last refusal (never personal data).
    error_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_description = models.CharField(max_length=300, blank=True)
    #: Telegram's number for the message; empty when an organizer confirmed it by hand.
    message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("channel post")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="campaigns_post_once"),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="campaigns_post_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="campaigns_post_due"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0]

    @property
    def needs_attention(self) -> bool:
        return self.state in NEEDS_ATTENTION
