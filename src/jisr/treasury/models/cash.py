"""Cash count sheets, pledges in instalments and monthly dues (docs/treasury.md, "Cash,
pledges and dues").

A count sheet is one collection's cash, counted by denomination and signed by two
different people; only then are its gifts booked. A ``Pledge`` is a promise paid in
instalments on a schedule, or — of kind ``dues`` — a member's monthly dues without an end;
each ``Instalment`` becomes one pending contribution with its own reference code when due.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import Campaign, Contribution, Currency, Donor


class CountSheet(models.Model):
    """The cash of one event or collection, counted by denomination. The counter creates
    and signs it; a second, different treasurer signs it, which books its gifts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("event or collection"), max_length=200)
    counted_on = models.DateField(_("counted on"))
    currency = models.CharField(max_length=3, choices=Currency.choices)
    #: The counted cash: the sum of count × denomination of its lines.
    total = models.PositiveBigIntegerField()
    #: Why the cash differs from the sum of the named gifts (empty when they are equal).
    difference_reason = models.CharField(max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    deposited_amount = models.PositiveBigIntegerField(null=True, blank=True)
    deposited_on = models.DateField(null=True, blank=True)
    deposit_group = models.UUIDField(null=True, blank=True)
    #: Why the bank deposit differs from the sheet; until written, the sheet is flagged.
    deposit_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-counted_on", "-pk"]
        verbose_name = _("cash count sheet")
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="treasury_sheet_total"),
            models.CheckConstraint(
                condition=Q(deposited_amount__isnull=True) | Q(signed_at__isnull=False),
                name="treasury_sheet_deposit_after_signing",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_deposited(self) -> bool:
        return self.deposited_amount is not None

    @property
    def deposit_flagged(self) -> bool:
        """The bank received a different amount and nobody has said why yet."""
        return (
            self.deposited_amount is not None
            and self.deposited_amount != self.total
            and not self.deposit_reason
        )


class CountLine(models.Model):
    """How many notes or coins of one denomination (in minor units) were counted."""

    sheet = models.ForeignKey(CountSheet, on_delete=models.CASCADE, related_name="lines")
    denomination = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-denomination"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "denomination"], name="treasury_one_line_per_denomination"
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="treasury_line_count"),
        ]

    def __str__(self):
        return f"{self.count} × {self.denomination}"

    @property
    def value(self) -> int:
        return self.count * self.denomination


class SheetGift(models.Model):
    """One gift in the counted cash, with its known donor (the law forbids anonymous
    gifts). It becomes a paid cash contribution when the sheet's second signature books it."""

    sheet = models.ForeignKey(CountSheet, on_delete=models.CASCADE, related_name="gifts")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField()
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="treasury_sheet_gift_amount")
        ]

    def __str__(self):
        return f"Sheet gift {self.pk}"


class PledgeKind(models.TextChoices):
    PLEDGE = "pledge", _("Pledge in instalments")
    DUES = "dues", _("Monthly dues")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Every three months")
    YEARLY = "yearly", _("Yearly")


#: Months between two instalments.
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class PledgeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    STOPPED = "stopped", _("Stopped")


class Pledge(models.Model):
    """A promise to give: ``total`` in ``count`` instalments, or monthly dues of ``amount``
    until stopped (``count`` and ``total`` empty)."""

    kind = models.CharField(max_length=10, choices=PledgeKind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    # Erasing a donor whose gifts never arrived removes their promise with them.
    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    currency = models.CharField(max_length=3, choices=Currency.choices)
    #: Each instalment's amount (dues), or the pledge's usual instalment.
    amount = models.PositiveBigIntegerField()
    total = models.PositiveBigIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    starts_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.ACTIVE
    )
    stopped_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("pledge")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="treasury_pledge_amount"),
            models.CheckConstraint(
                condition=Q(kind="dues", total__isnull=True, count__isnull=True)
                | Q(kind="pledge", total__gt=0, count__gt=0),
                name="treasury_pledge_has_a_schedule",
            ),
        ]

    def __str__(self):
        return f"Pledge {self.pk}"


class Instalment(models.Model):
    """One payment of a pledge or one month's dues; ``contribution`` is the pending gift
    created (once) when it falls due."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveIntegerField()
    due_on = models.DateField()
    amount = models.PositiveBigIntegerField()
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.CASCADE, related_name="instalment"
    )

    class Meta:
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="treasury_instalment_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="treasury_instalment_amount"),
        ]

    def __str__(self):
        return f"Instalment {self.pledge_id}/{self.number}"
