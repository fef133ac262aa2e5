"""The community's proposals and their way to an outcome: supports, reports, deliveries to
representatives, answers, milestones, linked parliamentary activity, notifications."""

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.parliament.models import Activity, Area, Bill, Person, Question, VoteEvent

from .states import PUBLIC, Status


class Topic(models.Model):
    """An organizer-managed subject (education, electricity, the diaspora …)."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    is_active = models.BooleanField(_("offered to members"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


STATUS_LABELS: dict[str, Promise] = {
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("Submitted"),
    Status.IN_REVIEW: _("In review"),
    Status.PUBLISHED: _("Published"),
    Status.DELIVERED: _("Delivered"),
    Status.ANSWERED: _("Answered"),
    Status.IN_PROGRESS: _("In progress"),
    Status.ACHIEVED: _("Achieved"),
    Status.PARTLY_ACHIEVED: _("Partly achieved"),
    Status.DECLINED: _("Declined"),
    Status.CLOSED: _("Closed"),
    Status.WITHDRAWN: _("Withdrawn"),
    Status.REJECTED: _("Rejected"),
    Status.MERGED: _("Merged into another proposal"),
}
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]
PUBLIC_ROWS = models.Q(status__in=sorted(PUBLIC), hidden=False)


class Proposal(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposals"
    )
    # Kept at submission: erasure detaches the author, the public page then says so.
    author_display_name = models.CharField(max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("proposal"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("topic"))
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("governorate")
    )
    targets = models.ManyToManyField(
        Person, blank=True, related_name="targeted_proposals", verbose_name=_("addressed to")
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="ar")
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=Status.DRAFT, db_index=True
    )
    hidden = models.BooleanField(_("hidden pending review"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    moderator_message = models.TextField(blank=True)
    # Counted on write so lists and sorting never count rows per request.
    support_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    picked_for_delivery = models.BooleanField(_("picked by organizers"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_update_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Not a column: set by the API for display.
    n_merged: int

    class Meta:
        ordering = ["-published_at", "-id"]
        # The public list filters on "public and not hidden" whatever else it filters on:
        # partial indexes on exactly that condition give every sort its order directly.
        indexes = [
            models.Index(fields=["status", "hidden", "-published_at"]),
            *(
                models.Index(fields=[*fields, "-id"], condition=PUBLIC_ROWS, name=name)
                for name, fields in [
                    ("proposal_public_newest", ["-published_at"]),
                    ("proposal_public_supported", ["-support_count"]),
                    ("proposal_public_updated", ["-last_update_at"]),
                    ("proposal_public_topic", ["topic", "-published_at"]),
                    ("proposal_public_area", ["area", "-published_at"]),
                ]
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def status_label(self):
        return STATUS_LABELS[Status(self.status)]


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_member")
        ]
        indexes = [models.Index(fields=["user", "proposal"])]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class AbuseReport(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or hateful")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_DATA = "personal_data", _("Reveals someone's personal data")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reporter"], name="one_report_per_member")
        ]

    def __str__(self):
        return f"{self.reason}: {self.proposal_id}"


class Delivery(models.Model):
    class Method(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone call")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="deliveries")
    representative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    delivered_on = models.DateField(_("delivered on"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "representative"], name="one_delivery_per_representative"
            )
        ]

    def __str__(self):
        return f"{self.proposal_id} → {self.representative_id}"


class Answer(models.Model):
    class Source(models.TextChoices):
        OFFICE = "office", _("Written by the representative's office")
        TRANSCRIBED = "transcribed", _("Transcribed by an organizer")

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="answer")
    answered_on = models.DateField(_("answered on"))
    text = models.TextField(_("answer"))
    source = models.CharField(max_length=12, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"answer to {self.delivery_id}"


class Milestone(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    note = models.TextField(_("what happened"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.proposal_id}: {self.progress}%"


class ActivityLink(models.Model):
    """A parliamentary record that came of the proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="links")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True)
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, null=True, blank=True)
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, null=True, blank=True)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(activity__isnull=False)
                    | models.Q(vote_event__isnull=False)
                    | models.Q(bill__isnull=False)
                    | models.Q(question__isnull=False)
                ),
                name="link_points_somewhere",
            )
        ]

    def __str__(self):
        return f"link {self.pk}"

    @property
    def target(self):
        return self.activity or self.vote_event or self.bill or self.question


class StatusChange(models.Model):
    """The public timeline of the proposal's statuses."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    to_status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class OfficeAccount(models.Model):
    """Links a representative-office account to the representative it answers for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office"
    )
    representative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")

    def __str__(self):
        return f"{self.user_id} ↔ {self.representative_id}"


class Notification(models.Model):
    """An in-platform notice; the Reports area adds e-mail delivery of the same notices."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        ANSWER = "answer", _("Answer received")
        MILESTONE = "milestone", _("New milestone")
        MODERATION = "moderation", _("Message from the moderators")
        FOLLOW_UP = "follow_up", _("Needs follow-up")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return f"{self.kind} for {self.user_id}"
