from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from . import selectors
from .backends import MAX_MATCHES
from .forms import SearchForm
from .registry import search_types

PAGE_SIZE = 20
# Suggestions start once this many characters are typed.
SUGGEST_FROM = 2


def _query_string(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


def _notices(raw: str, query, found) -> list[str]:
    if not raw.strip():
        return []
    notices = []
    if found.widened:
        notices.append(
            _("No whole word matched; these are words that start with “%(word)s”.")
            % {"word": query.terms[-1].token}
        )
    if not query:
        notices.append(
            _("There is nothing to look for in “%(query)s”: type a word, a name or a number.")
            % {"query": raw.strip()[:100]}
        )
    elif query.truncated:
        notices.append(
            ngettext(
                "Your search was long: only its first word was used.",
                "Your search was long: only its first %(count)d words were used.",
                len(query.terms),
            )
            % {"count": len(query.terms)}
        )
    return notices


@require_safe
def results(request):
    form = SearchForm(request.GET or None)
    raw = form.raw_query()
    filters = form.filters()
    found = selectors.search(raw, filters, page=request.GET.get("page"), size=PAGE_SIZE)
    query = found.query
    chosen = filters.types[0] if filters.types else ""
    facets = [
        {
            "code": code,
            "label": kind.label,
            "count": found.counts.get(code, 0),
            "current": code == chosen,
            "query": _query_string(request, type=code, page=None),
        }
        for code, kind in search_types().items()
    ]
    hits = selectors.present(found.hits, query, governorate_names=form.governorate_names)
    context = {
        "form": form,
        "raw": query.text if query else raw.strip()[:100],
        "query": query,
        "notices": _notices(raw, query, found),
        "page_obj": found.page,
        "groups": selectors.grouped(hits),
        "total": found.total,
        "capped": found.capped,
        "counts_capped": found.counts_capped,
        "max_matches": MAX_MATCHES,
        "facets": facets,
        "all_count": sum(found.counts.values()),
        "all_query": _query_string(request, type=None, page=None),
        "clear_query": _query_string(
            request, type=None, page=None, date_from=None, date_to=None, governorate=None
        ),
        "chosen": chosen,
        "pagination_query": _query_string(request, page=None),
    }
    return render(request, "search/results.html", context)


@require_safe
def suggest(request):
    """A short list of matches for the header's search box, fetched by htmx as the user
    types. The box is an ordinary form without it."""
    raw = request.GET.get("q", "")
    items = []
    if len(raw.strip()) >= SUGGEST_FROM:
        query, hits = selectors.suggest(raw)
        items = selectors.present(hits, query)
    context = {"items": items, "raw": raw.strip()[:100], "query_string": _query_string(request)}
    return render(request, "search/_suggestions.html", context)
