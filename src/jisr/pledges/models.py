"""Platforms and the pledges in them, quoted verbatim; two raters' independent ratings; the
agreed verdicts (every one kept, the latest is the pledge's); evidence and links to what
the representatives did in parliament and to the community's proposals.

"Information, not verdicts" (Madarik): a pledge starts "not yet rated" (PolitiFact's
Obameter), never "no action"; a verdict beyond that rests on evidence, and can change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    NOT_RATED = "not_rated", _("Not yet rated")
    IN_THE_WORKS = "in_the_works", _("In the works")
    STALLED = "stalled", _("Stalled")
    COMPROMISE = "compromise", _("Compromise")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")
    UNCHECKABLE = "uncheckable", _("Cannot be checked")


class BrokenReason(models.TextChoices):
    NONE = "", _("No reason given")
    NO_MAJORITY = "no_majority", _("No majority")
    NOT_A_PRIORITY = "not_a_priority", _("Not a priority")
    CHANGED_POSITION = "changed_position", _("Changed position")
    BLOCKED = "blocked", _("Blocked by others")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    GOVERNORATE = "governorate", _("Governorate")


class EvidenceKind(models.TextChoices):
    OFFICIAL = "official", _("Official record")
    PRESS = "press", _("Press")
    PARTY = "party", _("Party")
    CITIZEN = "citizen", _("Citizen")


class Category(models.Model):
    """What the voters expect; organizers may add, rename and reorder them."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pledge category")
        verbose_name_plural = _("pledge categories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Platform(models.Model):
    """A programme in which pledges were made: by a party or an alliance, or (no owner) by
    the organization itself, for an election or not."""

    owner = models.ForeignKey(
        "parliament.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
        verbose_name=_("party or alliance"),
        help_text=_("Leave empty for the organization's own promises."),
    )
    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="platforms",
        verbose_name=_("election"),
    )
    title = models.CharField(_("title of the document"), max_length=300)
    source_url = models.URLField(_("address of the document"), max_length=500)
    archive_url = models.URLField(_("address of an archived copy"), max_length=500)
    published_on = models.DateField(_("published on"))

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") & ~Q(archive_url=""), name="platform_has_sources"
            )
        ]

    def __str__(self):
        return self.title


class Pledge(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("platform")
    )
    quote = models.TextField(
        _("the pledge, word for word"), help_text=_("Copied exactly as published, in Arabic.")
    )
    source_url = models.URLField(_("address where it was published"), max_length=500)
    page = models.CharField(_("page"), max_length=50, blank=True)
    archive_url = models.URLField(_("address of an archived copy"), max_length=500)
    summary = models.CharField(_("summary in Arabic"), max_length=300)
    summary_en = models.CharField(_("summary in English"), max_length=300)
    categories = models.ManyToManyField(
        Category, related_name="pledges", blank=True, verbose_name=_("categories")
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    area = models.ForeignKey(
        "parliament.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    people = models.ManyToManyField(
        "parliament.Person",
        related_name="pledges",
        blank=True,
        verbose_name=_("representatives who made it"),
    )
    # The agreed verdict in force (the latest row of ``verdicts``), kept here so lists filter
    # and count without reading the history.
    verdict = models.CharField(
        _("verdict"), max_length=15, choices=Verdict.choices, default=Verdict.NOT_RATED
    )
    verdict_on = models.DateField(_("verdict given on"), null=True, blank=True)
    # Ratings of the round now open; an agreed verdict closes it and opens the next.
    round = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        indexes = [models.Index(fields=["verdict", "-id"])]
        constraints = [
            # 100% of pledges carry a verbatim source and an archived copy.
            models.CheckConstraint(
                condition=~Q(quote="") & ~Q(source_url="") & ~Q(archive_url=""),
                name="pledge_has_sources",
            ),
            models.CheckConstraint(
                condition=Q(scope="national", area__isnull=True)
                | Q(scope="governorate", area__isnull=False),
                name="pledge_scope_area",
            ),
        ]

    def __str__(self):
        return self.display_summary

    @property
    def display_summary(self) -> str:
        return self.summary_en if get_language() == "en" and self.summary_en else self.summary


class Evidence(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("what it is"), max_length=300)
    url = models.URLField(_("address"), max_length=500)
    archive_url = models.URLField(_("address of an archived copy"), max_length=500, blank=True)
    quote = models.TextField(_("quote"), blank=True)
    date = models.DateField(_("date"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title


class Rating(models.Model):
    """One rater's verdict in a round, given without seeing the other's."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveIntegerField()
    # Never public; erasure of the account keeps the rating without its rater.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    reason = models.CharField(
        _("reason it was broken"), max_length=20, choices=BrokenReason.choices, blank=True
    )
    explanation = models.TextField(_("explanation"))
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ["rated_at", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "round", "rater"], name="one_rating_per_rater_and_round"
            )
        ]

    def __str__(self):
        return f"{self.pledge_id}/{self.round}: {self.verdict}"


class AgreedVerdict(models.Model):
    """The verdict an organizer recorded from the two ratings of a round; every one is kept,
    so a pledge's history is this table."""

    class Follows(models.TextChoices):
        BOTH = "both", _("Both raters gave this verdict")
        FIRST = "first", _("The first rating")
        SECOND = "second", _("The second rating")
        NEITHER = "neither", _("Neither rating")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="verdicts")
    round = models.PositiveIntegerField()
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    previous = models.CharField(max_length=15, choices=Verdict.choices)
    reason = models.CharField(
        _("reason it was broken"), max_length=20, choices=BrokenReason.choices, blank=True
    )
    explanation = models.TextField(_("explanation"))
    follows = models.CharField(_("which rating it follows"), max_length=10, choices=Follows.choices)
    evidence = models.ManyToManyField(Evidence, related_name="verdicts", blank=True)
    decided_on = models.DateField(_("date"))
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("agreed verdict")
        verbose_name_plural = _("agreed verdicts")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "round"], name="one_verdict_per_round"),
            models.CheckConstraint(
                condition=Q(verdict="broken") | Q(reason=""), name="reason_only_when_broken"
            ),
        ]
        indexes = [models.Index(fields=["decided_on"])]

    def __str__(self):
        return f"{self.pledge_id}/{self.round}: {self.verdict}"


