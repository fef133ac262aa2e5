"""The treasury's tables: campaigns, contributions, expenses, donors and the ledger.

Every amount is an integer of the currency's minor unit (``money.py``). The ledger is the
only source of the public figures: it is append-only (``LedgerEntry.save``/``delete``
refuse a change, a database trigger refuses one made in SQL) and every group of entries
balances.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..money import CURRENCIES

if TYPE_CHECKING:
    from ..selectors import Total


class Currency(models.TextChoices):
    IQD = "IQD", _("Iraqi dinar")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    GBP = "GBP", _("Pound sterling")
    SEK = "SEK", _("Swedish krona")
    AUD = "AUD", _("Australian dollar")
    CAD = "CAD", _("Canadian dollar")


assert set(Currency.values) == set(CURRENCIES)


class Campaign(models.Model):
    """A purpose money is collected for, with a goal; a campaign may have parts (a parent)."""

    if TYPE_CHECKING:  # what the public pages add for their templates (views)
        total: Total
        display_title: str

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    spending_plan = models.TextField(_("spending plan"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    goal = models.PositiveBigIntegerField(_("goal"))
    #: Suggested amounts, in minor units, shown to givers.
    preset_amounts = models.JSONField(_("suggested amounts"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown to the public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campaign")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="treasury_campaign_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(goal__gt=0), name="treasury_campaign_goal"),
        ]

    def __str__(self):
        return self.title


class Display(models.TextChoices):
    """How a donor is named in public. Hidden unless the donor chose otherwise."""

    HIDDEN = "hidden", _("Not shown (only the treasurer knows)")
    INITIALS = "initials", _("My initials")
    NICKNAME = "nickname", _("A nickname I choose")
    NAME = "name", _("My name")


class Donor(models.Model):
    """Who gave: known to the treasurer (the law forbids anonymous gifts), never to the
    public unless they chose so. Name and contact are stored encrypted (``crypto.py``) and
    read only through ``selectors.access_donor``, which writes an audit entry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    name_ciphertext = models.TextField()
    contact_ciphertext = models.TextField(blank=True)
    display = models.CharField(max_length=10, choices=Display.choices, default=Display.HIDDEN)
    #: What the public sees, written when the donor chose to be shown, else empty.
    public_label = models.CharField(max_length=80, blank=True)
    #: The eligibility statement the donor confirmed (art. 36–37), by its version.
    attestation = models.CharField(max_length=20)
    attested_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("donor")
        # A campaign page lists the few donors who chose to be shown (bench/treasury.py).
        indexes = [models.Index(fields=["id"], condition=~Q(display="hidden"), name="donor_shown")]
        constraints = [
            models.CheckConstraint(
                condition=Q(display="hidden", public_label="") | ~Q(display="hidden"),
                name="treasury_hidden_donor_has_no_label",
            )
        ]

    def __str__(self):
        return f"Donor {self.pk}"  # never the name


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    IN_KIND = "in_kind", _("In kind")
    CARD = "card", _("Card")


class ContributionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class Contribution(models.Model):
    """One gift. Pending until the money is in hand; then ``gross`` is what the donor gave,
    ``fee`` what the bank kept and ``net`` what arrived."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="contributions")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    method = models.CharField(max_length=16, choices=Method.choices)
    status = models.CharField(
        max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.PENDING
    )
    currency = models.CharField(max_length=3, choices=Currency.choices)
    gross = models.PositiveBigIntegerField()
    fee = models.PositiveBigIntegerField(default=0)
    net = models.PositiveBigIntegerField()
    #: The code the donor writes on the transfer (bank transfers only).
    reference = models.CharField(max_length=16, null=True, blank=True, unique=True)
    #: What was given in kind, said without naming anyone.
    in_kind_description = models.CharField(max_length=200, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    ledger_group = models.UUIDField(null=True, blank=True)
    receipt_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contribution")
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(net=models.F("gross") - models.F("fee")),
                name="treasury_contribution_net",
            ),
            models.CheckConstraint(condition=Q(gross__gt=0), name="treasury_contribution_gross"),
            models.CheckConstraint(
                condition=~Q(status="paid")
                | Q(received_on__isnull=False, ledger_group__isnull=False),
                name="treasury_paid_contribution_is_booked",
            ),
        ]

    def __str__(self):
        return f"Contribution {self.pk}"


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


def _private_storage():
    from ..storage import private_storage

    return private_storage()


class Expense(models.Model):
    """Money spent. The description is public, the payee private; two different people
    approve before it is paid."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="expenses")
    description = models.CharField(_("public description"), max_length=300)
    payee_ciphertext = models.TextField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    amount = models.PositiveBigIntegerField()
    spent_on = models.DateField(_("spent on"))
    receipt = models.FileField(
        storage=_private_storage, upload_to="treasury/receipts/%Y/", blank=True
    )
    no_receipt_reason = models.CharField(_("why no receipt"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField(null=True, blank=True)
    ledger_group = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("expense")
        # A campaign page lists its latest paid expenses (bench/treasury.py).
        indexes = [
            models.Index(fields=["campaign", "status", "-paid_on", "-id"], name="expense_public")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="treasury_expense_amount"),
            models.CheckConstraint(
                condition=~Q(receipt="", no_receipt_reason=""),
                name="treasury_expense_receipt_or_reason",
            ),
        ]

    def __str__(self):
        return self.description


class Approval(models.Model):
    """One person's approval of an expense; the same person cannot approve twice."""

    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["expense", "approver"], name="treasury_one_approval_per_person"
            )
        ]

    def __str__(self):
        return f"Approval {self.pk}"


class Account(models.TextChoices):
    """The chart of accounts: assets are debited when money comes in, income credited."""

    CASH = "asset:cash", _("Cash in hand")
    BANK = "asset:bank", _("Bank account")
    IN_KIND = "asset:in_kind", _("Goods and services given in kind")
    CARD = "asset:card", _("Card payments held by the card processor")
    INCOME = "income:donations", _("Donations")
    INCOME_IN_KIND = "income:in_kind", _("Donations in kind")
    EXPENSE = "expense:campaign", _("Campaign spending")
    FEES = "expense:fees", _("Bank and transfer fees")
    CENTRE = "transfer:centre", _("Transfers to the centre")


class Kind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    REFUND = "refund", _("Refund")
    EXPENSE = "expense", _("Expense")
    TRANSFER = "transfer", _("Transfer to the centre")
    CORRECTION = "correction", _("Correction")


class AppendOnly(Exception):
    """A ledger row may be written once and never changed or removed."""


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Ledger entries are never updated; post a compensating group.")

    def delete(self):
        raise AppendOnly("Ledger entries are never deleted; post a compensating group.")


class LedgerEntry(models.Model):
    """One line of the double-entry ledger. ``amount`` is signed: a debit is positive, a
    credit negative, so each group's amounts sum to zero. Write only through
    ``ledger.post``, which checks that."""

    group = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    account = models.CharField(max_length=20, choices=Account.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3, choices=Currency.choices)
    amount = models.BigIntegerField()
    booked_on = models.DateField(db_index=True)
    #: The group this one compensates (a refund, a correction).
    reverses = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="treasury_entry_not_zero")
        ]

    def __str__(self):
        return f"{self.group} {self.account} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Ledger entries are never updated; post a compensating group.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Ledger entries are never deleted; post a compensating group.")


class ReceiptCounter(models.Model):
    """The last receipt number issued in a year; locked while the next one is taken, so
    numbers have no gaps and no duplicates."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


def new_group() -> uuid.UUID:
    return uuid.uuid4()


from .bank import BankLine, BankStatement, LineState, StatementFormat  # noqa: E402, F401
from .card import CardEvent, CardFlag, CardPayment  # noqa: E402, F401
from .cash import CountLine, CountSheet, Instalment, Pledge, SheetGift  # noqa: E402, F401
