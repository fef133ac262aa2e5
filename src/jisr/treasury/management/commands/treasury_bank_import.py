"""jisr manage treasury_bank_import FILE [--format csv|camt053] [--account LABEL] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from jisr.core.importing import add_import_arguments, command_import, command_read_error
from jisr.treasury.bank_import import statement_import

ACTOR = "system:command-line"
FORMATS = {"csv": "bank_csv", "camt053": "bank_camt053"}


class Command(BaseCommand):
    help = (
        "Import a bank statement (CSV or CAMT.053 XML; layout in docs/treasury.md) and match "
        "its lines to pending contributions by their reference codes. A line already imported "
        "is not added again; nothing is written unless every line is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=list(FORMATS), help="default: camt053 for .xml, else csv"
        )
        parser.add_argument("--account", default="", help="the account's label (an IBAN)")
        add_import_arguments(parser)

    def handle(self, *args, file, format, account, dry_run, language, **options):
        format = format or ("camt053" if file.suffix.lower() == ".xml" else "csv")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise command_read_error(file, error) from None
        with translation.override(language):
            command_import(
                self,
                lambda progress: statement_import(
                    FORMATS[format],
                    data,
                    actor=ACTOR,
                    account=account,
                    dry_run=dry_run,
                    file_name=file.name,
                ),
            )
