"""The annual export for the licensed accountant (Law 36/2015, art. 39): one ZIP holding a
year's ledger slice, the receipts index, the expenses with their two approvals, the
transfers to the centre, a summary PDF in Arabic and in English, and a manifest of the
SHA-256 of every file. Reads only: ``services.accounts.annual_export`` audits the download.

Donors appear by number (``D-<id>``), never by name: the accountant checks identities in
Jisr with the auditor role, where every read is audited (docs/treasury.md).
"""

import csv
import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import crypto
from .models import Campaign, Contribution, Expense, Kind, LedgerEntry
from .selectors import LEDGER_FIELDS, Line, ledger_line, ledger_rows

RECEIPTS_HEADER = [
    "receipt_number",
    "received_on",
    "campaign_id",
    "currency",
    "gross_minor",
    "fee_minor",
    "net_minor",
    "method",
    "status",
    "ledger_group",
    "donor",
    "attestation",
]
EXPENSES_HEADER = [
    "expense_id",
    "campaign_id",
    "description",
    "payee",
    "currency",
    "amount_minor",
    "spent_on",
    "status",
    "paid_on",
    "ledger_group",
    "approver_1",
    "approved_at_1",
    "approver_2",
    "approved_at_2",
    "receipt_file",
    "no_receipt_reason",
]
TRANSFERS_HEADER = ["ledger_group", "booked_on", "campaign_id", "currency", "amount_minor", "from"]
CAMPAIGNS_HEADER = ["campaign_id", "part_of", "title", "title_en", "currency", "goal_minor"]


@dataclass
class Summary:
    """A year's figures by month and by campaign (``selectors.Line``: income, gifts,
    spending, fees, transfers; each with the SHA-256 of its entries)."""

    year: int
    entries: int
    first_entry: int | None
    last_entry: int | None
    sha256: str
    months: list[Line[datetime.date]]
    campaigns: list[Line[int]]
    totals: list[Line[str]] = field(default_factory=list)


def year_slice(year: int):
    """The year's entries, in entry order, as the ledger file holds them."""
    return ledger_rows().filter(booked_on__year=year)


def summary(year: int) -> Summary:
    """Sum the year's ledger slice by month and by campaign, in one pass. Two queries."""
    whole = hashlib.sha256()
    months: dict[tuple, Line[datetime.date]] = {}
    campaigns: dict[tuple, Line[int]] = {}
    totals: dict[str, Line[str]] = {}
    titles = {c.pk: c for c in Campaign.objects.select_related("parent")}
    count, first, last = 0, None, None
    for entry in year_slice(year).iterator(chunk_size=5000):
        text = ledger_line(entry)
        whole.update(text.encode())
        count += 1
        first = first or entry[0]
        last = entry[0]
        campaign_id, currency, booked_on = entry[4], entry[5], entry[7]
        month = booked_on.replace(day=1)
        months.setdefault((month, currency), Line(month, currency)).add(entry, text)
        campaigns.setdefault((campaign_id, currency), Line(campaign_id, currency)).add(entry, text)
        totals.setdefault(currency, Line(currency, currency)).add(entry, text)
    every: list[Line] = [*months.values(), *campaigns.values(), *totals.values()]
    for line in every:
        line.count = len(line.groups)
        line.shown = True  # the accountant's figures: nothing is suppressed
    for line in campaigns.values():
        campaign = titles[line.key]
        name = campaign.title_en if translation.get_language() == "en" else campaign.title
        name = name or campaign.title
        if campaign.parent:
            parent = campaign.parent
            head = parent.title_en if translation.get_language() == "en" else parent.title
            name = f"{head or parent.title} / {name}"
        line.title = name
    return Summary(
        year=year,
        entries=count,
        first_entry=first,
        last_entry=last,
        sha256=whole.hexdigest(),
        months=sorted(months.values(), key=lambda line: (line.key, line.currency)),
        campaigns=sorted(campaigns.values(), key=lambda line: (line.currency, line.key)),
        totals=sorted(totals.values(), key=lambda line: line.key),
    )


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _receipts(year: int) -> bytes:
    gifts = (
        Contribution.objects.filter(receipt_number__startswith=f"{year}-")
        .select_related("donor")
        .order_by("receipt_number")
    )
    return _csv(
        RECEIPTS_HEADER,
        (
            [
                g.receipt_number,
                g.received_on.isoformat() if g.received_on else "",
                g.campaign_id,
                g.currency,
                g.gross,
                g.fee,
                g.net,
                g.method,
                g.status,
                g.ledger_group or "",
                f"D-{g.donor_id}",
                g.donor.attestation,
            ]
            for g in gifts
        ),
    )


