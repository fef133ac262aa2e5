"""Write the fictional bank statements the bank tests import (run it to regenerate them):
``bank_statement.csv`` and ``bank_statement_camt053.xml``, about 100 credit lines each,
with the noise real statements have, and ``bank_statements.json``: the pending gifts they
pay (reference code → expected amount in cents) and, per file, how many lines carry a
valid code. Every name and number is invented."""

import datetime
import json
import random
from pathlib import Path
from xml.sax.saxutils import escape

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PAYERS = [
    "Fictional Sara A.",
    "ADAM FICTIONAL",
    "مريم الخيالية",
    "Layla Fictional",
    "حسن الخيالي",
    "Yusuf Fictional",
    "Omar Fictional-Demo",
    "زينب الخيالية",
]
AMOUNTS = [1000, 2000, 2500, 5000, 7500, 10000, 25000, 100000]
HERE = Path(__file__).parent


def code(rng: random.Random) -> str:
    return "J" + "".join(rng.choice(ALPHABET) for _ in range(7))


def noisy(rng: random.Random, reference: str) -> str:
    """The code as payers and banks really pass it on."""
    shape = rng.randrange(8)
    if shape == 0:
        return f"Donation {reference}"
    if shape == 1:
        return f"donation {reference.lower()}"
    if shape == 2:
        return f"{reference[:4]} {reference[4:]} school bags"
    if shape == 3:
        return f"REF:{reference[:3]}-{reference[3:6]}-{reference[6:]}/GIFT"
    if shape == 4:
        return f"تبرع {reference.translate(ARABIC_DIGITS)}"
    if shape == 5:
        return f"SEPA CREDIT TRANSFER EREF NOTPROVIDED {reference} END"
    if shape == 6:
        return f"{' '.join(reference)}"
    return f"Gift/{reference.lower()}/thanks"


def lines(seed: int):
    """((date, cents, currency, text, payer), the code it pays or None, kind) per line."""
    rng = random.Random(seed)
    start = datetime.date(2026, 9, 1)
    gifts: dict[str, int] = {}
    out = []
    for index in range(100):
        day = start + datetime.timedelta(days=index // 4)
        payer = rng.choice(PAYERS)
        if index < 80:  # a valid code, usually with a small bank fee
            reference = code(rng)
            expected = rng.choice(AMOUNTS)
            gifts[reference] = expected
            received = expected - (rng.choice([0, 0, 0, 50, 100, 150]) * expected // 5000)
            kind = "code"
            text = noisy(rng, reference)
            if index % 27 == 26:  # paid only part of it: a person decides
                received = expected // 2
                kind = "partial"
            if index % 40 == 39:  # two gifts in one transfer: ambiguous
                other = code(rng)
                gifts[other] = expected
                text = f"{reference} and {other}"
                kind = "two codes"
            out.append(((day, received, "USD", text, payer), reference, kind))
        elif index < 88:  # no code at all
            text = rng.choice(["Donation", "تبرع للحملة", "Gift for the bags", ""])
            out.append(((day, rng.choice(AMOUNTS), "USD", text, payer), None, "no code"))
        elif index < 94:  # a mistyped code: unknown
            text = f"Donation {code(rng)}"
            out.append(((day, rng.choice(AMOUNTS), "USD", text, payer), None, "unknown code"))
        elif index < 98:  # monthly dues: two identical lines on one day
            out.append(((day, 1500, "USD", "Monthly dues", "Standing order"), None, "dues"))
        else:
            out.append(((day, 3000, "EUR", "Gift from Berlin", payer), None, "other currency"))
    return out, gifts


def money(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def write_csv(rows) -> None:
    out = ["Booking date;Amount;Currency;Description;Payer name"]
    for index, ((day, cents, currency, text, payer), _code, _kind) in enumerate(rows):
        date = day.strftime("%d/%m/%Y") if index % 2 else day.isoformat()
        out.append(f'{date};"{money(cents)}";{currency};"{text}";"{payer}"')
        if index % 25 == 10:  # the bank's own charges: money out, skipped
            out.append(f"{day.isoformat()};-4.50;USD;ACCOUNT FEE;")
    (HERE / "bank_statement.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


def write_camt(rows) -> None:
    entries = []
    for index, ((day, cents, currency, text, payer), _code, _kind) in enumerate(rows):
        entries.append(_entry(day, cents, currency, "CRDT", text, payer))
        if index % 25 == 10:
            entries.append(_entry(day, 450, "USD", "DBIT", "ACCOUNT FEE", ""))
    body = "".join(entries)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>FICTIONAL-2026-09</MsgId><CreDtTm>2026-10-01T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>FICTIONAL-STMT-9</Id>
      <Acct><Id><IBAN>SE0000000000000000000000</IBAN></Id></Acct>
{body}    </Stmt>
  </BkToCstmrStmt>
</Document>
"""
    (HERE / "bank_statement_camt053.xml").write_text(xml, encoding="utf-8")


def _entry(day, cents, currency, direction, text, payer) -> str:
    party = f"<RltdPties><Dbtr><Nm>{escape(payer)}</Nm></Dbtr></RltdPties>" if payer else ""
    return f"""      <Ntry>
        <Amt Ccy="{currency}">{cents // 100}.{cents % 100:02d}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{day.isoformat()}</Dt></ValDt>
        <NtryDtls><TxDtls>{party}<RmtInf><Ustrd>{escape(text)}</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
"""


def main() -> None:
    csv_rows, csv_gifts = lines(seed=15)
    camt_rows, camt_gifts = lines(seed=53)
    write_csv(csv_rows)
    write_camt(camt_rows)
    manifest = {
        name: {
            "gifts": gifts,
            "lines_with_valid_code": sum(1 for _line, reference, _kind in rows if reference),
            "kinds": [kind for _line, _reference, kind in rows],
        }
        for name, rows, gifts in (
            ("csv", csv_rows, csv_gifts),
            ("camt053", camt_rows, camt_gifts),
        )
    }
    (HERE / "bank_statements.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
