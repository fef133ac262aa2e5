from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jisr.accounts.roles import Role, has_role

from . import charts, selectors
from .forms import CandidateFilterForm
from .models import Candidate, Constituency, Election, ElectoralList

PAGE_SIZE = 50


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "ar"


def _election(pk: int) -> Election:
    return get_object_or_404(Election.objects.select_related("current_run", "term"), pk=pk)


def _context(request, election: Election, **extra) -> dict:
    return {
        "election": election,
        "can_manage": has_role(request.user, Role.ORGANIZER),
        **extra,
    }


@require_safe
def election_list(request):
    page = Paginator(selectors.elections(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_manage": has_role(request.user, Role.ORGANIZER)}
    return render(request, "elections/elections.html", context)


@require_safe
def election(request, pk: int):
    item = _election(pk)
    overview = selectors.election_overview(item)
    groups = []
    for index, electoral_list in enumerate(overview["lists"]):
        electoral_list.color = charts.color(index)
        electoral_list.swatch = charts.swatch(electoral_list.color)
        if electoral_list.seats:
            groups.append((electoral_list.name, electoral_list.seats, electoral_list.color))
    chart = ""
    if groups:
        chart = charts.hemicycle(
            groups,
            title=_("Seats won per list: %(seats)d") % {"seats": overview["seats_allocated"]},
            rtl=get_language_bidi(),
        )
    context = _context(request, item, chart=chart, **overview)
    return render(request, "elections/election.html", context)


@require_safe
def electoral_list(request, pk: int, list_pk: int):
    item = _election(pk)
    group = get_object_or_404(
        ElectoralList.objects.select_related("organization"), pk=list_pk, election=item
    )
    detail = selectors.list_detail(group)
    detail["run"] = item.current_run
    return render(
        request, "elections/electoral_list.html", _context(request, item, group=group, **detail)
    )


@require_safe
def constituency(request, pk: int, constituency_pk: int):
    item = _election(pk)
    place = get_object_or_404(
        Constituency.objects.select_related("area"), pk=constituency_pk, election=item
    )
    place.election = item
    detail = selectors.constituency_detail(place, _language())
    highest = max((row["votes"] for row in detail["rows"]), default=0)
    for index, row in enumerate(detail["rows"]):
        row["bar"] = charts.bar(
            row["votes"],
            highest,
            rtl=get_language_bidi(),
            fill=charts.color(index),
            label=row["list"].name,
        )
    context = _context(request, item, place=place, **detail)
    return render(request, "elections/constituency.html", context)


@require_safe
def candidate(request, pk: int, candidate_pk: int):
    item = _election(pk)
    person = get_object_or_404(
        Candidate.objects.select_related(
            "constituency", "electoral_list", "party", "result", "person"
        ),
        pk=candidate_pk,
        election=item,
    )
    person.election = item
    detail = selectors.candidate_detail(person)
    return render(
        request, "elections/candidate.html", _context(request, item, candidate=person, **detail)
    )


@require_safe
def candidates(request, pk: int):
    item = _election(pk)
    form = CandidateFilterForm(request.GET or None, election=item)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(selectors.candidates_page(item, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(request, item, form=form, page_obj=page, query=query.urlencode())
    return render(request, "elections/candidates.html", context)


@require_safe
def check(request, pk: int):
    item = _election(pk)
    comparison = selectors.official_comparison(item)
    return render(request, "elections/check.html", _context(request, item, **comparison))
