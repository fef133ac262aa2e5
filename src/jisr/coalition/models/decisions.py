"""Decisions among organizations: one organization, one vote, cast by a delegate.

Poll types follow Loomio's: a proposal (agree, abstain, disagree, block), a choice (one of
several options), a ranked choice (rank every option; counted with a Borda count) and a time
poll (each organization marks the times it can make). The tallies are counted by the pure
functions of ``decision_tally``.

A decision is drafted, then opened: opening freezes its electorate (``DecisionElectorate``,
the coalition's member organizations at that moment). It is closed once ``closes_at`` has
passed — "closed" is computed from the clock, never stored, so no job has to run for a
decision to close and nothing can be voted a second after it.

Who voted and what was voted:

- ``DecisionParticipation`` (decision, organization, delegate, date) says that an
  organization voted; one row per organization and decision (the database refuses a second).
- Named decisions keep the ballot in ``DecisionVote``, with the organization and the delegate.
  It may be changed until close (the same row is updated: never two).
- Anonymous decisions keep the ballot in ``AnonymousBallot``: a random UUID key, the decision
  and the choices — no timestamp, no link to an organization, a delegate or a participation.
  On SQLite its table (and the participations') are ``WITHOUT ROWID`` (migration 0002), so
  the order rows are stored in is the order of random keys, never the order of voting. An
  anonymous ballot cannot be changed: nothing can find it again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .coalitions import Coalition
from .organizations import Delegate, Organization

__all__ = [
    "AnonymousBallot",
    "Decision",
    "DecisionElectorate",
    "DecisionKind",
    "DecisionOption",
    "DecisionOutcome",
    "DecisionParticipation",
    "DecisionVote",
    "QuorumUnit",
    "Stance",
]


class DecisionKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    CHOICE = "choice", _("Choice")
    RANKED = "ranked", _("Ranked choice")
    TIME = "time", _("Time poll")


class Stance(models.TextChoices):
    """A proposal's options, created with it, in this order."""

    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Abstain")
    DISAGREE = "disagree", _("Disagree")
    BLOCK = "block", _("Block")


class QuorumUnit(models.TextChoices):
    ORGANIZATIONS = "organizations", _("organizations")
    PERCENT = "percent", _("percent of the members")


class Decision(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title in Arabic"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    details = models.TextField(_("details, in Arabic"), blank=True)
    details_en = models.TextField(_("details, in English"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DecisionKind.choices)
    #: Set when the decision is opened (and its electorate frozen); empty for a draft.
    opens_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=50,
        help_text=_("How many of the member organizations must vote for the decision to stand."),
    )
    quorum_unit = models.CharField(
        _("quorum counted in"),
        max_length=15,
        choices=QuorumUnit.choices,
        default=QuorumUnit.PERCENT,
    )
    results_hidden_until_close = models.BooleanField(
        _("hide the results until the decision closes"), default=True
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Who voted is recorded apart from what was voted, with no link between them. "
            "A vote cannot be changed."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: When a member organization's delegate put the decision forward (empty: an organizer).
    proposed_by_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by_delegate = models.ForeignKey(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="coalition_decision_window_order",
            ),
            models.CheckConstraint(
                condition=~Q(quorum_unit="percent") | Q(quorum__lte=100),
                name="coalition_decision_quorum_percent",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.opens_at is not None and not self.is_closed

    @property
    def is_closed(self) -> bool:
        return self.opens_at is not None and self.closes_at <= timezone.now()

    @property
    def is_draft(self) -> bool:
        return self.opens_at is None

    @property
    def results_visible(self) -> bool:
        """Whether anyone — organizer, delegate, visitor, API — may read the tallies now."""
        if self.opens_at is None:
            return False
        return self.is_closed or not self.results_hidden_until_close


class DecisionOption(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option in Arabic"), max_length=200, blank=True)
    label_en = models.CharField(_("option in English"), max_length=200, blank=True)
    #: A proposal's option: one of the four stances.
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    #: A time poll's option: the date and time proposed.
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["decision", "position", "pk"]

    def __str__(self):
        if self.stance:
            return str(self.get_stance_display())
        return self.label or self.label_en or str(self.starts_at)


class DecisionElectorate(models.Model):
    """An organization that may vote: the coalition's members when the decision opened."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="electorate")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("electorate")
        ordering = ["decision", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "organization"], name="coalition_electorate_once"
            )
        ]

    def __str__(self):
        return f"{self.decision_id} · {self.organization_id}"


class DecisionParticipation(models.Model):
    """That an organization voted (and through which delegate, on which day) — never what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("participation")
        constraints = [
            # One organization, one vote — whichever delegate casts it.
            models.UniqueConstraint(
                fields=["decision", "organization"], name="coalition_participation_once"
            )
        ]

    def __str__(self):
        return f"{self.decision_id} · {self.organization_id}"


class DecisionVote(models.Model):
    """A named decision's ballot: what the organization voted, through which delegate."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    #: Option ids: the one chosen, the ranking (first = preferred), or the times it can make.
    choices = models.JSONField(default=list)
    reason = models.TextField(_("reason"), blank=True)
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "organization"], name="coalition_vote_once")
        ]

    def __str__(self):
        return f"{self.decision_id} · {self.organization_id}"


class AnonymousBallot(models.Model):
    """An anonymous decision's ballot: what was voted, and nothing about who or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=list)

    class Meta:
        verbose_name = _("anonymous ballot")

    def __str__(self):
        return str(self.id)


class DecisionOutcome(models.Model):
    """What was decided, recorded by an organizer after close, with a date to review it."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="outcome")
    statement = models.TextField(_("what was decided, in Arabic"))
    statement_en = models.TextField(_("what was decided, in English"), blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: When the review reminder went out (it goes once).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outcome")

    def __str__(self):
        return self.statement[:60]
