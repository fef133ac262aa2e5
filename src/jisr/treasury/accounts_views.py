"""The accountant's annual export, for the treasurer and the auditor: a page to choose the
year and the download itself (a POST: taking the export is written to the audit log)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role

from . import annual
from .forms import AnnualExportForm
from .services import accounts as services


def _page(request, form, status=200):
    context = {"form": form, "years": annual.export_years()}
    return render(request, "treasury/annual/export.html", context, status=status)


@staff_required(Role.TREASURER, Role.AUDITOR)
@require_safe
def annual_export_page(request):
    years = annual.export_years()
    return _page(request, AnnualExportForm(initial={"year": years[0]}))


@staff_required(Role.TREASURER, Role.AUDITOR)
@require_POST
def annual_export(request):
    form = AnnualExportForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            content = services.annual_export(actor=request.user, year=year)
        except ValidationError as error:
            form.add_error("year", error)
        else:
            response = HttpResponse(content, content_type="application/zip")
            response["Content-Disposition"] = (
                f'attachment; filename="jisr-treasury-{year}-{timezone.localdate():%Y%m%d}.zip"'
            )
            return response
    return _page(request, form, status=400)
