"""Staff pages to import a CSV file of votes, attendance or activities: upload, read the
dry run's summary, confirm (the steps: ``core.importing.ImportFlow``)."""

from pathlib import Path
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jisr.accounts.models import User
from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.importing import ImportFlow, ImportSummary, UploadForm, UploadStore

from .csv_import import DEFAULT_SCHEME, IMPORTERS, KIND_LABELS, csv_import

MAX_UPLOAD_SIZE = 20 * 1024 * 1024
SESSION_KEY = "parliament_csv_import"
UPLOADS = UploadStore(prefix="", session_key=SESSION_KEY)


class ImportUploadForm(UploadForm):
    kinds = KIND_LABELS
    max_size = MAX_UPLOAD_SIZE
    file_help = gettext_lazy(
        "UTF-8, UTF-16 or Windows-1256; columns separated by commas, semicolons or tabs; "
        "at most 20 MB."
    )
    scheme = forms.CharField(
        label=gettext_lazy("Identifier scheme of the person column"),
        initial=DEFAULT_SCHEME,
        max_length=100,
        help_text=gettext_lazy(
            "A person is found by their identifier in this scheme, otherwise by their name."
        ),
    )


class ParliamentImport(ImportFlow):
    importers = IMPORTERS
    form_class = ImportUploadForm
    uploads = UPLOADS
    base_template = "parliament/staff/base.html"
    title = gettext_lazy("Import parliamentary records")
    intro = gettext_lazy(
        "Upload a CSV file of votes, attendance or activities. It is checked first: you will "
        "see what it would change, and nothing is written until you confirm."
    )
    columns_note = gettext_lazy(
        "The first line names the columns, in English or in Arabic. Dates are written "
        "YYYY-MM-DD or DD/MM/YYYY, in any digits."
    )
    upload_url = "parliament_staff:import_upload"
    confirm_url = "parliament_staff:import_confirm"

    def run(
        self,
        scope: dict[str, Any],
        kind: str,
        path: Path,
        actor: User,
        *,
        dry_run: bool,
        file_name: str,
        scheme: str = DEFAULT_SCHEME,
    ) -> ImportSummary:
        return csv_import(
            kind,
            path.read_bytes(),
            actor=actor,
            dry_run=dry_run,
            scheme=scheme,
            file_name=file_name,
        )

    def options(self, data):
        return {"scheme": data["scheme"]}

    def done_links(self, scope):
        return [(reverse(self.upload_url), gettext_lazy("Import another file"))]


FLOW = ParliamentImport()


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def upload(request):
    """Check the uploaded file with a dry run; keep it for the confirmation if it is valid."""
    return FLOW.upload(request)


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def confirm(request):
    """Show what the import will change; on confirmation, import the same file for real."""
    return FLOW.confirm(request)
