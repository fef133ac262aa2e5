import datetime as dt

from django.core.management.base import BaseCommand

from jisr.api.opendata import prune, write_dump


class Command(BaseCommand):
    help = (
        "Write today's open-data dump (CSV, JSON, Popolo, SHA256SUMS, licence and a zip) of "
        "every public record under JISR_DATA_DIR/opendata/, and keep the last "
        "JISR_OPENDATA_KEEP dumps. The same data gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", type=dt.date.fromisoformat, help="the dump's day (YYYY-MM-DD)")

    def handle(self, *args, day=None, **options):
        folder = write_dump(day)
        removed = prune()
        self.stdout.write(f"Open-data dump written to {folder}; {removed} old dump(s) removed.")
