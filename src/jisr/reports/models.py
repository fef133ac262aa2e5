"""Reports back to the community: who follows what (and how they agreed to it), the
monthly reports, and the bookkeeping that sends every digest exactly once."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.parliament.models import Person


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    PAUSED = "paused", _("Paused")


# The frequencies a digest is sent at (paused is none of them).
SENDING = [Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY]


class Subscriber(models.Model):
    """Whoever receives e-mail: a member (their account's address and language) or a
    visitor who subscribed with an address alone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriber",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # How often a member hears by e-mail about their own and their supported proposals.
    notices = models.CharField(
        _("notices about your proposals"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATELY,
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hard_bounces = models.PositiveSmallIntegerField(default=0)
    bounced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="subscriber_has_address",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(user__isnull=True),
                name="one_visitor_per_address",
            ),
        ]

    def __str__(self):
        return f"subscriber {self.pk}"

    @property
    def address(self) -> str:
        return self.user.email if self.user is not None else self.email

    @property
    def reader_language(self) -> str:
        return self.user.preferred_language if self.user is not None else self.language


class Subscription(models.Model):
    """Someone follows a representative, a party, a proposal, a topic, or (no target) the
    organization's monthly report, and hears about what is new at the chosen frequency.

    A visitor's subscription waits for the confirmation link (double opt-in) before any
    digest goes out; a member's is confirmed at once, their address being verified.
    """

    Frequency = Frequency

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # Set when repeated hard bounces paused the subscription: the frequency to go back to.
    paused_from = models.CharField(max_length=12, choices=Frequency.choices, blank=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Not columns: set on the instances that selectors.subscriptions_of loads, for display.
    loaded_target: models.Model | None
    label: str

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "target_type", "target_id"],
                name="one_subscription_per_target",
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=models.Q(target_type__isnull=True),
                name="one_report_subscription",
            ),
            models.CheckConstraint(
                condition=models.Q(target_type__isnull=True, target_id__isnull=True)
                | models.Q(target_type__isnull=False, target_id__isnull=False),
                name="subscription_target_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["frequency", "subscriber"], name="subscription_by_frequency"),
            models.Index(fields=["target_type", "target_id"], name="subscription_by_target"),
            models.Index(fields=["confirmed_at", "created_at"], name="subscription_unconfirmed"),
        ]

    def __str__(self):
        return f"{self.subscriber_id} → {self.target_key}"

    @property
    def target_key(self) -> str:
        """ "app.model:id" of what is followed, or "report" for the monthly report."""
        if self.target_type_id is None:
            return REPORT_KEY
        kind = ContentType.objects.get_for_id(self.target_type_id)
        return f"{kind.app_label}.{kind.model}:{self.target_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


REPORT_KEY = "report"


class ConsentRecord(models.Model):
    """What someone agreed to (or withdrew), when and how. No IP address, no device."""

    class Action(models.TextChoices):
        GIVEN = "given", _("Consent given")
        CHANGED = "changed", _("Frequency changed")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        PAUSED = "paused", _("Paused after bounces")

    class Method(models.TextChoices):
        MEMBER_FOLLOW = "member_follow", _("Follow button, signed in")
        DOUBLE_OPT_IN = "double_opt_in", _("Form, then the confirmation link sent by e-mail")
        MANAGE_PAGE = "manage_page", _("Subscriptions page")
        UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link in an e-mail")
        ONE_CLICK = "one_click", _("One-click unsubscribe from the mail program")
        BOUNCES = "bounces", _("Automatic, after repeated bounces")
        PURGE = "purge", _("Not confirmed within 7 days")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=12, choices=Action.choices)
    what = models.CharField(max_length=100)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, blank=True)
    how = models.CharField(max_length=20, choices=Method.choices)
    # The version of the words the person saw next to the button.
    wording = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} {self.what}"


class MonthlyReport(models.Model):
    """A report on one representative, or (no person) on the whole organization, for a
    month or any date range. Publishing freezes its content in ``snapshot``: a later
    correction shows up in the next report, never by rewriting this one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monthly_reports",
        verbose_name=_("representative"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("introduction in English"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    # Not a column: set by the staff list, for display.
    title: str

    class Meta:
        ordering = ["-period_start", "person_id", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["person", "period_start", "period_end"], name="one_report_per_period"
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=models.Q(person__isnull=True),
                name="one_organization_report_per_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="report_published")]

    def __str__(self):
        return f"report {self.pk} ({self.period_start}–{self.period_end})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class DigestRun(models.Model):
    """One digest period of one frequency (say, the week that ended on Saturday). The
    unique period start makes planning it twice, from two processes, harmless."""

    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    delivery_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["frequency", "period_start"], name="one_run_per_period")
        ]

    def __str__(self):
        return f"{self.frequency} {self.period_start:%Y-%m-%d %H:%M}"


class DigestSection(models.Model):
    """What is new on one followed thing in a run, rendered once per language and shared
    by every subscriber who follows it."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    html = models.TextField()
    text = models.TextField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "key", "language"], name="one_section_per_key")
        ]

    def __str__(self):
        return f"{self.run_id}:{self.key}:{self.language}"


class DigestDelivery(models.Model):
    """One subscriber's digest of one run. The unique (run, subscriber) pair is the
    exactly-once guarantee: a delivery is claimed (``sending``) in its own committed
    transaction before the message leaves, and marked ``sent`` right after."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Refused by the recipient's server")
        SKIPPED = "skipped", _("Skipped")

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    batch = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The section keys and notice ids this digest holds, fixed when the run is built.
    keys = models.JSONField(default=list)
    notices = models.JSONField(default=list)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "subscriber"], name="one_digest_per_period")
        ]
        indexes = [models.Index(fields=["run", "batch", "status"], name="delivery_batch_status")]

    def __str__(self):
        return f"digest {self.run_id}→{self.subscriber_id}: {self.status}"


class DigestBatch(models.Model):
    """A slice of a run's deliveries, sent by one task; the heartbeat tells a crashed
    worker's batch from a slow one."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="one_batch_per_number")
        ]

    def __str__(self):
        return f"batch {self.run_id}/{self.number}"


class SendSlot(models.Model):
    """Messages handed to the SMTP server in one minute, shared by every worker."""

    minute = models.DateTimeField(unique=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.minute:%H:%M}: {self.count}"


class Bounce(models.Model):
    class Kind(models.TextChoices):
        HARD = "hard", _("Permanent (the address does not exist)")
        SOFT = "soft", _("Temporary")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="bounces")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    # The SMTP reply code only, never the server's text (it may quote the address).
    code = models.CharField(max_length=10, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.kind} {self.code}"
