"""Errors of an import: one problem names its line and column; a refused file says every
problem found, in plain translated words (bytes that are not text, a broken quote, a file
too big)."""

import csv
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jisr.core.text.decoding import DecodeFailed, decode


@dataclass(frozen=True)
class RowError:
    """One problem, at a line (1 is the header) and a column as the file names it."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if not self.column:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)d, column “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` says every reason found, and nothing was
    written."""

    def __init__(self, errors: list[RowError], *, more: int = 0):
        self.errors = errors
        self.more = more
        super().__init__("\n".join(str(e) for e in errors))

    @property
    def messages(self) -> list[str]:
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(
                ngettext("… and %(count)d more error.", "… and %(count)d more errors.", self.more)
                % {"count": self.more}
            )
        return lines


MAX_MESSAGE = 1_000


def shorten(message: str) -> str:
    """Cut a message that quotes a huge cell: 200 of them would make a page of megabytes."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


# --- Reading bytes as text ------------------------------------------------------------------

_RESAVE_CSV = gettext_lazy("Save it again as “CSV UTF-8” and retry.")
_RESAVE_TEXT = gettext_lazy("Save it again as UTF-8 text and retry.")

DECODE_MESSAGES: dict[str, Promise] = {
    "not_text": gettext_lazy(
        "The file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet and try again."
    ),
    "utf8_damaged": gettext_lazy(
        "The file is in UTF-8, but this line holds bytes that are not. Save the file again as "
        "“CSV UTF-8” and retry."
    ),
    "not_encoding": gettext_lazy(
        "From this line on the file is not in the encoding it starts in. Save it again as "
        "“CSV UTF-8” and retry."
    ),
    "utf16_broken": gettext_lazy("The file is cut off or damaged in the middle of a character."),
    "truncated": gettext_lazy("The file is cut off or damaged in the middle of a character."),
    "nul": gettext_lazy(
        "This line holds a zero byte (NUL), which text never holds: the file is damaged, or "
        "it is not a text file."
    ),
    "control": gettext_lazy(
        "This line holds an invisible control character (%(char)s), which text never holds: "
        "the file is damaged, or it is not a text file."
    ),
    "line_too_long": gettext_lazy(
        "This line is longer than %(max)d characters: the file has lost its line breaks, or "
        "it is not a CSV file."
    ),
}
# The same, for a file that is not a spreadsheet's (Popolo JSON).
TEXT_MESSAGES: dict[str, Promise] = {
    "not_text": gettext_lazy("The file is not UTF-8 text. Save it as UTF-8 and try again."),
    "utf8_damaged": gettext_lazy(
        "The file is in UTF-8, but this line holds bytes that are not. Save it again as "
        "UTF-8 and retry."
    ),
    "not_encoding": gettext_lazy(
        "From this line on the file is not in the encoding it starts in. Save it again as "
        "UTF-8 and retry."
    ),
}


def decode_message(failure: DecodeFailed, *, spreadsheet: bool = True) -> str:
    messages = DECODE_MESSAGES if spreadsheet else {**DECODE_MESSAGES, **TEXT_MESSAGES}
    return str(messages[failure.key]) % failure.values


def decode_failure(failure: DecodeFailed, *, spreadsheet: bool = True) -> ImportFailed:
    """The ImportFailed that says, in plain words, why the bytes are not text."""
    return ImportFailed(
        [RowError(failure.line, "", decode_message(failure, spreadsheet=spreadsheet))]
    )


def read_text(data: bytes) -> tuple[str, str]:
    """Return the file's text (line breaks as ``\\n``) and the name of its encoding, or raise
    ImportFailed."""
    try:
        return decode(data)
    except DecodeFailed as failure:
        raise decode_failure(failure) from None


def csv_failure(line: int | None, error: csv.Error) -> ImportFailed:
    """The csv module's error (in English, for developers) in plain, translated words."""
    if "field larger than field limit" in str(error):
        message = _(
            "A cell is longer than %(max)d characters: a quote that opens a cell may not be closed."
        ) % {"max": csv.field_size_limit()}
    else:
        message = _("This line cannot be read as CSV: check its quotes.")
    return ImportFailed([RowError(line, "", message)])


def too_many_rows(maximum: int) -> ImportFailed:
    return ImportFailed(
        [
            RowError(
                None,
                "",
                _(
                    "The file has more than %(max)s rows, more than one import may hold. "
                    "Split it into smaller files."
                )
                % {"max": f"{maximum:,}"},
            )
        ]
    )


def too_big(size: int, maximum: int) -> ImportFailed:
    return ImportFailed(
        [
            RowError(
                None,
                "",
                _("The file is %(size)s; at most %(max)s can be imported at once.")
                % {"size": filesizeformat(size), "max": filesizeformat(maximum)},
            )
        ]
    )
