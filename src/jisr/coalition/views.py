"""The coalition's landing page; each part's pages are in its own ``<part>_views.py``."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import landing


@require_safe
def landing_page(request):
    """Every part's section; the organizations' directory comes first."""
    return render(request, "coalition/landing.html", {"sections": landing.sections(request)})