LINK_TARGETS = ("bill", "vote_event", "question", "activity", "proposal")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    """Exactly one of ``fields`` is set, the others empty."""
    cases = []
    for chosen in fields:
        case = Q()
        for field in fields:
            case &= Q(**{f"{field}__isnull": field != chosen})
        cases.append(case)
    condition = cases[0]
    for case in cases[1:]:
        condition |= case
    return condition


class Link(models.Model):
    """A record the pledge is linked to: exactly one of a bill, a vote, a question, an
    activity or a proposal."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="links")
    bill = models.ForeignKey("parliament.Bill", on_delete=models.CASCADE, null=True, blank=True)
    vote_event = models.ForeignKey(
        "parliament.VoteEvent", on_delete=models.CASCADE, null=True, blank=True
    )
    question = models.ForeignKey(
        "parliament.Question", on_delete=models.CASCADE, null=True, blank=True
    )
    activity = models.ForeignKey(
        "parliament.Activity", on_delete=models.CASCADE, null=True, blank=True
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, null=True, blank=True
    )
    note = models.CharField(_("how it relates"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("link to a record")
        verbose_name_plural = _("links to records")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(LINK_TARGETS),
                name="link_points_at_one_record",
            )
        ]

    def __str__(self):
        return f"{self.pledge_id} → {self.kind}"

    @property
    def target(self):
        return self.bill or self.vote_event or self.question or self.activity or self.proposal

    @property
    def kind(self) -> str:
        for name in LINK_TARGETS:
            if getattr(self, f"{name}_id"):
                return name
        return ""


#: The voters' expectations the organization listed; the first categories.
SEED_CATEGORIES = [
    ("قوانين تفتح الطريق للتغيير", "Laws that open the way to change"),
    ("دولة مدنية ديمقراطية", "A democratic civil state"),
    ("الانحياز إلى الفقراء", "Siding with the poor"),
    (
        "الحماية من البطالة والفقر والجهل والمرض",
        "Protection from unemployment, poverty, ignorance and disease",
    ),
    ("فرص العمل", "Jobs"),
    ("الخدمات الصحية", "Health services"),
    ("السكن", "Housing"),
    ("تعليم جيد", "Good education"),
    ("قرار وطني مستقل", "An independent national decision"),
]
