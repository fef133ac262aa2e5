"""What the import commands share: the errors of a refused file on the standard error,
without a traceback."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import ImportFailed
from .progress import ProgressBar


def command_failed(stderr, messages: list[str]):
    """Write every error of a refused import to the command's standard error; return the
    CommandError to raise (no traceback: the errors say what to correct)."""
    for message in messages:
        stderr.write(message)
    return CommandError(_("Nothing was imported: correct the file and run again."))


def command_read_error(file, error: OSError):
    return CommandError(
        _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
    )


def command_import(command, run, *, label=None):
    """Run ``run(progress)`` (a CSV import) with a progress bar on the command's standard
    error, then print its summary; a refused file is a CommandError listing its errors."""
    bar = ProgressBar(command.stderr, label)
    try:
        summary = run(bar)
    except ImportFailed as failure:
        bar.finish()
        raise command_failed(command.stderr, failure.messages) from None
    bar.finish()
    command.stdout.write(
        ngettext(
            "%(rows)d row read (%(encoding)s).",
            "%(rows)d rows read (%(encoding)s).",
            summary.rows,
        )
        % {"rows": summary.rows, "encoding": summary.encoding}
    )
    for name, count in summary.items():
        command.stdout.write(f"{name}: {count}")
    if summary.dry_run:
        command.stdout.write(_("Dry run: nothing was written."))
    else:
        command.stdout.write(command.style.SUCCESS(_("Imported.")))
    return summary


def add_import_arguments(parser) -> None:
    """The options every import command has: a dry run, and the language of its report."""
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help="language of the report and the errors",
    )
