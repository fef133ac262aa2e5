"""Bank statements: import once, match by reference code, refuse a malformed file whole."""

import datetime
import io
import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.utils import translation

from jisr.core.importing import ImportFailed
from jisr.core.models import AuditEntry
from jisr.treasury import crypto, services
from jisr.treasury.bank_import import statement_import
from jisr.treasury.models import (
    Account,
    BankLine,
    BankStatement,
    Contribution,
    ContributionStatus,
    LedgerEntry,
    LineState,
    Method,
)
from jisr.treasury.services.bank import bank_payers_shred, reference_candidates

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MANIFEST = json.loads((DATA / "bank_statements.json").read_text(encoding="utf-8"))
FILES = {
    "csv": ("bank_csv", "bank_statement.csv"),
    "camt053": ("bank_camt053", "bank_statement_camt053.xml"),
}


def pending(campaign, reference: str, gross: int) -> Contribution:
    contribution = services.contribution_record(
        actor="system:test",
        campaign=campaign,
        method=Method.BANK_TRANSFER,
        currency=campaign.currency,
        gross=gross,
        name="متبرع خيالي",
        attested=True,
    )
    Contribution.objects.filter(pk=contribution.pk).update(reference=reference)
    contribution.reference = reference
    return contribution


def gifts_of(name: str) -> dict[str, Contribution]:
    campaign = CampaignFactory()
    return {code: pending(campaign, code, gross) for code, gross in MANIFEST[name]["gifts"].items()}


def read(name: str) -> bytes:
    return (DATA / FILES[name][1]).read_bytes()


def run(name: str, data: bytes | None = None, **kwargs):
    kind = FILES[name][0]
    return statement_import(
        kind, read(name) if data is None else data, actor="system:test", **kwargs
    )


def test_reference_codes_are_found_through_the_noise_payers_add():
    code = "JKMN3479"
    for text in (
        "Donation JKMN3479",
        "donation jkmn3479 thanks",
        "JKMN 3479",
        "REF:JKM-N34-79/GIFT",
        "تبرع JKMN٣٤٧٩",
        "J K M N 3 4 7 9",
    ):
        assert code in reference_candidates(text), text
    assert "JKMN3479" not in reference_candidates("JKMN347")


@pytest.mark.parametrize("name", ["csv", "camt053"])
def test_ninety_percent_of_lines_with_a_valid_code_match_automatically(name):
    gifts = gifts_of(name)
    summary = run(name)
    with_code = MANIFEST[name]["lines_with_valid_code"]
    matched = BankLine.objects.filter(state=LineState.AUTOMATIC).count()
    rate = matched / with_code
    # The measured figure on the fixture: 80 lines carry a valid code; the misses are the
    # partial payments (more than a fee short) and the transfers naming two gifts.
    assert with_code == 80
    assert (matched, round(rate, 4)) == (76, 0.95)
    assert rate >= 0.90
    assert summary.counts["bank_matched"] == matched
    # Every credit line is new: the bank's own charges (money out) are skipped.
    assert summary.counts["bank_matched"] + summary.counts["bank_unmatched"] == 100
    assert summary.changes == 100
    assert BankLine.objects.count() == 100
    # Each match booked the contribution through the mark-as-paid service: what arrived
    # to the bank, the fee to fees, the whole gift to income.
    for line in BankLine.objects.filter(state=LineState.AUTOMATIC).select_related("contribution"):
        gift = line.contribution
        assert gift.status == ContributionStatus.PAID
        assert gift is not None and gift.gross == gifts[gift.reference].gross
        assert (gift.net, gift.fee) == (line.amount, line.received - line.amount + line.fee)
        assert gift.received_on == line.booked_on
        entries = dict(
            LedgerEntry.objects.filter(group=gift.ledger_group).values_list("account", "amount")
        )
        assert entries[Account.BANK] == line.amount
        assert entries.get(Account.FEES, 0) == line.fee
        assert entries[Account.INCOME] == -gift.gross


