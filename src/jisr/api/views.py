"""The open-data download page and its files (jisr.api.opendata)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import opendata


@require_safe
def opendata_index(request):
    """The latest dump: its zip, its files, its checksums and its licence."""
    days = opendata.dumps()
    latest = days[0] if days else None
    context = {
        "latest": latest,
        "files": list(opendata.latest_files(latest)) if latest else [],
        "older": days[1:],
        "license_name": opendata.LICENSE_NAME,
        "license_url": opendata.LICENSE_URL,
    }
    return render(request, "api/opendata.html", context)


def _day(day: str) -> str:
    if day not in opendata.dumps():
        raise Http404
    return day


@require_safe
def opendata_zip(request, day: str):
    path = opendata.root() / f"jisr-opendata-{_day(day)}.zip"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_safe
def opendata_file(request, day: str, path: str):
    folder = (opendata.root() / _day(day)).resolve()
    target = (folder / path).resolve()
    if not target.is_relative_to(folder) or not target.is_file() or target.name.endswith(".part"):
        raise Http404
    content_type = {
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json; charset=utf-8",
    }.get(target.suffix, "text/plain; charset=utf-8")
    return FileResponse(target.open("rb"), content_type=content_type)
