"""Reading bank statements through the import framework (``jisr.core.importing``): a CSV
file of a documented layout, or an ISO 20022 CAMT.053 XML file. Both give the same rows
(booked on, amount, currency, the bank's text, the payer), checked the same way; every
error names its line and field, and nothing is written unless every line is valid. The
writes are one service, ``services.bank.bank_statement_import``; a dry run rolls it back.
"""

import hashlib
import re
from collections import Counter
from xml.parsers import expat

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import (
    CsvImporter,
    ImportFailed,
    ImportSummary,
    Row,
    RowError,
    read_text,
    too_big,
    too_many_rows,
    writing,
)
from jisr.core.lists import join_list
from jisr.core.text.digits import to_ascii_digits

from .models import Currency, StatementFormat
from .money import AmountError, to_minor
from .services.bank import StatementLine, bank_statement_import

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


class BankRow(Row):
    __slots__ = ()

    def currency(self) -> str | None:
        value = self.text("currency", required=True).upper()
        if value and value not in Currency.values:
            self.error(
                "currency",
                _("“%(value)s” is not a currency the treasury keeps: use one of %(choices)s.")
                % {"value": value, "choices": join_list(Currency.values)},
            )
            return None
        return value or None

    def amount(self, currency: str | None) -> int | None:
        """The signed amount in minor units (money out is negative)."""
        value = self.text("amount", required=True)
        if not value or currency is None:
            return None
        plain = to_ascii_digits(value).replace(" ", "").replace("\u00a0", "").replace("'", "")
        try:
            if not _NUMBER.fullmatch(plain):
                raise AmountError(plain)
            amount = to_minor(plain.replace(",", ""), currency)
        except AmountError:
            self.error(
                "amount",
                _(
                    "“%(value)s” is not an amount of %(currency)s. Write it with a decimal "
                    "point, for example 1250.50 (at most the currency's decimals)."
                )
                % {"value": value[:50], "currency": currency},
            )
            return None
        if amount == 0:
            self.error("amount", _("The amount is zero; a bank line moves money."))
            return None
        return amount


