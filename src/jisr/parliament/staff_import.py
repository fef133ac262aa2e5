"""Staff pages to import a CSV file: upload, read the dry run's summary, confirm.

The uploaded file waits under MEDIA_ROOT/imports/ with a random name kept in the
session, and is deleted once the import is confirmed, cancelled or refused.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.importing import UploadForm, UploadStore, file_formats

from .csv_import import (
    DEFAULT_SCHEME,
    IMPORTERS,
    KIND_LABELS,
    ImportFailed,
    ImportSummary,
    csv_import,
)

MAX_UPLOAD_SIZE = 20 * 1024 * 1024
SESSION_KEY = "parliament_csv_import"
UPLOADS = UploadStore(prefix="", session_key=SESSION_KEY)


class ImportUploadForm(UploadForm):
    kinds = {kind: KIND_LABELS[kind] for kind in IMPORTERS}
    max_size = MAX_UPLOAD_SIZE
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, UTF-16 or Windows-1256; columns separated by commas, semicolons or tabs; "
            "at most 20 MB."
        ),
    )
    scheme = forms.CharField(
        label=gettext_lazy("Identifier scheme of the person column"),
        initial=DEFAULT_SCHEME,
        max_length=100,
        help_text=gettext_lazy(
            "A person is found by their identifier in this scheme, otherwise by their name."
        ),
    )


def _render_upload(request, form, failure: ImportFailed | None = None):
    context = {
        "form": form,
        "errors": failure.messages if failure else [],
        "formats": file_formats(IMPORTERS, KIND_LABELS),
    }
    return render(request, "parliament/staff/import_upload.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def upload(request):
    """Check the uploaded file with a dry run; keep it for the confirmation if it is valid."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render_upload(request, form)
    UPLOADS.forget(request)
    kind, scheme = form.cleaned_data["kind"], form.cleaned_data["scheme"]
    token = None
    try:
        token = UPLOADS.store(form.cleaned_data["file"])
        summary = csv_import(
            kind,
            UPLOADS.path(token).read_bytes(),
            actor=request.user,
            dry_run=True,
            scheme=scheme,
        )
    except ImportFailed as failure:
        UPLOADS.discard(token)
        return _render_upload(request, form, failure)
    UPLOADS.keep(
        request,
        token,
        kind=kind,
        scheme=scheme,
        filename=form.cleaned_data["file"].name[:200],
        summary=summary.as_dict(),
    )
    return redirect("parliament_staff:import_confirm")


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def confirm(request):
    """Show what the import will change; on confirmation, import the same file for real."""
    pending, path = UPLOADS.pending(request)
    if pending is None:
        UPLOADS.forget(request)
        messages.info(request, _("There is no import waiting for confirmation. Upload a file."))
        return redirect("parliament_staff:import_upload")
    context = {
        "pending": pending,
        "kind_label": KIND_LABELS[pending["kind"]],
        "summary": ImportSummary.from_dict(pending["summary"]),
    }
    if request.method == "GET":
        return render(request, "parliament/staff/import_confirm.html", context)
    if request.POST.get("action") == "cancel":
        UPLOADS.forget(request)
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("parliament_staff:import_upload")
    try:
        summary = csv_import(
            pending["kind"], path.read_bytes(), actor=request.user, scheme=pending["scheme"]
        )
    except ImportFailed as failure:
        # The records changed since the dry run (another import, a correction).
        UPLOADS.forget(request)
        form = ImportUploadForm(initial={"kind": pending["kind"], "scheme": pending["scheme"]})
        return _render_upload(request, form, failure)
    UPLOADS.forget(request)
    context["summary"] = summary
    return render(request, "parliament/staff/import_done.html", context)
