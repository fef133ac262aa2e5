"""What the import commands share: the errors of a refused file on the standard error,
without a traceback."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


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
