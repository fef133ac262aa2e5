"""jisr manage search_rebuild [--type TYPE …]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jisr.search.registry import search_types
from jisr.search.services import rebuild

BAR_WIDTH = 30


class ProgressBar:
    """A one-line bar, redrawn in place on a terminal when it grows; elsewhere (a log) one
    line per tenth."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.shown = None

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        step = filled if self.tty else filled // (BAR_WIDTH // 10)
        if (step, done == total) == self.shown:
            return
        self.shown = (step, done == total)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        start = "\r" if self.tty else ""
        self.stream.write(f"{start}[{bar}] {done}/{total}", ending="")
        if not self.tty:
            self.stream.write("")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown is not None and self.tty:
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the records, in one transaction (searches use the "
        "old index until the new one is complete). Run it after restoring a backup or "
        "repairing records in the technical admin."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--type",
            action="append",
            dest="types",
            metavar="TYPE",
            help="rebuild only this kind of record (repeatable): " + ", ".join(search_types()),
        )
        parser.add_argument("--no-progress", action="store_true", help="print no progress bar")

    def handle(self, *args, types, no_progress, **options):
        known = search_types()
        unknown = [code for code in types or () if code not in known]
        if unknown:
            raise CommandError(
                _("Unknown kind of record: %(kinds)s. Known kinds: %(known)s.")
                % {"kinds": ", ".join(unknown), "known": ", ".join(known)}
            )
        bar = None if no_progress else ProgressBar(self.stderr)
        start = time.monotonic()
        counts = rebuild(types=types, progress=bar)
        if bar:
            bar.finish()
        for code, count in counts.items():
            self.stdout.write(f"{code}: {count}")
        self.stdout.write(
            _("Search index rebuilt: %(count)s documents in %(seconds).1f s.")
            % {"count": sum(counts.values()), "seconds": time.monotonic() - start}
        )
