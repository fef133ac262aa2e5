"""The card channel's tables: one Stripe Checkout Session per card gift, and every webhook
event processed, by its id, so an event delivered twice is booked once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CardFlag(models.TextChoices):
    NONE = "", _("Nothing to check")
    AMOUNT = "amount", _("The amount paid differs from the gift")
    CURRENCY = "currency", _("The currency paid differs from the gift")
    REFUND = "refund", _("Only part of the payment was given back")


class CardPayment(models.Model):
    """The Checkout Session a card gift was sent to. A payment that does not match the gift
    (another amount or currency) is flagged for the treasurer and never marked as paid."""

    # A gift that never arrived is deleted when its donor erases their account, and its
    # session with it; a paid one is kept by the law (services.donor_erase_for_user).
    contribution = models.OneToOneField(
        "treasury.Contribution", on_delete=models.CASCADE, related_name="card_payment"
    )
    session_id = models.CharField(max_length=255, unique=True)
    payment_intent = models.CharField(max_length=255, blank=True)
    flag = models.CharField(max_length=10, choices=CardFlag.choices, blank=True, default="")
    #: What Stripe reported, in the contribution's minor units, when it was flagged.
    paid_amount = models.BigIntegerField(null=True, blank=True)
    paid_currency = models.CharField(max_length=3, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["flag"])]

    def __str__(self):
        return self.session_id


class CardEvent(models.Model):
    """A webhook event already processed (its id is unique): a replay changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=64)
    payment = models.ForeignKey(
        CardPayment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    #: What the event did: booked, flagged, expired, failed, refunded or ignored (and why).
    outcome = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.event_id
