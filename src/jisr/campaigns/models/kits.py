"""Share kits: for one subject (a fundraising campaign, an event, a proposal, a monthly
report), prepared posts per platform and language that members share in one tap, and a
short link on the site's own domain.

Nothing here records who shares or who follows a link: a short link keeps an aggregate
counter and nothing else (no address, no browser, no cookie, no referrer), and no link the
site generates carries a tracking parameter. A post may name people or places at home, so
it reaches the public page only after a safety review by an organizer who did not write it.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SHORT_CODE_ALPHABET",
    "Kit",
    "KitItem",
    "KitLanguage",
    "KitPlatform",
    "ShortLink",
]

#: Codes are read aloud and typed from a poster: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G.
SHORT_CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"


class KitPlatform(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X")
    EMAIL = "email", _("E-mail")


class KitLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    KURDISH = "ku", _("Kurdish")


class ShortLink(models.Model):
    """A short address on this site (``/s/<code>``) that redirects to one of its pages.

    Only an aggregate count of how often it was followed: the table has no column that
    could hold anything about the person who followed it (a schema test keeps it so).
    """

    code = models.CharField(max_length=12, unique=True)
    #: A path on this site ("/campaigns/share/3/"), never another host.
    target = models.CharField(max_length=300)
    clicks = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("short link")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__startswith="/") & ~Q(target__startswith="//"),
                name="campaigns_shortlink_same_site",
            ),
        ]

    def __str__(self):
        return self.code


SUBJECTS = ("treasury_campaign", "event", "proposal", "report")


class Kit(models.Model):
    """The share kit of exactly one subject."""

    if TYPE_CHECKING:  # what the staff list adds for its template (views)
        subject_label: str

    treasury_campaign = models.OneToOneField(
        "treasury.Campaign",
        verbose_name=_("fundraising campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_kit",
    )
    event = models.OneToOneField(
        "campaigns.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_kit",
    )
    proposal = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_kit",
    )
    report = models.OneToOneField(
        "reports.MonthlyReport",
        verbose_name=_("monthly report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_kit",
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    short_link = models.OneToOneField(
        ShortLink, on_delete=models.PROTECT, related_name="kit", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("share kit")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(treasury_campaign__isnull=False, event=None, proposal=None, report=None)
                    | Q(treasury_campaign=None, event__isnull=False, proposal=None, report=None)
                    | Q(treasury_campaign=None, event=None, proposal__isnull=False, report=None)
                    | Q(treasury_campaign=None, event=None, proposal=None, report__isnull=False)
                ),
                name="campaigns_kit_one_subject",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def subject_kind(self) -> str:
        return next(name for name in SUBJECTS if getattr(self, f"{name}_id") is not None)

    @property
    def subject(self):
        return getattr(self, self.subject_kind)


class KitItem(models.Model):
    """One prepared post: a platform, a language, its text (and, for e-mail, a subject).

    Published only once an organizer other than its author has reviewed it for safety;
    any change to its text withdraws it until it is reviewed again.
    """

    if TYPE_CHECKING:  # what the public page adds for its template (views)
        share_url: str
        share_label: str

    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="items")
    platform = models.CharField(_("platform"), max_length=10, choices=KitPlatform.choices)
    language = models.CharField(_("language"), max_length=2, choices=KitLanguage.choices)
    subject = models.CharField(_("e-mail subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The safety review: who, when, and the checklist they confirmed.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    checked_no_one_at_risk = models.BooleanField(default=False)
    checked_no_place_at_home = models.BooleanField(default=False)
    checked_no_face_without_consent = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kit", "language", "platform", "pk"]
        verbose_name = _("kit item")
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "platform", "language"], name="campaigns_kit_item_one_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(published_at=None)
                | Q(
                    reviewed_at__isnull=False,
                    checked_no_one_at_risk=True,
                    checked_no_place_at_home=True,
                    checked_no_face_without_consent=True,
                ),
                name="campaigns_kit_item_published_after_review",
            ),
        ]
        indexes = [
            models.Index(fields=["kit", "published_at"], name="campaigns_kit_item_public"),
        ]

    def __str__(self):
        return f"{self.kit} {self.platform} {self.language}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
