"""Posting to the ledger: the only way entries are written. A group is balanced (its
debits equal its credits), in one currency, and never changed afterwards; a mistake is
corrected by posting the group's reverse."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from .models import Account, Campaign, Kind, LedgerEntry, new_group


class Unbalanced(ValidationError):
    pass


#: PostgreSQL advisory lock taken by every posting until its transaction ends.
APPEND_LOCK = 0x4A697372_4C656467  # "JisrLedg"


def _append_in_order() -> None:
    """Make entries commit in id order: a posting waits until the one before it has
    committed or rolled back. So once entry N is visible, entries 1 to N never change, and
    what is summed from them may be kept under N (``selectors``). SQLite has one writer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])


def post(
    *,
    kind: str,
    campaign: Campaign,
    currency: str,
    booked_on: datetime.date,
    lines: Iterable[tuple[str, int]],
    reverses=None,
):
    """Write one balanced group of ``(account, signed amount)`` lines; return its id.
    Lines of zero are left out (a gift without a fee has no fee line)."""
    lines = [(account, int(amount)) for account, amount in lines if amount]
    if currency != campaign.currency:
        raise Unbalanced(f"{currency} in a {campaign.currency} campaign")
    if len(lines) < 2:
        raise Unbalanced("A group has a debit and a credit.")
    if sum(amount for _account, amount in lines) != 0:
        raise Unbalanced("Debits and credits differ.")
    unknown = {account for account, _amount in lines} - set(Account.values)
    if unknown:
        raise Unbalanced(f"Unknown accounts: {sorted(unknown)}")
    _append_in_order()
    group = new_group()
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            group=group,
            kind=kind,
            account=account,
            campaign=campaign,
            currency=currency,
            amount=amount,
            booked_on=booked_on,
            reverses=reverses,
        )
        for account, amount in lines
    )
    return group


def post_reverse(*, group, kind: str = Kind.CORRECTION, booked_on: datetime.date):
    """Post the compensating group of ``group``: every line with its sign turned."""
    entries = list(LedgerEntry.objects.filter(group=group).select_related("campaign"))
    if not entries:
        raise ValidationError("No such ledger group.")
    first = entries[0]
    return post(
        kind=kind,
        campaign=first.campaign,
        currency=first.currency,
        booked_on=booked_on,
        lines=[(e.account, -e.amount) for e in entries],
        reverses=group,
    )


def balance(account: str, *, campaign: Campaign | None = None, currency: str | None = None) -> int:
    """The account's balance (debits minus credits), summed from its entries."""
    entries = LedgerEntry.objects.filter(account=account)
    if campaign is not None:
        entries = entries.filter(campaign=campaign)
    if currency is not None:
        entries = entries.filter(currency=currency)
    return entries.aggregate(total=Sum("amount"))["total"] or 0
