from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jisr.treasury.services.accounts import annual_export


class Command(BaseCommand):
    help = (
        "Write the accountant's annual export (a ZIP: ledger slice, receipts index, expenses "
        "with approvals, transfers to the centre, summary PDFs, SHA-256 manifest) for --year "
        "to --output. The export is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="the ZIP file to write")

    def handle(self, *args, year, output, **options):
        try:
            content = annual_export(actor="system:command-line", year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        Path(output).write_bytes(content)
        self.stdout.write(f"{output}: {len(content)} bytes")
