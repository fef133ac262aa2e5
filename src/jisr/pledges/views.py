"""The public pages: every pledge, by category, verdict, party and representative; each
pledge with its words as published, its verdict, the evidence, the history and its links;
the methods page. Raters are never named."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from jisr.core.text.digits import to_ascii_digits
from jisr.parliament.models import Organization

from . import selectors
from .forms import FilterForm
from .models import BrokenReason, Category, Pledge, Verdict

PAGE_SIZE = 20


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(to_ascii_digits(request.GET.get("page") or "") or 1)


@require_safe
def pledge_list(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    pledges = selectors.pledge_list(**filters)
    context = {
        "form": form,
        "filtered": any(filters.values()),
        "page_obj": _page(request, pledges),
        "counts": selectors.verdict_counts(pledges),
    }
    return render(request, "pledges/list.html", context)


@require_safe
def pledge_detail(request, pk: int):
    try:
        pledge = selectors.pledge_detail(pk)
    except Pledge.DoesNotExist:
        raise Http404 from None
    return render(request, "pledges/detail.html", {"pledge": pledge})


@require_safe
def category(request, pk: int):
    item = get_object_or_404(Category, pk=pk)
    pledges = selectors.pledge_list(category=item)
    context = {
        "category": item,
        "page_obj": _page(request, pledges),
        "counts": selectors.verdict_counts(pledges),
    }
    return render(request, "pledges/category.html", context)


@require_safe
def party(request, pk: int):
    organization = get_object_or_404(
        Organization.objects.filter(platforms__isnull=False).distinct(), pk=pk
    )
    pledges = selectors.pledge_list(party=organization)
    context = {
        "party": organization,
        "platforms": list(
            selectors.platforms().filter(owner=organization).order_by("-published_on")
        ),
        "page_obj": _page(request, pledges),
        "counts": selectors.verdict_counts(pledges),
    }
    return render(request, "pledges/party.html", context)


@require_safe
def methods(request):
    context = {
        "quarters": selectors.kappa_quarters(),
        "verdicts": Verdict.choices,
        "reasons": [choice for choice in BrokenReason.choices if choice[0]],
        "categories": list(Category.objects.all()),
    }
    return render(request, "pledges/methods.html", context)
