"""The staff's upload of a file to import: it waits between the dry run and the
confirmation, and the form that takes it."""

import datetime
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.storage import save_file

from .errors import ImportFailed, RowError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Files left behind by imports that were never confirmed nor cancelled.
STALE_AFTER = 24 * 60 * 60
_TOKEN = re.compile(r"[0-9a-f]{32}")


class UploadStore:
    """An uploaded file waits in the site's storage (``imports/`` of the default storage:
    MEDIA_ROOT, or a shared volume or object store when several app servers run, so the
    confirmation may reach another server than the upload) with a random name kept in the
    session (under ``session_key``), and is deleted once the import is confirmed, cancelled
    or refused; files older than a day are swept away by the next upload."""

    FOLDER = "imports"

    def __init__(self, *, prefix: str, session_key: str):
        self.prefix = prefix
        self.session_key = session_key

    def name(self, token: str | None) -> str | None:
        """The stored file's name, for a token this code generated and nothing else."""
        if token is None or not _TOKEN.fullmatch(token):
            return None
        return f"{self.FOLDER}/{self.prefix}{token}.csv"

    def store(self, upload) -> str:
        """Keep the upload; a full disk is an ImportFailed that leaves no partial file."""
        token = secrets.token_hex(16)
        self.sweep()
        try:
            save_file(default_storage, cast(str, self.name(token)), upload)
        except ValidationError as error:  # no room: nothing was left behind
            raise ImportFailed([RowError(None, "", error.messages[0])]) from error
        return token

    @contextmanager
    def local_copy(self, token: str) -> Iterator[Path]:
        """The stored file as a path on this machine's disk, for the importers: the file
        itself on a disk storage, else a temporary copy removed afterwards."""
        name = cast(str, self.name(token))
        try:
            local: Path | None = Path(default_storage.path(name))
        except NotImplementedError:  # an object store: no local path
            local = None
        if local is not None and local.is_file():
            yield local
            return
        with tempfile.NamedTemporaryFile(suffix=".csv") as copy:
            with default_storage.open(name, "rb") as stored:
                shutil.copyfileobj(stored, copy)
            copy.flush()
            yield Path(copy.name)

    def discard(self, token: str | None) -> None:
        name = self.name(token)
        if name is not None:
            default_storage.delete(name)

    def sweep(self) -> None:
        cutoff = timezone.now() - datetime.timedelta(seconds=STALE_AFTER)
        try:
            _folders, files = default_storage.listdir(self.FOLDER)
        except FileNotFoundError:
            return
        for file in files:
            if not (file.startswith(self.prefix) and file.endswith(".csv")):
                continue
            name = f"{self.FOLDER}/{file}"
            with suppress(OSError):
                if default_storage.get_modified_time(name) < cutoff:
                    default_storage.delete(name)

    def pending(self, request) -> tuple[dict | None, str | None]:
        """Return what the session keeps of the waiting import and its file's token (None,
        None when there is none, or its file is gone)."""
        pending = request.session.get(self.session_key)
        token = pending.get("token", "") if pending else None
        name = self.name(token)
        if name is None or not default_storage.exists(name):
            return None, None
        return pending, token

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
