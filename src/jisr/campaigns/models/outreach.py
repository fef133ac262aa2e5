"""Outreach: members remind their own family and friends, and nothing is stored about them.

An organizer writes an ``Ask`` ("remind three people to vote abroad") with a ``Script`` per
language and dialect. A member makes a ``Commitment`` (yes or no, and the day they plan to do
it). Later they report what happened as counts: a ``Tally`` holds the ask, the day and three
integers, and nothing else — no link to the member or to their commitment. That the member
reported on a day lives apart, in ``Participation`` (commitment + day), so the figures can
say how many members stand behind each published number without saying who said what.

Against re-identification by order or time: both tables have random UUID keys (no sequence
to line rows up), dates only (no time of day), and on SQLite they are ``WITHOUT ROWID``
tables, stored in the order of those random keys (migration 0002). The names, nicknames or
initials a member wants to remember never reach the server: they stay in the member's own
browser (``static/campaigns/outreach/my-list.js``).

A tally is written once and never changed or removed: the model refuses, and so does the
database (a trigger, as for the treasury's ledger).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Ask",
    "AskReminder",
    "AskStatus",
    "Commitment",
    "Dialect",
    "Participation",
    "Script",
    "Tally",
    "TallyIsFinal",
]


class Dialect(models.TextChoices):
    """The languages and dialects a script is written in, in the order they are offered."""

    MSA = "ar", _("Modern Standard Arabic")
    IRAQI = "ar-iq", _("Iraqi Arabic")
    KURDISH = "ckb", _("Kurdish (Sorani)")
    ENGLISH = "en", _("English")


class AskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Ask(models.Model):
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    what_to_do = models.TextField(_("what to do"))
    what_to_do_en = models.TextField(_("what to do, in English"), blank=True)
    people = models.PositiveSmallIntegerField(
        _("how many people"),
        default=3,
        help_text=_("How many people each member is asked to reach."),
    )
    link = models.URLField(
        _("link to share"),
        blank=True,
        help_text=_(
            "Optional: a page the people reached can open, such as the electoral commission's "
            "registration page. It is shared exactly as written here."
        ),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=AskStatus.choices, default=AskStatus.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("outreach ask")
        verbose_name_plural = _("outreach asks")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="campaigns_ask_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1) & Q(people__lte=50), name="campaigns_ask_people_range"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == AskStatus.PUBLISHED


class AskReminder(models.Model):
    """A day on which every member who committed is reminded, by e-mail, of their ask."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField(_("reminder date"))

    class Meta:
        verbose_name = _("reminder date")
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["ask", "on"], name="campaigns_askreminder_unique")
        ]

    def __str__(self):
        return f"{self.ask_id} {self.on}"


class Script(models.Model):
    """What a member may send, in one language or dialect; written by an organizer."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="scripts")
    dialect = models.CharField(_("language"), max_length=8, choices=Dialect.choices)
    text = models.TextField(_("script"))

    class Meta:
        verbose_name = _("outreach script")
        ordering = ["ask", "dialect"]
        constraints = [
            models.UniqueConstraint(fields=["ask", "dialect"], name="campaigns_script_unique")
        ]

    def __str__(self):
        return f"{self.ask_id} {self.dialect}"


class Commitment(models.Model):
    """A member's answer to an ask: whether they will do it, and when they plan to.

    Nothing here is about the people they will reach."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ask = models.ForeignKey(Ask, on_delete=models.PROTECT, related_name="commitments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_commitments"
    )
    will_do = models.BooleanField(_("I will do it"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    committed_on = models.DateField(_("committed on"))
    #: The latest reminder date on which this member was reminded (once per date).
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("outreach commitment")
        ordering = ["ask", "committed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["ask", "member"], name="campaigns_commitment_one_per_member"
            )
        ]

    def __str__(self):
        return f"{self.ask_id} {self.will_do}"


class Participation(models.Model):
    """That a member reported on a day: the commitment and the day, never what they
    reported (that is in ``Tally``, with no link back)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="participations"
    )
    on = models.DateField()

    class Meta:
        verbose_name = _("outreach participation")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "on"], name="campaigns_participation_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.commitment_id} {self.on}"


class TallyIsFinal(Exception):
    """A tally is written once and never changed or removed."""


class TallyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TallyIsFinal("Outreach tallies are never updated.")

    def delete(self):
        raise TallyIsFinal("Outreach tallies are never deleted.")


#: The most one report may count in each column: a mistyped 300 must not swamp the figures.
TALLY_MAX = 100


class Tally(models.Model):
    """Counts reported for an ask on a day: how many people the member contacted, how many
    said they will vote, how many registered to vote abroad. No member, no commitment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ask = models.ForeignKey(Ask, on_delete=models.PROTECT, related_name="tallies")
    on = models.DateField()
    contacted = models.PositiveSmallIntegerField(_("contacted"))
    will_vote = models.PositiveSmallIntegerField(_("said they will vote"))
    registered = models.PositiveSmallIntegerField(_("registered to vote abroad"))

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach tally")
        verbose_name_plural = _("outreach tallies")
        constraints = [
            models.CheckConstraint(
                condition=Q(contacted__lte=TALLY_MAX)
                & Q(will_vote__lte=F("contacted"))
                & Q(registered__lte=F("contacted")),
                name="campaigns_tally_counts_consistent",
            )
        ]

    def __str__(self):
        return f"{self.ask_id} {self.on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TallyIsFinal("Outreach tallies are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TallyIsFinal("Outreach tallies are never deleted.")
