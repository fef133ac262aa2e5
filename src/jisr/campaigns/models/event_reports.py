"""What an event leaves behind: its closing report and its attendees' feedback.

The report counts people and never names them: attendees are the registrations checked
in, walk-ins a number. Feedback is stored as Loomio stores a detached vote, in two tables
with no link between them: ``FeedbackGiven`` says *who* gave feedback (so nobody gives it
twice), ``Feedback`` says *what* was said (event, rating, comment) with no user, no time and
a random key, so the order of the rows cannot pair them either.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .events import Event, Registration

__all__ = ["RATINGS", "EventReport", "Feedback", "FeedbackGiven"]

#: The ratings an attendee may give, worst to best.
RATINGS = (1, 2, 3, 4, 5)


class EventReport(models.Model):
    """The organizer's side of one event: the walk-ins counted at the door, then, at
    closing, the minutes, the proposals the event fed and the cash it raised."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="report"
    )
    #: People who came without registering: a number, never a name.
    walk_ins = models.PositiveIntegerField(_("walk-ins"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    #: The proposals the statements made at the event fed (already carried to
    #: representatives or not).
    proposals = models.ManyToManyField(
        "proposals.Proposal",
        verbose_name=_("linked proposals"),
        blank=True,
        related_name="+",
    )
    #: The treasury's cash count sheets of the money collected at the event.
    cash_sheets = models.ManyToManyField(
        "treasury.CountSheet",
        verbose_name=_("cash count sheets"),
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("closing report")

    def __str__(self):
        return f"Report of event {self.event_id}"


class FeedbackGiven(models.Model):
    """That this registration's member gave feedback: nothing about what they said."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, primary_key=True, related_name="feedback_given"
    )

    class Meta:
        verbose_name = _("feedback given")

    def __str__(self):
        return f"Feedback given for registration {self.registration_id}"


class Feedback(models.Model):
    """What one attendee said about an event: no user, no registration, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("feedback")
        # Never by insertion: the random key is the only order there is.
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="campaigns_feedback_rating"
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"
