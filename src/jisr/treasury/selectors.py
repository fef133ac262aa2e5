"""The treasury's reads. Every public figure is summed from the ledger and passes the
disclosure rule (``disclosure.py``): no shown figure covers fewer than
``JISR_TREASURY_MIN_CELL`` contributions."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import Count, Q, Sum

from .disclosure import Cell, published, total_shown
from .models import (
    Account,
    Campaign,
    Contribution,
    ContributionStatus,
    Expense,
    ExpenseStatus,
    Kind,
    LedgerEntry,
)

INCOME_ACCOUNTS = (Account.INCOME, Account.INCOME_IN_KIND)


def minimum() -> int:
    return settings.JISR_TREASURY_MIN_CELL


@dataclass
class Total:
    campaign_id: int
    currency: str
    raised: int = 0
    count: int = 0
    shown: bool = False
    goal: int = 0

    @property
    def percent(self) -> int:
        return min(100, self.raised * 100 // self.goal) if self.goal else 0


def campaign_totals(currency: str | None = None) -> dict[int, Total]:
    """Every campaign's raised amount and number of gifts (a parent's include its parts'),
    and whether they may be shown. Two queries."""
    campaigns = Campaign.objects.all()
    if currency:
        campaigns = campaigns.filter(currency=currency)
    info = {c["pk"]: c for c in campaigns.values("pk", "parent_id", "currency", "goal")}
    sums = (
        LedgerEntry.objects.filter(account__in=INCOME_ACCOUNTS, campaign_id__in=info.keys())
        .values("campaign_id")
        .annotate(
            raised=-Sum("amount"),
            count=Count("group", filter=Q(kind=Kind.CONTRIBUTION), distinct=True),
        )
    )
    own: dict[int, Mapping[str, Any]] = {row["campaign_id"]: row for row in sums}
    totals = {
        pk: Total(
            pk,
            c["currency"],
            own.get(pk, {}).get("raised") or 0,
            own.get(pk, {}).get("count") or 0,
            goal=c["goal"],
        )
        for pk, c in info.items()
    }
    parts = defaultdict(list)
    for pk, c in info.items():
        if c["parent_id"] in info:
            parts[c["parent_id"]].append(pk)
    tops = [pk for pk, c in info.items() if c["parent_id"] not in info]
    for top in tops:
        for part in parts[top]:
            totals[top].raised += totals[part].raised
            totals[top].count += totals[part].count
    low = minimum()
    by_currency = defaultdict(list)
    for top in tops:
        by_currency[totals[top].currency].append(Cell(top, totals[top].raised, totals[top].count))
    for cells in by_currency.values():
        for key in published(cells, minimum=low, total_published=total_shown(cells, minimum=low)):
            totals[key].shown = True
    for top in tops:
        if not parts[top]:
            continue
        direct = totals[top].count - sum(totals[p].count for p in parts[top])
        cells = [Cell(None, 0, direct)] + [
            Cell(p, totals[p].raised, totals[p].count) for p in parts[top]
        ]
        for key in published(cells, minimum=low, total_published=totals[top].shown):
            if key is not None:
                totals[key].shown = True
    return totals


def public_campaigns():
    return Campaign.objects.filter(is_public=True, parent__isnull=True).order_by(
        "-starts_on", "-pk"
    )


def public_campaign(pk: int) -> Campaign:
    return Campaign.objects.select_related("parent").get(pk=pk, is_public=True)


def public_donors(campaign: Campaign) -> list[str]:
    """The names, initials and nicknames donors chose to show, never the hidden ones."""
    return list(
        Contribution.objects.filter(
            campaign=campaign,
            status=ContributionStatus.PAID,
            donor__display__in=["initials", "nickname", "name"],
        )
        .exclude(donor__public_label="")
        .order_by("donor__public_label")
        .values_list("donor__public_label", flat=True)
        .distinct()[:200]
    )


def public_expenses(campaign: Campaign):
    return (
        Expense.objects.filter(campaign=campaign, status=ExpenseStatus.PAID)
        .order_by("-paid_on", "-pk")
        .only("description", "amount", "currency", "paid_on")
    )


def pending_contributions():
    return (
        Contribution.objects.filter(
            status__in=[ContributionStatus.PENDING, ContributionStatus.EXPIRED]
        )
        .select_related("campaign")
        .order_by("status", "expires_on", "pk")
    )


def contributions_of(user):
    return (
        Contribution.objects.filter(member=user)
        .select_related("campaign")
        .order_by("-created_at", "-pk")
    )


def paid_contributions_of(user):
    return contributions_of(user).filter(status=ContributionStatus.PAID).select_related("donor")


def expenses_for_staff():
    return (
        Expense.objects.select_related("campaign")
        .annotate(approvals_count=Count("approvals"))
        .order_by("status", "-spent_on", "-pk")
    )


# --- Transparency ---------------------------------------------------------------------------


def ledger_line(entry: tuple) -> str:
    """One entry as the auditor's file holds it (docs/treasury.md): the hashes are computed
    over these lines, in entry order."""
    pk, group, kind, account, campaign_id, currency, amount, booked_on, reverses = entry
    return (
        f"{pk},{group},{kind},{account},{campaign_id},{currency},{amount},"
        f"{booked_on.isoformat()},{reverses or ''}\n"
    )


LEDGER_FIELDS = (
    "pk",
    "group",
    "kind",
    "account",
    "campaign_id",
    "currency",
    "amount",
    "booked_on",
    "reverses",
)


K = TypeVar("K")


@dataclass
class Line(Generic[K]):
    """One published line: income, how many gifts it sums, expenses and fees; its key is
    its month (a date) or its campaign (a pk)."""

    key: K
    currency: str
    income: int = 0
    count: int = 0
    expenses: int = 0
    fees: int = 0
    to_centre: int = 0
    shown: bool = False
    digest: "hashlib._Hash" = field(default_factory=hashlib.sha256)
    groups: set = field(default_factory=set)
    title: str = ""  # a campaign's, in the page's language (set by the page)

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()

    def add(self, entry: tuple, line: str) -> None:
        _pk, group, kind, account, _campaign, _currency, amount, _booked, _rev = entry
        self.digest.update(line.encode())
        if account in INCOME_ACCOUNTS:
            self.income -= amount
            if kind == Kind.CONTRIBUTION:
                self.groups.add(group)
        elif account == Account.EXPENSE:
            self.expenses += amount
        elif account == Account.FEES:
            self.fees += amount
        elif account == Account.CENTRE:
            self.to_centre += amount


@dataclass
class Transparency:
    last_entry: int
    sha256: str
    months: list[Line[datetime.date]]
    campaigns: list[Line[int]]
    titles: dict


def transparency() -> Transparency:
    """Monthly and per-campaign income and spending, each line with the SHA-256 of the
    ledger entries it was summed from. Two queries, one pass over the ledger."""
    whole = hashlib.sha256()
    months: dict[tuple, Line[datetime.date]] = {}
    campaigns: dict[int, Line[int]] = {}
    tops = {
        c["pk"]: (c["parent_id"] or c["pk"], c["title"], c["title_en"], c["is_public"])
        for c in Campaign.objects.values("pk", "parent_id", "title", "title_en", "is_public")
    }
    last = 0
    rows = LedgerEntry.objects.order_by("pk").values_list(*LEDGER_FIELDS)
    for entry in rows.iterator(chunk_size=5000):
        text = ledger_line(entry)
        whole.update(text.encode())
        last = entry[0]
        currency, booked_on = entry[5], entry[7]
        month = (booked_on.year, booked_on.month, currency)
        months.setdefault(month, Line(booked_on.replace(day=1), currency)).add(entry, text)
        top = tops[entry[4]][0]
        campaigns.setdefault(top, Line(top, currency)).add(entry, text)
    low = minimum()
    for table in (months, campaigns):
        for line in table.values():
            line.count = len(line.groups)
        by_currency = defaultdict(list)
        for line in table.values():
            by_currency[line.currency].append(line)
        for lines in by_currency.values():
            cells = [Cell(line.key, line.income, line.count) for line in lines]
            keys = published(cells, minimum=low, total_published=total_shown(cells, minimum=low))
            for line in lines:
                line.shown = line.key in keys
    return Transparency(
        last_entry=last,
        sha256=whole.hexdigest(),
        months=sorted(months.values(), key=lambda line: (line.key, line.currency), reverse=True),
        campaigns=[line for line in campaigns.values() if tops[line.key][3]],
        titles={pk: (title, title_en) for pk, (_top, title, title_en, _p) in tops.items()},
    )


def ledger_entries():
    return LedgerEntry.objects.select_related("campaign").order_by("-pk")


def ledger_rows():
    """The whole ledger in entry order, for the auditor's file."""
    return LedgerEntry.objects.order_by("pk").values_list(*LEDGER_FIELDS)


def flagged_card_payments():
    """Card payments Stripe reported that do not match their gift, newest first."""
    from .models import CardPayment

    return (
        CardPayment.objects.exclude(flag="")
        .select_related("contribution__campaign")
        .order_by("-flagged_at", "-pk")
    )


def card_payments_to_check():
    """The flagged card gifts still waiting for the treasurer (pending or expired)."""
    return flagged_card_payments().filter(
        contribution__status__in=[ContributionStatus.PENDING, ContributionStatus.EXPIRED]
    )
