"""The treasurer's bank statements, under /staff/treasury/bank/: the statements imported,
the upload (a dry run shows what the file would add and match; nothing is written until
it is confirmed), and the lines left to match by hand, in batches. The auditor reads the
list of statements."""

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role
from jisr.core.importing import ImportFlow, ImportSummary, UploadForm, UploadStore

from . import bank_selectors
from .bank_forms import BankMatchForm
from .bank_import import IMPORTERS, MAX_BYTES, statement_import
from .services.bank import bank_lines_settle

TREASURER, AUDITOR = Role.TREASURER, Role.AUDITOR
UPLOADS = UploadStore(prefix="bank-", session_key="treasury_bank_import")


class StatementUploadForm(UploadForm):
    kinds = {kind: importer.label for kind, importer in IMPORTERS.items()}
    max_size = MAX_BYTES
    file_help = gettext_lazy(
        "A CSV file (UTF-8 or Windows-1256; commas, semicolons or tabs) or the bank's "
        "CAMT.053 XML export; at most 20 MB."
    )
    account = forms.CharField(
        label=gettext_lazy("Account"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Which account the statement is of (a CAMT.053 file says it)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Statement file")
        self.fields["file"].widget.attrs["accept"] = ".csv,.txt,.xml,text/csv,text/xml"


class StatementImport(ImportFlow):
    importers = IMPORTERS
    form_class = StatementUploadForm
    uploads = UPLOADS
    base_template = "treasury/bank/base.html"
    title = gettext_lazy("Import a bank statement")
    intro = gettext_lazy(
        "Upload the statement the bank gives you. It is checked first: you will see how many "
        "lines are new and how many match a pending gift by its reference code; nothing is "
        "written until you confirm. Lines already imported are never added twice."
    )
    columns_note = gettext_lazy(
        "CSV: the first line names the columns, in English or in Arabic; dates as "
        "YYYY-MM-DD or DD/MM/YYYY; amounts with a decimal point, in any digits; money out "
        "(a negative amount) is skipped. CAMT.053: the credit entries of each statement."
    )
    upload_url = "treasury_staff:bank_import"
    confirm_url = "treasury_staff:bank_import_confirm"

    def run(
        self,
        scope: dict[str, Any],
        kind: str,
        path: Path,
        actor: Any,
        *,
        dry_run: bool,
        file_name: str,
        account: str = "",
    ) -> ImportSummary:
        return statement_import(
            kind,
            path.read_bytes(),
            actor=actor,
            account=account,
            dry_run=dry_run,
            file_name=file_name,
        )

    def options(self, data: dict) -> dict:
        return {"account": data.get("account", "")}

    def done_links(self, scope: dict) -> list[tuple[str, str]]:
        return [
            (reverse("treasury_staff:bank_match"), _("Match the remaining lines")),
            (reverse("treasury_staff:bank"), _("Bank statements")),
        ]


IMPORT = StatementImport()


@staff_required(TREASURER, AUDITOR)
@require_safe
def statements(request):
    context = {
        "statements": bank_selectors.statements()[:100],
        "unmatched": bank_selectors.unmatched_lines().count(),
        "can_treasure": is_verified(request, TREASURER),
        "shred_days": settings.JISR_TREASURY_PAYER_NAME_DAYS,
    }
    return render(request, "treasury/bank/statements.html", context)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def statement_upload(request):
    return IMPORT.upload(request)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def statement_confirm(request):
    return IMPORT.confirm(request)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def match(request):
    """The lines no reference code matched, beside the gifts still waiting: choose the gift
    each line paid (with what arrived and the bank's fee), or ignore it with a reason."""
    contributions = bank_selectors.contributions_to_match()
    form = BankMatchForm(
        request.POST or None,
        lines=bank_selectors.lines_to_match(),
        contributions=contributions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            matched, ignored = bank_lines_settle(
                actor=request.user,
                matches=form.cleaned_data["matches"],
                ignores=form.cleaned_data["ignores"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Matched: %(matched)d. Ignored: %(ignored)d.")
                % {"matched": matched, "ignored": ignored},
            )
            return redirect("treasury_staff:bank_match")
    context = {"form": form, "contributions": contributions}
    return render(request, "treasury/bank/match.html", context)
