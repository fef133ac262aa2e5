"""jisr manage search_rebuild [--type TYPE …]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jisr.core.importing import ProgressBar
from jisr.search.registry import search_types
from jisr.search.services import rebuild


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
        bar = (
            None if no_progress else ProgressBar(self.stderr, lambda done, total: f"{done}/{total}")
        )
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