@pytest.mark.parametrize("name", ["csv", "camt053"])
def test_reimporting_the_same_file_adds_zero_rows(name):
    gifts_of(name)
    run(name)
    before = (BankLine.objects.count(), BankStatement.objects.count(), LedgerEntry.objects.count())
    again = run(name)
    assert again.changes == 0 and again.counts["unchanged"] == 100
    assert before == (
        BankLine.objects.count(),
        BankStatement.objects.count(),
        LedgerEntry.objects.count(),
    )


def test_an_overlapping_file_adds_only_its_new_lines_and_identical_lines_stay_two():
    gifts_of("csv")
    header, *rows = read("csv").decode().splitlines()
    first = "\n".join([header, *rows[:60]]).encode()
    second = "\n".join([header, *rows[40:]]).encode()
    run("csv", first)
    added = run("csv", second).changes
    assert BankLine.objects.count() == 100
    assert added == 100 - BankStatement.objects.order_by("pk").first().lines_added
    dues = BankLine.objects.filter(text="Monthly dues")
    assert dues.count() == 4  # two identical lines on each of two days


def test_the_payer_name_is_stored_encrypted_and_shredded_after_the_set_days(settings):
    settings.JISR_TREASURY_PAYER_NAME_DAYS = 14
    gifts_of("csv")
    run("csv")
    line = BankLine.objects.filter(state=LineState.AUTOMATIC).first()
    assert "Fictional" not in line.payer_ciphertext and "الخيالي" not in line.payer_ciphertext
    assert crypto.decrypt(line.payer_ciphertext)
    settled = line.settled_at
    assert bank_payers_shred(now=settled + datetime.timedelta(days=13)) == 0
    shredded = bank_payers_shred(now=settled + datetime.timedelta(days=15))
    assert shredded == BankLine.objects.exclude(state=LineState.UNMATCHED).count() == 76
    assert not BankLine.objects.filter(state=LineState.AUTOMATIC).exclude(payer_ciphertext="")
    # Lines still waiting for a person keep the name that helps match them.
    assert not BankLine.objects.filter(state=LineState.UNMATCHED, payer_ciphertext="").exclude(
        text="Monthly dues"
    )
    assert AuditEntry.objects.filter(action="bank.payers_shredded").count() == 1


def test_a_dry_run_writes_nothing_and_reports_what_it_would_do():
    gifts_of("csv")
    summary = run("csv", dry_run=True)
    assert summary.counts["bank_matched"] == 76
    assert not BankLine.objects.exists() and not BankStatement.objects.exists()
    assert not Contribution.objects.filter(status=ContributionStatus.PAID).exists()


