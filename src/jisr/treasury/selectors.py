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
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Subquery, Sum

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


# --- Figures cached under the ledger's last entry ------------------------------------------
#
# The ledger only grows, and its entries are committed in id order (``ledger.post`` takes
# a lock on PostgreSQL; SQLite has one writer), so entries 1 to N never change once entry N
# is visible: what is summed from them can be kept under N. The key also holds entry N's
# group (a random UUID), so a ledger rebuilt from scratch (a test, a restored backup) never
# meets the figures of another one with the same N. Every figure is still summed from the
# ledger, only not again on each request (bench/RESULTS.md, "Treasury pages").

CACHE_SECONDS = 24 * 3600
_last = LedgerEntry.objects.order_by("-pk")


def _with_ledger_mark(campaigns, *fields: str) -> list[dict]:
    """The campaigns' rows, each carrying the ledger's last entry (id and group): the mark
    comes with the rows in the same query (PostgreSQL runs the subquery once). With no
    campaign there is no entry either."""
    marked = campaigns.annotate(
        last_entry=Subquery(_last.values("pk")[:1]),
        last_group=Subquery(_last.values("group")[:1]),
    )
    return list(marked.values(*fields, "last_entry", "last_group"))


def _cache_key(name: str, rows: list[dict], *extra) -> str | None:
    """None when the ledger is empty (nothing to keep)."""
    if not rows or rows[0]["last_entry"] is None:
        return None
    mark = (rows[0]["last_entry"], str(rows[0]["last_group"]), *extra)
    return f"treasury:{name}:" + hashlib.sha256(repr(mark).encode()).hexdigest()


def _cached(key: str | None, compute):
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _income_by_campaign(last_entry: int) -> dict[int, tuple[int, int]]:
    """Each campaign's own income and number of gifts in entries 1 to ``last_entry``."""
    sums = (
        LedgerEntry.objects.filter(account__in=INCOME_ACCOUNTS, pk__lte=last_entry)
        .values("campaign_id")
        .annotate(
            raised=-Sum("amount"),
            count=Count("group", filter=Q(kind=Kind.CONTRIBUTION), distinct=True),
        )
        .order_by()
    )
    return {row["campaign_id"]: (row["raised"], row["count"]) for row in sums}


def campaign_totals(currency: str | None = None) -> dict[int, Total]:
    """Every campaign's raised amount and number of gifts (a parent's include its parts'),
    and whether they may be shown. One query, and one more when the ledger changed since
    its sums were last kept."""
    campaigns = Campaign.objects.all()
    if currency:
        campaigns = campaigns.filter(currency=currency)
    rows = _with_ledger_mark(campaigns, "pk", "parent_id", "currency", "goal")
    info = {c["pk"]: c for c in rows}
    key = _cache_key("income", rows)
    sums = _cached(key, lambda: _income_by_campaign(rows[0]["last_entry"])) if key else {}
    own: dict[int, Mapping[str, Any]] = {
        pk: {"raised": raised, "count": count} for pk, (raised, count) in sums.items()
    }
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
    sha256: str = ""  # of the entries it sums, set when the pass is done
    title: str = ""  # a campaign's, in the page's language (set by the page)
    digest: Any = field(default_factory=hashlib.sha256, repr=False)  # while summing
    groups: set = field(default_factory=set, repr=False)  # while summing

    def finish(self) -> None:
        """Keep the figures only (what the cache stores)."""
        self.count, self.sha256 = len(self.groups), self.digest.hexdigest()
        self.digest, self.groups = None, set()

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
    ledger entries it was summed from. One query when the ledger did not change since the
    figures were kept, else a pass over the ledger too (two queries on PostgreSQL: the sums,
    then the lines to hash)."""
    rows = _with_ledger_mark(
        Campaign.objects.all(), "pk", "parent_id", "title", "title_en", "is_public"
    )
    tops = {c["pk"]: c["parent_id"] or c["pk"] for c in rows}
    key = _cache_key("transparency", rows, sorted(tops.items()), minimum())
    last = rows[0]["last_entry"] if key else 0
    report = _cached(key, lambda: _transparency_sums(tops, last))
    public = {c["pk"] for c in rows if c["is_public"]}
    report.campaigns = [line for line in report.campaigns if line.key in public]
    report.titles = {c["pk"]: (c["title"], c["title_en"]) for c in rows}
    return report


def _transparency_sums(tops: dict[int, int], last_entry: int) -> Transparency:
    """The figures of entries 1 to ``last_entry``: summed and hashed by PostgreSQL in one
    query, else in one pass in Python (the same lines, the same bytes hashed)."""
    if connection.vendor == "postgresql" and last_entry:
        whole, months, campaigns = _sums_in_postgresql(tops, last_entry)
    else:
        whole, months, campaigns = _sums_in_python(tops, last_entry)
    low = minimum()
    for table in (months, campaigns):
        by_currency = defaultdict(list)
        for line in table:
            by_currency[line.currency].append(line)
        for lines in by_currency.values():
            cells = [Cell(line.key, line.income, line.count) for line in lines]
            keys = published(cells, minimum=low, total_published=total_shown(cells, minimum=low))
            for line in lines:
                line.shown = line.key in keys
    return Transparency(
        last_entry=last_entry,
        sha256=whole,
        months=sorted(months, key=lambda line: (line.key, line.currency), reverse=True),
        campaigns=campaigns,
        titles={},
    )


def _sums_in_python(tops: dict[int, int], last_entry: int):
    whole = hashlib.sha256()
    months: dict[tuple, Line[datetime.date]] = {}
    campaigns: dict[int, Line[int]] = {}
    entries = LedgerEntry.objects.filter(pk__lte=last_entry).order_by("pk")
    if not last_entry:
        entries = entries.none()
    for entry in entries.values_list(*LEDGER_FIELDS).iterator(chunk_size=5000):
        text = ledger_line(entry)
        whole.update(text.encode())
        currency, booked_on = entry[5], entry[7]
        month = (booked_on.year, booked_on.month, currency)
        months.setdefault(month, Line(booked_on.replace(day=1), currency)).add(entry, text)
        top = tops[entry[4]]
        campaigns.setdefault(top, Line(top, currency)).add(entry, text)
    for month_line in months.values():
        month_line.finish()
    for campaign_line in campaigns.values():
        campaign_line.finish()
    return whole.hexdigest(), list(months.values()), list(campaigns.values())


# PostgreSQL sums the lines (one scan, grouped by month and currency and by campaign) and
# writes each entry as `ledger_line` does; Python only hashes those lines, in entry order.
_SQL_SUMS = """
SELECT GROUPING(month, currency, top), month, top, min(currency), min(id),
  coalesce(-sum(amount) FILTER (WHERE account = ANY(%(income)s)), 0)::bigint,
  count(DISTINCT "group") FILTER (WHERE account = ANY(%(income)s) AND kind = %(contribution)s),
  coalesce(sum(amount) FILTER (WHERE account = %(expense)s), 0)::bigint,
  coalesce(sum(amount) FILTER (WHERE account = %(fees)s), 0)::bigint,
  coalesce(sum(amount) FILTER (WHERE account = %(centre)s), 0)::bigint
