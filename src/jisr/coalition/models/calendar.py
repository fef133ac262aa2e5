"""The shared calendar: the campaigns' events co-hosted or promoted by organizations.

An organizer invites an organization to co-host an event; one of its delegates accepts
(``delegate`` and ``accepted_at`` record who and when). A delegate of a coalition's member
organization may promote a public event. Neither ever gives an organization the event's
registrations: co-hosts see counts only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.campaigns.models import Event

from .organizations import Delegate, Organization

__all__ = ["EventCohost", "EventPromotion"]


class EventCohost(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="coalition_cohosts")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="cohosted_events"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    # The delegate who accepted for the organization (None while the invitation waits).
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event co-host")
        verbose_name_plural = _("event co-hosts")
        ordering = ["event", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="coalition_one_cohost_per_event"
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.event}"

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None


class EventPromotion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="coalition_promotions")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="promoted_events"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="+")
    promoted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event promotion")
        verbose_name_plural = _("event promotions")
        ordering = ["event", "promoted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="coalition_one_promotion_per_event"
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.event}"
