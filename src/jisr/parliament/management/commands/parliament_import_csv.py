"""jisr manage parliament_import_csv {votes|attendance|activities} FILE [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.core.importing import (
    add_import_arguments,
    command_failed,
    command_import,
    command_read_error,
)
from jisr.parliament.csv_import import (
    DEFAULT_SCHEME,
    IMPORTERS,
    MAX_BYTES,
    csv_import,
    too_big,
)

ACTOR = "system:command-line"


def _step(done: int, total: int) -> str:
    # Checking is the first half of the work, writing the second.
    return _("checking") if 2 * done <= total and done < total else _("writing")


class Command(BaseCommand):
    help = (
        "Import parliamentary votes, attendance or activities from a CSV file "
        "(columns: docs/parliament-csv.md). Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--scheme",
            default=DEFAULT_SCHEME,
            help=f"identifier scheme of the person column (default: {DEFAULT_SCHEME})",
        )
        add_import_arguments(parser)

    def handle(self, *args, kind, file, dry_run, scheme, language, **options):
        with translation.override(language):
            self._import(kind, file, dry_run=dry_run, scheme=scheme)

    def _import(self, kind: str, file: Path, *, dry_run: bool, scheme: str) -> None:
        try:
            size = file.stat().st_size
            if size > MAX_BYTES:  # refused before it is read into memory
                raise command_failed(self.stderr, too_big(size, MAX_BYTES).messages)
            data = file.read_bytes()
        except OSError as error:
            raise command_read_error(file, error) from None
        command_import(
            self,
            lambda progress: csv_import(
                kind,
                data,
                actor=ACTOR,
                dry_run=dry_run,
                scheme=scheme,
                progress=progress,
                file_name=file.name,
            ),
            label=_step,
        )