class BankImporter(CsvImporter[BankRow]):
    """What both formats share: checking a row, and the one write."""

    row_class = BankRow
    text_limit = 500
    format = ""
    # New lines are either matched or left for a person: the two add up to the lines added
    # (what the list of import runs counts as changes).
    counts = {
        "bank_matched": gettext_lazy("New lines matched automatically by reference code"),
        "bank_unmatched": gettext_lazy("New lines left to match by hand"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }

    def __init__(self, *, actor, account: str = "", progress=None):
        super().__init__(actor=actor, progress=progress)
        self.account = account
        self.lines: list[StatementLine] = []
        self.rows = 0

    def check_row(self, row: BankRow) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise too_many_rows(MAX_ROWS)
        booked_on = row.date("booked_on")
        currency = row.currency()
        amount = row.amount(currency)
        text = row.text("text")
        payer = row.text("payer", max_length=200)
        if row.failed or amount is None or amount < 0:  # money out is not the treasury's here
            return
        assert booked_on is not None and currency is not None
        self.lines.append(StatementLine(row.line, booked_on, amount, currency, text, payer))

    def finish(self, data: bytes, *, encoding: str, dry_run: bool, file_name: str):
        self.check_end()
        self.fail_if_errors()
        if not self.rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        counts = self.empty_counts()
        with writing(dry_run=dry_run):
            done = self.call(
                None,
                bank_statement_import,
                sha256=hashlib.sha256(data).hexdigest(),
                format=self.format,
                account=self.account,
                file_name=file_name,
                lines=self.lines,
            )
            counts.update(
                bank_matched=done["matched"],
                bank_unmatched=done["unmatched"],
                unchanged=done["known"],
            )
        return self.summary(counts, encoding=encoding, rows=self.rows, dry_run=dry_run)

    def recorded_run(self, data, *, dry_run: bool, file_name: str = "", **options):
        if len(data) > MAX_BYTES:
            raise too_big(len(data), MAX_BYTES)
        return super().recorded_run(data, dry_run=dry_run, file_name=file_name, **options)


class CsvStatementImporter(BankImporter):
    kind = "bank_csv"
    label = StatementFormat.CSV.label
    format = StatementFormat.CSV
    columns = {"booked_on": True, "amount": True, "currency": True, "text": False, "payer": False}
    aliases = {
        "booked_on": ("تاريخ القيد", "التاريخ", "date", "booking date", "value date"),
        "amount": ("المبلغ", "credit", "amount received"),
        "currency": ("العملة", "ccy"),
        "text": ("البيان", "الوصف", "reference", "description", "purpose", "details"),
        "payer": ("اسم الدافع", "المرسل", "payer name", "name", "sender"),
    }

    def run(self, data: bytes, *, dry_run: bool = False, file_name: str = "") -> ImportSummary:
        text, encoding = read_text(data)
        header, _newline, body = text.partition("\n")
        self.read_header(header)
        self.fail_if_errors()
        for row in self.iter_rows(body.splitlines(keepends=True)):
            self.check_row(row)
        return self.finish(data, encoding=encoding, dry_run=dry_run, file_name=file_name)


# --- CAMT.053 ---------------------------------------------------------------------------------


class Node:
    """An XML element as the importer needs it: its local name, attributes, text,
    children and the line it starts on."""

    __slots__ = ("attrs", "children", "line", "name", "text")

    def __init__(self, name: str, attrs: dict, line: int):
        self.name, self.attrs, self.line = name, attrs, line
        self.children: list[Node] = []
        self.text = ""

    def find(self, path: str) -> "Node | None":
        node: Node | None = self
        for step in path.split("/"):
            node = next((c for c in node.children if c.name == step), None) if node else None
        return node

    def all(self, path: str) -> list["Node"]:
        *parents, last = path.split("/")
        node = self.find("/".join(parents)) if parents else self
        return [c for c in node.children if c.name == last] if node else []

    def value(self, path: str) -> str:
        node = self.find(path)
        return node.text.strip() if node else ""


class _Refused(Exception):
    pass


def _refuse(*args):
    raise _Refused


def parse_xml(data: bytes) -> Node:
    """Parse with the standard library's expat, refusing any DOCTYPE or ENTITY (no entity
    expansion, no external fetch: no XML bomb), with each element's line."""
    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        raise ImportFailed([RowError(None, "", _doctype_message())])
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    root = Node("", {}, 0)
    stack = [root]

    def start(name, attrs):
        node = Node(name.rpartition(" ")[2], attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(name):
        stack.pop()

    def text(data):
        stack[-1].text += data

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ImportFailed([RowError(None, "", _doctype_message())]) from None
    except expat.ExpatError as error:
        raise ImportFailed(
            [
                RowError(
                    error.lineno,
                    "",
                    _("This is not well-formed XML (%(reason)s).")
                    % {"reason": expat.ErrorString(error.code)},
                )
            ]
        ) from None
    return root


def _doctype_message() -> str:
    return _(
        "The file declares a DOCTYPE or an ENTITY, which a bank statement never needs; "
        "it is refused unread. Export the statement again from the bank."
    )


class CamtStatementImporter(BankImporter):
    """ISO 20022 ``BkToCstmrStmt/Stmt/Ntry``: the credit entries (``CdtDbtInd`` CRDT)."""

    kind = "bank_camt053"
    label = StatementFormat.CAMT053.label
    format = StatementFormat.CAMT053
    columns = {
        "Ntry/BookgDt/Dt": True,
        "Ntry/Amt (Ccy)": True,
        "Ntry/CdtDbtInd": True,
        "RmtInf/Ustrd": False,
        "RltdPties/Dbtr/Nm": False,
    }
    places = {
        "booked_on": "BookgDt/Dt",
        "amount": "Amt",
        "currency": "Amt/@Ccy",
        "text": "RmtInf/Ustrd",
        "payer": "Dbtr/Nm",
    }

    def run(self, data: bytes, *, dry_run: bool = False, file_name: str = "") -> ImportSummary:
        root = parse_xml(data)
        document = root.find("Document/BkToCstmrStmt")
        if document is None:
            raise ImportFailed(
                [
                    RowError(
                        None,
                        "",
                        _(
                            "This XML file is not a CAMT.053 bank statement: it has no "
                            "Document/BkToCstmrStmt."
                        ),
                    )
                ]
            )
        self.labels.update(self.places)
        accounts: Counter[str] = Counter()
        for statement in document.all("Stmt"):
            account = statement.value("Acct/Id/IBAN") or statement.value("Acct/Id/Othr/Id")
            for entry in statement.all("Ntry"):
                accounts[account] += 1
                if entry.value("CdtDbtInd") != "CRDT":
                    self.rows += 1
                    continue
                self.check_row(self.entry_row(entry))
        if not self.account and accounts:
            self.account = accounts.most_common(1)[0][0]
        return self.finish(data, encoding="UTF-8", dry_run=dry_run, file_name=file_name)

    def entry_row(self, entry: Node) -> BankRow:
        amount = entry.find("Amt")
        details = entry.all("NtryDtls/TxDtls")
        texts = [entry.value("AddtlNtryInf")] if entry.value("AddtlNtryInf") else []
        payer = ""
        for detail in details:
            texts += [n.text.strip() for n in detail.all("RmtInf/Ustrd")]
            texts += [detail.value("RmtInf/Strd/CdtrRefInf/Ref")]
            payer = (
                payer or detail.value("RltdPties/Dbtr/Nm") or detail.value("RltdPties/Dbtr/Pty/Nm")
            )
        booked = entry.value("BookgDt/Dt") or entry.value("BookgDt/DtTm")[:10]
        return BankRow(
            self,
            entry.line,
            {
                "booked_on": booked,
                "amount": amount.text.strip() if amount else "",
                "currency": amount.attrs.get("Ccy", "") if amount else "",
                "text": " ".join(t for t in texts if t),
                "payer": payer,
            },
        )


IMPORTERS: dict[str, type[BankImporter]] = {
    CsvStatementImporter.kind: CsvStatementImporter,
    CamtStatementImporter.kind: CamtStatementImporter,
}


def statement_import(
    kind: str,
    data: bytes,
    *,
    actor,
    account: str = "",
    dry_run: bool = False,
    file_name: str = "",
) -> ImportSummary:
    """Import a statement's bytes (its run is recorded); raise ImportFailed on any error."""
    importer = IMPORTERS[kind](actor=actor, account=account)
    return importer.recorded_run(data, dry_run=dry_run, file_name=file_name)
