"""Organizations of the community (clubs, associations, unions …) and the people who act
for them.

An organization never has a login of its own. It acts through delegates: named members
with their own accounts and two-factor authentication, each with a role and a mandate
(Decidim's shared group logins were reported as an OWASP ASVS violation, decidim#14302).
Every action an organization takes records both the organization and the delegate.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Affiliation",
    "Delegate",
    "DelegateRole",
    "EvidenceKind",
    "Organization",
    "OrganizationKind",
    "OrganizationStatus",
    "OrganizationVisibility",
    "VerificationEvidence",
    "Vouch",
]


class OrganizationKind(models.TextChoices):
    CLUB = "club", _("Club")
    ASSOCIATION = "association", _("Association")
    UNION = "union", _("Union")
    STUDENT = "student", _("Student group")
    CULTURAL = "cultural", _("Cultural group")
    RELIGIOUS = "religious", _("Religious group")
    MEDIA = "media", _("Media")
    PARTY_BRANCH = "party_branch", _("Party branch")


class OrganizationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class OrganizationVisibility(models.TextChoices):
    PUBLIC = "public", _("Listed publicly")
    # A small group that fears being listed: only signed-in members learn that it exists.
    MEMBERS = "members", _("Listed for members only")


class Organization(models.Model):
    name = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    about = models.TextField(_("about the organization, in Arabic"), blank=True)
    about_en = models.TextField(_("about the organization, in English"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("verification"),
        max_length=10,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.PENDING,
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=OrganizationVisibility.choices,
        default=OrganizationVisibility.PUBLIC,
    )
    # Why it was not verified: shown to its delegates, never in public.
    status_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "visibility", "name"])]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == OrganizationStatus.VERIFIED

    @property
    def display_name(self) -> str:
        """The name in the page's language (the Arabic one when there is no English)."""
        english = (get_language() or "").startswith("en")
        return (english and self.name_en) or self.name

    @property
    def display_about(self) -> str:
        """About the organization in the page's language, falling back to the other."""
        if (get_language() or "").startswith("en"):
            return self.about_en or self.about
        return self.about or self.about_en

    @property
    def is_public(self) -> bool:
        return self.is_verified and self.visibility == OrganizationVisibility.PUBLIC


class DelegateRole(models.TextChoices):
    PRIMARY = "primary", _("Primary delegate")
    ALTERNATE = "alternate", _("Alternate delegate")
    # Follows the coalition's work; signs and votes nothing.
    OBSERVER = "observer", _("Observer")


#: The roles that may act (sign, vote, propose) for their organization.
ACTING_ROLES = (DelegateRole.PRIMARY, DelegateRole.ALTERNATE)


class Delegate(models.Model):
    """A member's mandate to act for an organization, from ``starts_on`` to ``ends_on``.

    A mandate is never deleted: the actions taken under it keep pointing at it. Ending one
    sets ``ends_on``.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="delegates"
    )
    # Empty only after the person erased their account: the mandate (ended by the erasure)
    # stays, so the actions taken under it keep their organization and their mandate.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations",
    )
    role = models.CharField(_("role"), max_length=10, choices=DelegateRole.choices)
    starts_on = models.DateField(_("mandate starts on"), default=datetime.date.today)
    ends_on = models.DateField(_("mandate ends on"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["organization", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="coalition_delegate_mandate_order",
            ),
            # One open mandate per person and organization.
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(ends_on__isnull=True),
                name="coalition_delegate_one_open_mandate",
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_role_display()}"

    def in_mandate(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)

    @property
    def may_act(self) -> bool:
        """Whether this mandate may sign, vote or propose today (observers never do)."""
        return self.role in ACTING_ROLES and self.in_mandate()


class EvidenceKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Registration certificate")
    WEBSITE = "website", _("Public website or page")
    KNOWN = "known", _("Known to the organization")
    MET = "met", _("Met in person")
    OTHER = "other", _("Other")


class VerificationEvidence(models.Model):
    """What an organizer saw before verifying an organization. Seen by organizers only."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    note = models.TextField(_("note"))
    url = models.URLField(_("link"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_on = models.DateField(_("date"), default=datetime.date.today)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verification evidence")
        verbose_name_plural = _("verification evidence")
        ordering = ["organization", "pk"]

    def __str__(self):
        return f"{self.organization} · {self.get_kind_display()}"


class Vouch(models.Model):
    """A verified organization, through one of its delegates, vouches for a pending one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="vouches")
    voucher = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="vouches_given"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="vouches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vouch")
        verbose_name_plural = _("vouches")
        ordering = ["organization", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "voucher"], name="coalition_vouch_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(organization=models.F("voucher")), name="coalition_vouch_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.voucher} → {self.organization}"


class Affiliation(models.Model):
    """A member says "I am a member of this organization" (ControlShift's lesson: a
    partner sees its members only when each one opts in). ``share_contact`` lets the
    organization's delegates see the member's display name and e-mail."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    share_contact = models.BooleanField(
        _("share my name and e-mail with its delegates"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member of an organization")
        verbose_name_plural = _("members of organizations")
        ordering = ["organization", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="coalition_affiliation_once"
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.user_id}"
