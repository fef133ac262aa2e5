import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from jisr.api.opendata import dumps, prune, write_dump


class Command(BaseCommand):
    help = (
        "Write today's open-data dump (CSV, JSON, Popolo, SHA256SUMS, licence and a zip) of "
        "every public record under JISR_DATA_DIR/opendata/, and keep the last "
        "JISR_OPENDATA_KEEP dumps. The same data gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", type=dt.date.fromisoformat, help="the dump's day (YYYY-MM-DD)")
        parser.add_argument(
            "--force", action="store_true", help="write the day's dump again if it exists"
        )

    def handle(self, *args, day=None, force=False, **options):
        day = day or timezone.localdate()
        if day.isoformat() in dumps() and not force:
            # The worker's clock runs this at every start: one dump a day is enough.
            self.stdout.write(f"The open-data dump of {day} is already written.")
            return
        folder = write_dump(day)
        removed = prune()
        self.stdout.write(f"Open-data dump written to {folder}; {removed} old dump(s) removed.")
