"""The accountant's annual export: what the ZIP holds, that its figures and fingerprints
agree with the ledger, that no donor is named in it, and who may take it (audited)."""

import csv
import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry
from jisr.treasury import annual, services
from jisr.treasury.models import Account, LedgerEntry, Method
from jisr.treasury.selectors import ledger_line, ledger_rows

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
DAY = datetime.date(YEAR, 3, 14)
DONORS = ["Zainab Fictional-Donor", "Haidar Fictional-Giver", "Noor Fictional-Name"]


def staff(role):
    return with_mfa(UserFactory(roles=[role]))


def _gift(campaign, name, gross, received_on, **kwargs):
    return services.contribution_record(
        actor=None,
        campaign=campaign,
        method=kwargs.pop("method", Method.CASH),
        currency=campaign.currency,
        gross=gross,
        name=name,
        attested=True,
        received_on=received_on,
        **kwargs,
    )


def _expense(campaign, approvers, **kwargs):
    expense = services.expense_submit(
        actor=None,
        campaign=campaign,
        currency=campaign.currency,
        payee="Fictional Print Shop",
        spent_on=DAY,
        **kwargs,
    )
    for person in approvers:
        services.expense_approve(actor=person, expense=expense)
    return services.expense_pay(actor=None, expense=expense, paid_on=DAY)


@pytest.fixture
def year(settings, tmp_path):
    settings.JISR_PRIVATE_ROOT = tmp_path
    campaign = CampaignFactory(title="حملة المدارس", title_en="Schools campaign")
    part = CampaignFactory(parent=campaign, title="جزء الكتب", title_en="Books part")
    _gift(campaign, "Earlier Fictional-Year", 9900, datetime.date(YEAR - 1, 12, 30))
    gifts = [
        _gift(campaign, DONORS[0], 2500, DAY),
        _gift(part, DONORS[1], 10000, datetime.date(YEAR, 4, 2), fee=300),
        _gift(campaign, DONORS[2], 4000, datetime.date(YEAR, 4, 9)),
    ]
    services.contribution_refund(
        actor=None, contribution=gifts[2], refunded_on=datetime.date(YEAR, 4, 20)
    )
    first, second = staff(Role.ORGANIZER), staff(Role.TREASURER)
    with_receipt = _expense(
        campaign,
        [first, second],
        description="Printing leaflets",
        amount=3000,
        receipt=SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 fictional invoice"),
    )
    with_reason = _expense(
        part,
        [second, first],
        description="Hall for the meeting",
        amount=1200,
        no_receipt_reason="Paid at a market stall",
    )
    transfer = services.transfer_to_centre(
        actor=None,
        campaign=campaign,
        currency="USD",
        amount=700,
        transferred_on=datetime.date(YEAR, 5, 1),
    )
    return {
        "campaign": campaign,
        "part": part,
        "gifts": gifts,
        "expenses": [with_receipt, with_reason],
        "approvers": {first.pk, second.pk},
        "transfer": transfer,
    }


@pytest.fixture
def no_pdf(monkeypatch):
    """The tests of the ZIP's tables skip WeasyPrint (seconds per PDF); the first test and
    tests/treasury/test_accounts_pdf.py make the real ones."""
    monkeypatch.setattr(
        annual, "summary_pdf", lambda year, language: b"%PDF-1.7 " + language.encode()
    )


def _files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def _download(client, year=YEAR):
    return client.post(reverse("treasury_staff:annual_export"), {"year": year})