CSV_HEADER = "booked_on,amount,currency,text,payer\n"
BAD_FILES = [
    (
        "csv",
        CSV_HEADER + "2026-09-01,12.50,USD,Donation JKMN3479,A\n2026-09-02,12.5x,USD,x,B\n",
        "Line 3, column “amount”: “12.5x” is not an amount of USD",
    ),
    (
        "csv",
        CSV_HEADER + "2026-09-01,12.50,XYZ,Donation,A\n",
        "Line 2, column “currency”: “XYZ” is not a currency the treasury keeps",
    ),
    (
        "csv",
        "booked_on,currency,text\n2026-09-01,USD,Donation\n",
        "Line 1, column “amount”: This required column is missing.",
    ),
    (
        "csv",
        CSV_HEADER + "2026-13-01,12.50,USD,Donation,A\n",
        "Line 2, column “booked_on”: “2026-13-01” is not a date",
    ),
    (
        "camt053",
        b"<Document><BkToCstmrStmt><Stmt><Ntry></Stmt></Document>",
        "is not well-formed XML",
    ),
    (
        "camt053",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<Document>&b;</Document>",
        "declares a DOCTYPE or an ENTITY",
    ),
    (
        "camt053",
        b'<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="USD">1O.00</Amt><CdtDbtInd>CRDT'
        b"</CdtDbtInd><BookgDt><Dt>2026-09-01</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt>"
        b"</Document>",
        "Line 1, column “Amt”: “1O.00” is not an amount of USD",
    ),
    (
        "camt053",
        b'<Document><BkToCstmrStmt><Stmt>\n<Ntry><Amt Ccy="XXX">10.00</Amt><CdtDbtInd>CRDT'
        b"</CdtDbtInd><BookgDt><Dt>2026-09-01</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt>"
        b"</Document>",
        "Line 2, column “Amt/@Ccy”: “XXX” is not a currency the treasury keeps",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_a_malformed_statement_is_refused_whole_with_a_clear_error(name, data, message):
    gifts_of("csv")
    paid_before = Contribution.objects.filter(status=ContributionStatus.PAID).count()
    data = data.encode() if isinstance(data, str) else data
    with translation.override("en"):
        with pytest.raises(ImportFailed) as failure:
            run(name, data)
        messages = failure.value.messages
    assert any(message in m for m in messages), messages
    assert not BankLine.objects.exists() and not BankStatement.objects.exists()
    assert Contribution.objects.filter(status=ContributionStatus.PAID).count() == paid_before


def test_ambiguous_unknown_and_paid_codes_stay_unmatched():
    campaign = CampaignFactory()
    first, second = pending(campaign, "JKMN3479", 1000), pending(campaign, "JAAA3333", 1000)
    data = (
        CSV_HEADER
        + "2026-09-01,10.00,USD,JKMN3479 and JAAA3333,A\n"  # two gifts named: ambiguous
        + "2026-09-01,10.00,USD,JXXX4444,B\n"  # no such gift
        + "2026-09-02,10.00,EUR,JKMN3479,C\n"  # the gift is in dollars
        + "2026-09-02,5.00,USD,JKMN3479,D\n"  # half of it: more than a fee short
        + "2026-09-03,9.70,USD,jkmn-3479,E\n"  # the gift, less a 3% fee
        + "2026-09-04,10.00,USD,JKMN3479,F\n"  # paid twice: the second waits for a person
    )
    counts = run("csv", data.encode()).counts
    assert (counts["bank_matched"], counts["bank_unmatched"]) == (1, 5)
    line = BankLine.objects.get(state=LineState.AUTOMATIC)
    assert (line.text, line.contribution, line.received, line.fee) == ("jkmn-3479", first, 970, 30)
    second.refresh_from_db()
    assert second.status == ContributionStatus.PENDING


def test_the_commands_import_a_statement_and_erase_payer_names(settings, tmp_path):
    gifts_of("camt053")
    out = io.StringIO()
    path = tmp_path / "september.xml"
    path.write_bytes(read("camt053"))
    call_command(
        "treasury_bank_import", str(path), "--language", "en", stdout=out, stderr=io.StringIO()
    )
    assert "New lines matched automatically by reference code: 76" in out.getvalue()
    statement = BankStatement.objects.get()
    assert (statement.format, statement.account) == ("camt053", "SE0000000000000000000000")
    settings.JISR_TREASURY_PAYER_NAME_DAYS = 0
    out = io.StringIO()
    call_command("treasury_bank_shred", stdout=out)
    assert out.getvalue().startswith("76 payer name(s) erased")


def test_rotating_the_key_re_encrypts_payer_names(settings):
    gifts_of("csv")
    run("csv")
    line = BankLine.objects.first()
    name = crypto.decrypt(line.payer_ciphertext)
    settings.JISR_TREASURY_KEY = [Fernet.generate_key().decode(), *settings.JISR_TREASURY_KEY]
    services.treasury_keys_rotate()
    line.refresh_from_db()
    settings.JISR_TREASURY_KEY = settings.JISR_TREASURY_KEY[:1]
    assert crypto.decrypt(line.payer_ciphertext) == name
