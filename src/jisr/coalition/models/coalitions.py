"""Coalitions: organizations that agree on points of unity and work together.

A coalition is run by the organization's organizers (who see its delegates); its members
are organizations, never people. An organization that leaves keeps its history: the
membership row gets ``left_on``.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import Organization

__all__ = ["Coalition", "CoalitionMembership", "CoalitionStatus", "WorkingGroup"]


class CoalitionStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


class Coalition(models.Model):
    name = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    charter = models.TextField(_("charter or points of unity, in Arabic"))
    charter_en = models.TextField(_("charter or points of unity, in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CoalitionStatus.choices, default=CoalitionStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    organizations = models.ManyToManyField(
        Organization, through="CoalitionMembership", related_name="coalitions"
    )

    class Meta:
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class CoalitionMembership(models.Model):
    if TYPE_CHECKING:  # what the organizers' page adds for its template (views)
        delegates: list

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), default=datetime.date.today)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    commitments = models.TextField(_("what it commits to"), blank=True)
    offers = models.TextField(_("what it offers"), blank=True)

    class Meta:
        verbose_name = _("coalition membership")
        verbose_name_plural = _("coalition memberships")
        ordering = ["coalition", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "organization"],
                condition=Q(left_on__isnull=True),
                name="coalition_one_current_membership",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="coalition_membership_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.coalition}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class WorkingGroup(models.Model):
    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="working_groups"
    )
    name = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    organizations = models.ManyToManyField(Organization, related_name="working_groups", blank=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["coalition", "name", "pk"]

    def __str__(self):
        return self.name