def test_the_zip_holds_every_file_with_its_sha256_in_the_manifest(year):
    response = _download(signed_in(Client(), staff(Role.AUDITOR)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"jisr-treasury-{YEAR}-" in response["Content-Disposition"]
    files = _files(response.content)
    expected = {
        "ledger.csv",
        "receipts.csv",
        "expenses.csv",
        "transfers.csv",
        "campaigns.csv",
        f"summary-{YEAR}-ar.pdf",
        f"summary-{YEAR}-en.pdf",
        "manifest.json",
        "SHA256SUMS",
    }
    receipt_files = {name for name in files if name.startswith("expense-receipts/")}
    assert set(files) - receipt_files == expected
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    for name in (f"summary-{YEAR}-ar.pdf", f"summary-{YEAR}-en.pdf"):
        assert files[name].startswith(b"%PDF")


@pytest.mark.usefixtures("no_pdf")
def test_the_ledger_slice_is_the_year_and_its_digest_is_recomputable(year):
    files = _files(annual.export_zip(YEAR))
    expected = "".join(ledger_line(e) for e in ledger_rows().filter(booked_on__year=YEAR))
    assert files["ledger.csv"].decode() == expected
    lines = files["ledger.csv"].decode().splitlines()
    assert lines and all(line.split(",")[7].startswith(f"{YEAR}-") for line in lines)
    # The previous year's gift is not in this year's slice (2 entries: cash and income).
    assert len(lines) == LedgerEntry.objects.count() - 2
    groups: dict[str, int] = {}
    for line in lines:
        fields = line.split(",")
        groups[fields[1]] = groups.get(fields[1], 0) + int(fields[6])
    assert set(groups.values()) == {0}  # every group balances
    import json

    manifest = json.loads(files["manifest.json"])
    digest = hashlib.sha256(files["ledger.csv"]).hexdigest()
    assert manifest["ledger"]["sha256"] == digest
    assert manifest["ledger"]["entries"] == len(lines)
    out = io.StringIO()
    call_command("treasury_ledger_digest", year=YEAR, stdout=out)
    assert out.getvalue().startswith(f"{digest}  ({len(lines)} entries)")


@pytest.mark.usefixtures("no_pdf")
def test_receipts_expenses_and_transfers_are_listed_for_the_accountant(year):
    files = _files(annual.export_zip(YEAR))
    receipts = _rows(files["receipts.csv"])
    assert [r["receipt_number"] for r in receipts] == [f"{YEAR}-0000{n}" for n in (1, 2, 3)]
    assert [int(r["gross_minor"]) for r in receipts] == [2500, 10000, 4000]
    assert [int(r["fee_minor"]) for r in receipts] == [0, 300, 0]
    assert [r["status"] for r in receipts] == ["paid", "paid", "refunded"]
    assert all(r["donor"].startswith("D-") and r["attestation"] for r in receipts)

    expenses = _rows(files["expenses.csv"])
    assert [int(e["amount_minor"]) for e in expenses] == [3000, 1200]
    for row in expenses:
        approvers = {row["approver_1"].split()[0], row["approver_2"].split()[0]}
        assert approvers == {str(pk) for pk in year["approvers"]}
        assert row["receipt_file"] or row["no_receipt_reason"]
        assert row["payee"] == "Fictional Print Shop"
    assert files[expenses[0]["receipt_file"]] == b"%PDF-1.4 fictional invoice"
    assert expenses[1]["no_receipt_reason"] == "Paid at a market stall"

    transfers = _rows(files["transfers.csv"])
    assert transfers == [
        {
            "ledger_group": str(year["transfer"]),
            "booked_on": f"{YEAR}-05-01",
            "campaign_id": str(year["campaign"].pk),
            "currency": "USD",
            "amount_minor": "700",
            "from": Account.BANK.value,
        }
    ]


@pytest.mark.usefixtures("no_pdf")
def test_no_donor_is_named_in_the_export(year):
    files = _files(annual.export_zip(YEAR))
    text = b"\n".join(data for name, data in files.items() if not name.endswith(".pdf"))
    for name in [*DONORS, "Earlier Fictional-Year"]:
        for word in name.split():
            assert word.encode() not in text, word


def test_the_summary_figures_equal_the_ledger_to_the_cent(year):
    with translation.override("en"):
        found = annual.summary(YEAR)
    (usd,) = found.totals
    assert usd.income == 2500 + 10000 + 4000 - 4000  # the refund reverses its gift
    assert usd.fees == 300
    assert usd.expenses == 3000 + 1200
    assert usd.to_centre == 700
    assert usd.count == 3
    assert sum(line.income for line in found.months) == usd.income
    assert sum(line.income for line in found.campaigns) == usd.income
    titles = {line.key: line.title for line in found.campaigns}
    assert titles[year["part"].pk] == "Schools campaign / Books part"
    assert found.entries == LedgerEntry.objects.filter(booked_on__year=YEAR).count()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.TREASURER, 200), (Role.AUDITOR, 200), (Role.ORGANIZER, 403), ("member", 403)],
)
@pytest.mark.usefixtures("no_pdf")
def test_only_the_treasurer_and_auditor_take_the_export_and_each_take_is_audited(
    year, role, status
):
    user = UserFactory() if role == "member" else staff(role)
    client = signed_in(Client(), user)
    before = AuditEntry.objects.filter(action="treasury.exported").count()
    assert client.get(reverse("treasury_staff:annual")).status_code == status
    assert _download(client).status_code == status
    after = AuditEntry.objects.filter(action="treasury.exported")
    assert after.count() == before + (status == 200)
    if status == 200:
        assert after.latest("pk").data == {"year": YEAR}


@pytest.mark.usefixtures("no_pdf")
def test_the_download_is_a_post_and_a_year_in_arabic_digits_is_read(year):
    client = signed_in(Client(), staff(Role.TREASURER))
    assert client.get(reverse("treasury_staff:annual_export")).status_code == 405
    response = _download(client, year="٢٠٢٦")
    assert response.status_code == 200
    assert "receipts.csv" in str(_files(response.content).keys())


@pytest.mark.usefixtures("no_pdf")
def test_a_year_out_of_range_is_refused_with_a_message_and_nothing_is_logged(year):
    treasurer = staff(Role.TREASURER)
    treasurer.preferred_language = "en"  # the test reads the English message
    treasurer.save()
    client = signed_in(Client(), treasurer)
    before = AuditEntry.objects.count()
    with translation.override("en"):
        future = _download(client, year=datetime.date.today().year + 1)
        words = _download(client, year="last year")
    assert future.status_code == 400
    assert "Choose a year between 2000 and" in future.content.decode()
    assert words.status_code == 400
    assert AuditEntry.objects.count() == before


@pytest.mark.usefixtures("no_pdf")
def test_the_command_writes_the_same_export(year, tmp_path):
    target = tmp_path / "export.zip"
    call_command("treasury_annual_export", year=YEAR, output=str(target), stdout=io.StringIO())
    files = _files(target.read_bytes())
    assert files["ledger.csv"] == _files(annual.export_zip(YEAR))["ledger.csv"]
    assert AuditEntry.objects.filter(action="treasury.exported").latest("pk").actor_ref == (
        "system:command-line"
    )


@pytest.mark.usefixtures("no_pdf")
def test_the_export_page_is_in_the_treasury_staff_menu(year):
    client = signed_in(Client(), staff(Role.AUDITOR))
    page = client.get(reverse("treasury_staff:ledger")).content.decode()
    assert reverse("treasury_staff:annual") in page
