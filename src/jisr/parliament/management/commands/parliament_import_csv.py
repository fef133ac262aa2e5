"""jisr manage parliament_import_csv {votes|attendance|activities} FILE [--dry-run]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.parliament.csv_import import DEFAULT_SCHEME, IMPORTERS, ImportFailed, csv_import

ACTOR = "system:command-line"
BAR_WIDTH = 30


class ProgressBar:
    """A bar redrawn in place on a terminal; on a log file, one line every tenth."""

    def __init__(self, stream):
        self.stream = stream
        self.terminal = hasattr(stream, "isatty") and stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown or (not self.terminal and percent // 10 == self.shown // 10):
            return
        self.shown = percent
        # Checking is the first half of the work, writing the second.
        step = _("checking") if 2 * done <= total and percent < 100 else _("writing")
        if self.terminal:
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}% {step}", ending="")
            self.stream.flush()
        else:
            self.stream.write(f"{percent:3d}% {step}")

    def finish(self) -> None:
        if self.terminal and self.shown >= 0:
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import parliamentary votes, attendance or activities from a CSV file "
        "(columns: docs/parliament-csv.md). Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--scheme",
            default=DEFAULT_SCHEME,
            help=f"identifier scheme of the person column (default: {DEFAULT_SCHEME})",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the report and the errors",
        )

    def handle(self, *args, kind, file, dry_run, scheme, language, **options):
        with translation.override(language):
            self._import(kind, file, dry_run=dry_run, scheme=scheme)

    def _import(self, kind: str, file: Path, *, dry_run: bool, scheme: str) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        bar = ProgressBar(self.stderr)
        try:
            summary = csv_import(
                kind, data, actor=ACTOR, dry_run=dry_run, scheme=scheme, progress=bar
            )
        except ImportFailed as failure:
            bar.finish()
            for message in failure.messages:
                self.stderr.write(message)
            raise CommandError(_("Nothing was imported: correct the file and run again.")) from None
        bar.finish()
        self.stdout.write(
            ngettext(
                "%(rows)d row read (%(encoding)s).",
                "%(rows)d rows read (%(encoding)s).",
                summary.rows,
            )
            % {"rows": summary.rows, "encoding": summary.encoding}
        )
        for label, count in summary.items():
            self.stdout.write(f"{label}: {count}")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
