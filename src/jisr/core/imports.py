"""What every importer shares (parliament CSV, Popolo JSON, election CSV): reading a file's
bytes as text, errors that name the line and the column, the progress bar of the import
commands, and the uploaded file that waits between the dry run and the confirmation.
"""

import csv
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django import forms
from django.conf import settings
from django.core.management.base import CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jisr.core.lists import join_list
from jisr.core.storage import NO_ROOM, no_room_error
from jisr.core.text.decoding import DecodeFailed, TextSource, decode

__all__ = [
    "DecodeFailed",
    "ImportFailed",
    "ProgressBar",
    "RowError",
    "TextSource",
    "UploadForm",
    "UploadStore",
    "csv_failure",
    "decode_failure",
    "file_formats",
    "read_text",
    "shorten",
    "too_big",
    "too_many_rows",
]


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


def map_columns(cells, columns: dict, lookup: dict, *, clean, fold, error):
    """Where each known column of a header row stands, and how the file names it.
    Unknown, repeated and missing required columns are reported with ``error`` (line 1)."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(cells):
        label = clean(cell)
        if not label:
            continue
        code = lookup.get(fold(label))
        if code is None:
            error(
                1,
                label,
                _("Unknown column. The columns of this format are: %(columns)s.")
                % {"columns": join_list(columns)},
            )
        elif code in positions:
            error(1, label, _("This column appears twice."))
        else:
            positions[code] = index
            labels[code] = label
    for code, required in columns.items():
        if required and code not in positions:
            error(1, code, _("This required column is missing."))
    return positions, labels


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


# --- The commands' progress bar -------------------------------------------------------------

BAR_WIDTH = 30


class ProgressBar:
    """A bar redrawn in place on a terminal; on a log file, one line every tenth.
    ``label(done, total)`` names the step being done."""

    def __init__(self, stream, label=None):
        self.stream = stream
        self.label = label or (lambda done, total: "")
        self.terminal = hasattr(stream, "isatty") and stream.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(100 * done // total, 100) if total else 100
        if percent == self.shown or (not self.terminal and percent // 10 == self.shown // 10):
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        line = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% {self.label(done, total)}"
        )
        if self.terminal:
            self.stream.write(f"\r{line}", ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def finish(self) -> None:
        if self.terminal and self.shown >= 0:
            self.stream.write("")
            self.stream.flush()


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


# --- The uploaded file, between the dry run and the confirmation ----------------------------

# Files left behind by imports that were never confirmed nor cancelled.
STALE_AFTER = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


class UploadStore:
    """An uploaded file waits under MEDIA_ROOT/imports/ with a random name kept in the
    session (under ``session_key``), and is deleted once the import is confirmed,
    cancelled or refused; files older than a day are swept away by the next upload."""

    def __init__(self, *, prefix: str, session_key: str):
        self.prefix = prefix
        self.session_key = session_key

    @staticmethod
    def folder() -> Path:
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def path(self, token: str) -> Path | None:
        """Return the stored file's path, for a token this code generated and nothing else."""
        if not _TOKEN.fullmatch(token or ""):
            return None
        return self.folder() / f"{self.prefix}{token}.csv"

    def store(self, upload) -> str:
        """Keep the upload; a full disk is an ImportFailed that leaves no partial file."""
        token = secrets.token_hex(16)
        path: Path | None = None
        try:
            self.sweep()
            path = self.file(token)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        except OSError as error:
            if path is not None:
                path.unlink(missing_ok=True)
            if error.errno not in NO_ROOM:
                raise
            raise ImportFailed([RowError(None, "", no_room_error().messages[0])]) from error
        return token

    def file(self, token: str) -> Path:
        """The stored file of a token that ``store`` returned."""
        path = self.path(token)
        if path is None:
            raise ValueError(f"Not a token of this store: {token!r}")
        return path

    def discard(self, token: str | None) -> None:
        path = self.path(token or "")
        if path is not None:
            path.unlink(missing_ok=True)

    def sweep(self) -> None:
        cutoff = time.time() - STALE_AFTER
        for path in self.folder().glob(f"{self.prefix}*.csv"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                pass

    def pending(self, request) -> tuple[dict | None, Path | None]:
        """Return what the session keeps of the waiting import and its file (None, None
        when there is none, or its file is gone)."""
        pending = request.session.get(self.session_key)
        path = self.path(pending.get("token", "")) if pending else None
        if path is None or not path.exists():
            return None, None
        return pending, path

    def keep(self, request, token: str, **details) -> None:
        request.session[self.session_key] = {"token": token, **details}

    def forget(self, request) -> None:
        pending = request.session.pop(self.session_key, None)
        if pending:
            self.discard(pending.get("token", ""))


class UploadForm(forms.Form):
    """A staff upload: which kind of file (``kinds``: {kind: label}), and the file, at most
    ``max_size`` bytes. Subclasses declare ``file`` with the help text of their formats."""

    kinds: dict = {}
    max_size: int
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(self.kinds.items())
        self.fields["file"].widget.attrs["accept"] = ".csv,.txt,text/csv,text/plain"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s is allowed.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)}
            )
        return upload


def file_formats(importers: dict, labels: dict) -> list[dict]:
    """Each kind's label and its required and optional columns, for the upload page."""
    return [
        {
            "label": labels[kind],
            "required": [c for c, required in importer.columns.items() if required],
            "optional": [c for c, required in importer.columns.items() if not required],
        }
        for kind, importer in importers.items()
    ]