def _year_expenses(year: int):
    """Expenses paid in the year, and those of the year not paid (yet)."""
    return (
        Expense.objects.filter(Q(paid_on__year=year) | Q(paid_on__isnull=True, spent_on__year=year))
        .prefetch_related("approvals__approver")
        .order_by("pk")
    )


def _receipt_name(expense: Expense) -> str:
    return f"expense-receipts/{expense.pk}-{(expense.receipt.name or '').rsplit('/', 1)[-1]}"


def _expenses(expenses: list[Expense]) -> bytes:
    rows = []
    for e in expenses:
        approvals = sorted(e.approvals.all(), key=lambda a: (a.approved_at, a.pk))[:2]
        people = []
        for approval in approvals:
            who = approval.approver
            people += [
                f"{who.pk} {who.display_name}" if who else _("(erased account)"),
                approval.approved_at.isoformat(timespec="seconds"),
            ]
        people += [""] * (4 - len(people))
        rows.append(
            [
                e.pk,
                e.campaign_id,
                e.description,
                crypto.decrypt(e.payee_ciphertext),
                e.currency,
                e.amount,
                e.spent_on.isoformat(),
                e.status,
                e.paid_on.isoformat() if e.paid_on else "",
                e.ledger_group or "",
                *people,
                _receipt_name(e) if e.receipt else "",
                e.no_receipt_reason,
            ]
        )
    return _csv(EXPENSES_HEADER, rows)


def _transfers(year: int) -> bytes:
    entries = year_slice(year).filter(kind=Kind.TRANSFER)
    rows = [
        [group, booked_on.isoformat(), campaign_id, currency, -amount, account]
        for _pk, group, _kind, account, campaign_id, currency, amount, booked_on, _rev in entries
        if amount < 0  # the credited side names where the money left from
    ]
    return _csv(TRANSFERS_HEADER, rows)


def _campaigns() -> bytes:
    rows = Campaign.objects.order_by("pk").values_list(
        "pk", "parent_id", "title", "title_en", "currency", "goal"
    )
    return _csv(CAMPAIGNS_HEADER, ([*row[:1], row[1] or "", *row[2:]] for row in rows))


def summary_pdf(year: int, language: str) -> bytes:
    """The year's summary, in ``language``, through the reports' PDF path."""
    from jisr.reports.pdf import fonts_css, pdf_from_html

    with translation.override(language):
        context = {
            "summary": summary(year),
            "fonts_css": fonts_css(),
            "language": language,
            "site_name": settings.JISR_SITE_NAME or _("Jisr"),
            "made_at": timezone.localtime(),
        }
        return pdf_from_html(render_to_string("treasury/annual/summary_pdf.html", context))


def export_zip(year: int) -> bytes:
    """The accountant's ZIP for ``year`` (see the module's docstring)."""
    found = summary(year)
    expenses = list(_year_expenses(year))
    files: dict[str, bytes] = {
        "ledger.csv": "".join(ledger_line(e) for e in year_slice(year).iterator()).encode(),
        "receipts.csv": _receipts(year),
        "expenses.csv": _expenses(expenses),
        "transfers.csv": _transfers(year),
        "campaigns.csv": _campaigns(),
        f"summary-{year}-ar.pdf": summary_pdf(year, "ar"),
        f"summary-{year}-en.pdf": summary_pdf(year, "en"),
    }
    for expense in expenses:
        if expense.receipt:
            with expense.receipt.open("rb") as receipt:
                files[_receipt_name(expense)] = receipt.read()
    files["manifest.json"] = json.dumps(
        {
            "year": year,
            "made_at": timezone.now().isoformat(timespec="seconds"),
            "ledger": {
                "file": "ledger.csv",
                "fields": list(LEDGER_FIELDS),
                "entries": found.entries,
                "first_entry": found.first_entry,
                "last_entry": found.last_entry,
                "sha256": found.sha256,
            },
            "donors": "by number (D-<id>); identities are read in Jisr by the auditor",
        },
        indent=2,
        ensure_ascii=False,
    ).encode()
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"jisr-{year}/{name}", data)
        archive.writestr(f"jisr-{year}/SHA256SUMS", sums)
    return buffer.getvalue()


def export_years() -> list[int]:
    """The years the ledger has entries in, newest first (for the staff page's choice)."""
    years = [day.year for day in LedgerEntry.objects.dates("booked_on", "year", order="DESC")]
    return years or [timezone.localdate().year]
