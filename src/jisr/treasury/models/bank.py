"""Bank statements and their lines (docs/treasury.md, "Bank statements").

A line is imported once: its ``checksum`` (the booking date, amount, currency, the bank's
text and the line's occurrence index among identical lines of its file) is unique, so a
re-import of the same file, or of one that overlaps it, adds nothing. The payer's name is
not in the checksum: it is stored encrypted and erased a set number of days after the
line is settled (``treasury_bank_shred``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import Contribution, Currency


class StatementFormat(models.TextChoices):
    CSV = "csv", _("Bank statement (CSV)")
    CAMT053 = "camt053", _("Bank statement (CAMT.053 XML)")


class BankStatement(models.Model):
    """One imported file: what it was, who imported it, what it added."""

    sha256 = models.CharField(max_length=64, unique=True)
    format = models.CharField(max_length=10, choices=StatementFormat.choices)
    account = models.CharField(_("account"), max_length=80, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    #: Credit lines read, lines new to the treasury, and lines matched on import.
    lines_read = models.PositiveIntegerField(default=0)
    lines_added = models.PositiveIntegerField(default=0)
    lines_matched = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("bank statement")

    def __str__(self):
        return f"Statement {self.pk}"


class LineState(models.TextChoices):
    UNMATCHED = "unmatched", _("Not matched")
    AUTOMATIC = "automatic", _("Matched automatically")
    MANUAL = "manual", _("Matched by hand")
    IGNORED = "ignored", _("Ignored")


class BankLine(models.Model):
    """Money that arrived in the bank account, and what the treasury made of it."""

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    booked_on = models.DateField()
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    #: The bank's free text: where the payer wrote the reference code, or did not.
    text = models.CharField(max_length=500, blank=True)
    payer_ciphertext = models.TextField(blank=True)
    checksum = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=10, choices=LineState.choices, default=LineState.UNMATCHED)
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.PROTECT, related_name="bank_line"
    )
    #: What was recorded as arrived and as kept by the bank when the line was matched.
    received = models.PositiveBigIntegerField(null=True, blank=True)
    fee = models.PositiveBigIntegerField(null=True, blank=True)
    ignored_reason = models.CharField(max_length=300, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payer_shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_on", "pk"]
        verbose_name = _("bank line")
        indexes = [models.Index(fields=["state", "settled_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="treasury_bankline_amount"),
            models.CheckConstraint(
                condition=~Q(state__in=["automatic", "manual"])
                | Q(contribution__isnull=False, received__isnull=False, fee__isnull=False),
                name="treasury_matched_line_has_contribution",
            ),
            models.CheckConstraint(
                condition=~Q(state="ignored") | ~Q(ignored_reason=""),
                name="treasury_ignored_line_has_reason",
            ),
        ]

    def __str__(self):
        return f"Bank line {self.pk}"