FROM (
  SELECT e.id, e."group", e.kind, e.account, e.currency, e.amount, t.top,
    date_trunc('month', e.booked_on)::date AS month
  FROM treasury_ledgerentry e
  JOIN unnest(%(pks)s::integer[], %(tops)s::integer[]) AS t(pk, top) ON t.pk = e.campaign_id
  WHERE e.id <= %(last)s
) e
GROUP BY GROUPING SETS ((month, currency), (top))
"""
_SQL_LINES = """
SELECT id || ',' || "group" || ',' || kind || ',' || account || ',' || campaign_id || ','
  || currency || ',' || amount || ',' || to_char(booked_on, 'YYYY-MM-DD') || ','
  || coalesce(reverses::text, '') || E'\\n', campaign_id, to_char(booked_on, 'YYYY-MM'), currency
FROM treasury_ledgerentry WHERE id <= %s ORDER BY id
"""


def _sums_in_postgresql(tops: dict[int, int], last_entry: int):
    params: dict[str, Any] = {
        "income": [str(a) for a in INCOME_ACCOUNTS],
        "contribution": Kind.CONTRIBUTION.value,
        "expense": Account.EXPENSE.value,
        "fees": Account.FEES.value,
        "centre": Account.CENTRE.value,
        "pks": list(tops),
        "tops": list(tops.values()),
        "last": last_entry,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL_SUMS, params)
        rows = cursor.fetchall()
    whole = hashlib.sha256()
    by_month: dict[tuple[str, str], Any] = defaultdict(hashlib.sha256)
    by_top: dict[int, Any] = defaultdict(hashlib.sha256)
    with connection.chunked_cursor() as cursor:
        cursor.execute(_SQL_LINES, [last_entry])
        while chunk := cursor.fetchmany(5000):
            for text, campaign_id, month, currency in chunk:
                data = text.encode()
                whole.update(data)
                by_month[month, currency].update(data)
                by_top[tops[campaign_id]].update(data)
    months: list[Line[datetime.date]] = []
    campaigns: list[Line[int]] = []
    for grouping, month, top, currency, _first, *sums in sorted(rows, key=lambda r: r[4]):
        is_month = grouping == 0b001
        digest = by_month[f"{month:%Y-%m}", currency] if is_month else by_top[top]
        line: Line = Line(month if is_month else top, currency, digest=None)
        line.sha256 = digest.hexdigest()
        line.income, line.count, line.expenses, line.fees, line.to_centre = sums
        if is_month:
            months.append(line)
        else:
            campaigns.append(line)
    return whole.hexdigest(), months, campaigns


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
