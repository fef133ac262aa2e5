"""jisr manage pledges_import FILE [--dry-run] (also ``jisr import pledges FILE``)"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from jisr.core.importing import (
    add_import_arguments,
    command_failed,
    command_import,
    command_read_error,
    too_big,
)
from jisr.pledges.importers import MAX_BYTES, pledges_import

ACTOR = "system:command-line"


class Command(BaseCommand):
    help = (
        "Import pledges from a CSV file into platforms already recorded (columns: "
        "docs/pledges.md). Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        add_import_arguments(parser)

    def handle(self, *args, file, dry_run, language, **options):
        with translation.override(language):
            try:
                size = file.stat().st_size
                if size > MAX_BYTES:
                    raise command_failed(self.stderr, too_big(size, MAX_BYTES).messages)
                data = file.read_bytes()
            except OSError as error:
                raise command_read_error(file, error) from None
            command_import(
                self,
                lambda progress: pledges_import(
                    data, actor=ACTOR, dry_run=dry_run, progress=progress, file_name=file.name
                ),
            )
