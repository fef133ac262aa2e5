"""jisr manage popolo_import FILE [--dry-run] [--merge-same-names]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext

from jisr.core.importing import (
    ProgressBar,
    add_import_arguments,
    command_failed,
    command_read_error,
    too_big,
)
from jisr.parliament.popolo import MAX_BYTES, PopoloImporter, PopoloImportError

ACTOR = "system:command-line"
MAX_ERRORS = 200


def _step(done: int, total: int) -> str:
    return f"{done}/{total}"


class Command(BaseCommand):
    help = (
        "Import representatives, parties, terms and memberships from a Popolo JSON file "
        "(docs/popolo.md). Nothing is written unless the whole file is valid; importing "
        "the same file again changes nothing. FILE - reads the standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Popolo JSON file, or - for the standard input")
        parser.add_argument(
            "--merge-same-names",
            action="store_true",
            help="treat a new person whose name folds to the name of one person already "
            "recorded (never a fictional one) as that person, instead of stopping",
        )
        add_import_arguments(parser)

    def handle(self, *args, file, dry_run, merge_same_names, language, **options):
        with translation.override(language):
            self._import(file, dry_run=dry_run, merge_same_names=merge_same_names)

    def _import(self, file: str, *, dry_run: bool, merge_same_names: bool) -> None:
        try:
            if file == "-":
                data = sys.stdin.buffer.read(MAX_BYTES + 1)
            else:
                size = Path(file).stat().st_size
                if size > MAX_BYTES:  # refused before it is read into memory
                    raise command_failed(self.stderr, too_big(size, MAX_BYTES).messages)
                data = Path(file).read_bytes()
        except OSError as error:
            raise command_read_error(file, error) from None
        bar = ProgressBar(self.stderr, _step)
        importer = PopoloImporter(merge_same_names=merge_same_names)
        try:
            summary = importer.run(
                data,
                actor=ACTOR,
                dry_run=dry_run,
                progress=bar,
                file_name="stdin" if file == "-" else Path(file).name,
            )
        except PopoloImportError as failure:
            bar.finish()
            messages = [f"- {message}" for message in failure.errors[:MAX_ERRORS]]
            more = len(failure.errors) - MAX_ERRORS
            if more > 0:
                messages.append(
                    ngettext("… and %(count)d more error.", "… and %(count)d more errors.", more)
                    % {"count": more}
                )
            raise command_failed(self.stderr, messages) from None
        bar.finish()
        self.stdout.write(str(summary))
