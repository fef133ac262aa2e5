"""The staff page to import a CSV file of pledges: upload, read the dry run's summary,
confirm (the steps: ``core.importing.ImportFlow``)."""

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.importing import ImportFlow, ImportSummary, UploadForm, UploadStore

from .importers import PledgesCsvImporter, pledges_import

UPLOADS = UploadStore(prefix="pledges-", session_key="pledges_csv_import")


class PledgesUploadForm(UploadForm):
    kinds = {PledgesCsvImporter.kind: PledgesCsvImporter.label}
    max_size = 5 * 1024 * 1024
    file_help = gettext_lazy(
        "UTF-8, UTF-16 or Windows-1256; columns separated by commas, semicolons or tabs; "
        "at most 5 MB."
    )


class PledgesImport(ImportFlow):
    importers = {PledgesCsvImporter.kind: PledgesCsvImporter}
    form_class = PledgesUploadForm
    uploads = UPLOADS
    base_template = "pledges/staff/base.html"
    title = gettext_lazy("Import pledges")
    intro = gettext_lazy(
        "Upload a CSV file of pledges, one a row, into platforms already recorded. It is "
        "checked first: you will see what it would change, and nothing is written until you "
        "confirm."
    )
    columns_note = gettext_lazy(
        "The first line names the columns, in English or in Arabic. The platform is named by "
        "its title; categories are separated by semicolons; scope is national or governorate."
    )
    upload_url = "pledges_staff:import_upload"
    confirm_url = "pledges_staff:import_confirm"

    def run(
        self,
        scope: dict[str, Any],
        kind: str,
        path: Path,
        actor: Any,
        *,
        dry_run: bool,
        file_name: str,
    ) -> ImportSummary:
        return pledges_import(path.read_bytes(), actor=actor, dry_run=dry_run, file_name=file_name)

    def done_links(self, scope):
        return [
            (reverse("pledges_staff:index"), gettext_lazy("Pledges")),
            (reverse(self.upload_url), gettext_lazy("Import another file")),
        ]


FLOW = PledgesImport()


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def upload(request):
    return FLOW.upload(request)


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def confirm(request):
    return FLOW.confirm(request)
