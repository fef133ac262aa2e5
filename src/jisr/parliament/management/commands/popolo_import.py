"""jisr manage popolo_import FILE [--dry-run] [--merge-same-names]"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.parliament.popolo import PopoloImporter, PopoloImportError

ACTOR = "system:command-line"
BAR_WIDTH = 30
MAX_ERRORS = 200


class ProgressBar:
    """A one-line bar on a terminal stream, redrawn only when it grows."""

    def __init__(self, stream):
        self.stream = stream
        self.shown = None

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        if (filled, done == total) == self.shown:
            return
        self.shown = (filled, done == total)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown is not None:
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import representatives, parties, terms and memberships from a Popolo JSON file "
        "(docs/popolo.md). Nothing is written unless the whole file is valid; importing "
        "the same file again changes nothing. FILE - reads the standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Popolo JSON file, or - for the standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, write nothing"
        )
        parser.add_argument(
            "--merge-same-names",
            action="store_true",
            help="treat a new person whose name folds to the name of one person already "
            "recorded (never a fictional one) as that person, instead of stopping",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the report and the errors",
        )

    def handle(self, *args, file, dry_run, merge_same_names, language, **options):
        with translation.override(language):
            self._import(file, dry_run=dry_run, merge_same_names=merge_same_names)

    def _import(self, file: str, *, dry_run: bool, merge_same_names: bool) -> None:
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        bar = ProgressBar(self.stderr)
        importer = PopoloImporter(merge_same_names=merge_same_names)
        try:
            summary = importer.run(data, actor=ACTOR, dry_run=dry_run, progress=bar)
        except PopoloImportError as failure:
            bar.finish()
            for message in failure.errors[:MAX_ERRORS]:
                self.stderr.write(f"- {message}")
            more = len(failure.errors) - MAX_ERRORS
            if more > 0:
                self.stderr.write(
                    ngettext("… and %(count)d more error.", "… and %(count)d more errors.", more)
                    % {"count": more}
                )
            raise CommandError(_("Nothing was imported: correct the file and run again.")) from None
        bar.finish()
        self.stdout.write(str(summary))
