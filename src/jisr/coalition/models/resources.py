"""The resource exchange: what organizations offer one another and what they need.

A listing belongs to an organization and records the delegate who posted it; only a
delegate of that organization closes it. The public sees listings of publicly listed
organizations only, and never a delegate or an address: contact goes through the
coalition's organizers (docs/coalition.md).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import Delegate, Organization

__all__ = ["ListingCategory", "ListingKind", "ListingStatus", "ResourceListing"]


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class ListingCategory(models.TextChoices):
    VENUE = "venue", _("Venue")
    TRANSLATION = "translation", _("Translation")
    SOUND = "sound", _("Sound equipment")
    VOLUNTEERS = "volunteers", _("Volunteers")
    LEGAL = "legal", _("Legal help")
    TRANSPORT = "transport", _("Transport")
    PRINTING = "printing", _("Printing")
    OTHER = "other", _("Other")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ResourceListing(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="resource_listings"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("offer or need"), max_length=10, choices=ListingKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=ListingCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    details = models.TextField(_("details"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("resource listing")
        verbose_name_plural = _("resource listings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title
