"""Joint statements: a text in versions, a signing window, a threshold of organizations.

Organizations sign through a delegate, "listed" or "signed, not listed" (counted, never
named: a small club may be endangered by its name on a list); members sign separately as
individuals. A signature belongs to the version it signed: a new version invalidates none,
but only the signatures of the latest version count towards the threshold and appear on
the published statement (an organization that signed an earlier version signs again).

Publication freezes the text (``published_text``/``published_text_en``) with the SHA-256
of its canonical form (``canonical_bytes``, docs/coalition.md "Joint statements").
"""

import hashlib
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .coalitions import Coalition
from .organizations import Delegate, Organization

__all__ = [
    "IndividualSignature",
    "OrganizationSignature",
    "Statement",
    "StatementStatus",
    "StatementVersion",
    "canonical_bytes",
]

#: Between the Arabic and the English text in the canonical form.
CANONICAL_SEPARATOR = "\n\n---\n\n"


def _canonical_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.strip())


def canonical_bytes(text: str, text_en: str) -> bytes:
    """The frozen text as hashed: each text NFC-normalized, line ends as LF, outer spaces
    stripped; the Arabic, a line ``---`` between blank lines, the English, a final LF; UTF-8."""
    joined = _canonical_text(text) + CANONICAL_SEPARATOR + _canonical_text(text_en) + "\n"
    return joined.encode("utf-8")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signing")
    PUBLISHED = "published", _("Published")
    # The window closed below the threshold of organizations.
    NOT_REACHED = "not_reached", _("Did not reach the threshold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The statuses anyone may read.
PUBLIC_STATUSES = (StatementStatus.OPEN, StatementStatus.PUBLISHED, StatementStatus.NOT_REACHED)


class Statement(models.Model):
    coalition = models.ForeignKey(
        Coalition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("issued by the coalition"),
    )
    title = models.CharField(_("title in Arabic"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("signing opens at"))
    closes_at = models.DateTimeField(_("signing closes at"))
    threshold = models.PositiveIntegerField(
        _("organizations needed"),
        help_text=_("How many organizations must sign the latest version before publication."),
    )
    # The organization that proposed it, and the delegate who acted for it (both or neither).
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_version = models.ForeignKey(
        "StatementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_text = models.TextField(blank=True)
    published_text_en = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["status", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="statement_window_order"
            ),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="statement_threshold_min"),
            models.CheckConstraint(
                condition=Q(organization__isnull=True, delegate__isnull=True)
                | Q(organization__isnull=False, delegate__isnull=False),
                name="statement_proposer_both",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the page's language (the Arabic one when there is no English)."""
        return (self.title_en if get_language() == "en" else "") or self.title

    @property
    def is_published(self) -> bool:
        return self.status == StatementStatus.PUBLISHED

    def window_state(self, now=None) -> str:
        """ "before", "open" or "after" the signing window."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "before"
        return "open" if now < self.closes_at else "after"

    def computed_sha256(self) -> str:
        return hashlib.sha256(
            canonical_bytes(self.published_text, self.published_text_en)
        ).hexdigest()


class StatementVersion(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("text in Arabic"))
    text_en = models.TextField(_("text in English"), blank=True)
    # Written by an organizer (author_user) or by a delegate for their organization.
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("statement version")
        verbose_name_plural = _("statement versions")
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="statement_version_once")
        ]

    def __str__(self):
        return f"{self.statement} · {self.number}"


class OrganizationSignature(models.Model):
    """One organization's signature, given by a delegate. ``listed=False``: counted, never
    named anywhere (page, feed, API, export, PDF, search, e-mail or audit data)."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="organization_signatures"
    )
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="statement_signatures"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    listed = models.BooleanField(_("name the organization among the signers"), default=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("organization's signature")
        verbose_name_plural = _("organizations' signatures")
        ordering = ["statement", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organization"], name="statement_one_signature_per_org"
            )
        ]

    def __str__(self):
        return f"signature {self.pk}"


class IndividualSignature(models.Model):
    """A member's own signature; ``listed`` shows their display name (never a real name).
    Erasing the member keeps the count: the row loses its person and is no longer listed."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="individual_signatures"
    )
    version = models.ForeignKey(StatementVersion, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    listed = models.BooleanField(_("show my display name among the signers"), default=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("individual signature")
        verbose_name_plural = _("individual signatures")
        ordering = ["statement", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"],
                condition=Q(user__isnull=False),
                name="statement_one_signature_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(listed=False),
                name="statement_erased_signature_unlisted",
            ),
        ]

    def __str__(self):
        return f"signature {self.pk}"
