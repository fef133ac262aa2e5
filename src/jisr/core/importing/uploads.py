"""The staff's upload of a file to import: it waits between the dry run and the
confirmation, and the form that takes it."""

import os
import re
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.storage import NO_ROOM, no_room_error

from .errors import ImportFailed, RowError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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

    def path(self, token: str | None) -> Path | None:
        """Return the stored file's path, for a token this code generated and nothing else."""
        if token is None or not _TOKEN.fullmatch(token):
            return None
        return self.file(token)

    def file(self, token: str) -> Path:
        """The path of the file of a token ``store`` generated."""
        return self.folder() / f"{self.prefix}{token}.csv"

    def store(self, upload) -> str:
        """Keep the upload; a full disk is an ImportFailed that leaves no partial file."""
        token = secrets.token_hex(16)
        path = None
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

    def discard(self, token: str | None) -> None:
        path = self.path(token)
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
    ``max_size`` bytes, with the help text of the formats (``file_help``)."""

    kinds: dict = {}
    max_size: int
    file_help: "StrOrPromise" = ""
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=())
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(self.kinds.items())
        self.fields["file"].help_text = self.file_help
        self.fields["file"].widget.attrs["accept"] = ".csv,.txt,text/csv,text/plain"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s is allowed.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)}
            )
        return upload


def file_formats(importers: dict) -> list[dict]:
    """Each kind's label and its required and optional columns, for the upload page."""
    return [
        {
            "label": importer.label,
            "required": [c for c, required in importer.columns.items() if required],
            "optional": [c for c, required in importer.columns.items() if not required],
        }
        for importer in importers.values()
    ]
