"""Reads of the search index: matches best first, counts per type, suggestions, and the
results as shown (titles and snippets with the matches marked in the original text)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from jisr.core.text.digits import to_ascii_digits

from . import highlight
from .backends import MAX_MATCHES, Filters, Hit, backend
from .registry import type_label
from .terms import Matcher, Query, parse_query

SUGGESTIONS = 8


class _Counted(Sequence[Hit]):
    """Stands for the matches in a Paginator, which only needs their number (the page's
    hits are fetched by the search itself)."""

    def __init__(self, total: int):
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        raise NotImplementedError("the search fetches each page's hits itself")


@dataclass
class SearchPage:
    """One page of results, as the results page and the API show them."""

    query: Query  # as searched: with prefixes when whole words found nothing (widened)
    page: Page
    counts: dict[str, int]  # matches by type, whatever the type filter
    total: int  # matches of all the filters, at most MAX_MATCHES
    capped: bool  # more than MAX_MATCHES match
    counts_capped: bool = False  # the counts by type stopped at MAX_MATCHES
    widened: bool = False

    @property
    def hits(self) -> list[Hit]:
        return list(self.page.object_list)


def _page_number(value) -> int:
    try:
        return max(1, int(to_ascii_digits(str(value or "1")).strip()))
    except ValueError:
        return 1


def search(
    raw: str, filters: Filters | None = None, *, page=1, size: int = 20, using: str = "default"
) -> SearchPage:
    """Find the records the query names, best first: whole words first, and when they find
    nothing, words that start like the last one typed."""
    filters = filters or Filters()
    engine = backend(using)
    query = parse_query(raw, prefix=False)
    number = min(_page_number(page), MAX_MATCHES // size + 1)
    found = engine.search(query, filters, offset=(number - 1) * size, limit=size)
    widened = False
    if query and not found.counts:
        typing = parse_query(raw, prefix=True)
        if any(term.prefix for term in typing.terms):
            query, widened = typing, True
            found = engine.search(query, filters, offset=(number - 1) * size, limit=size)
    last = max(1, -(-found.total // size))
    if number > last:
        number = last
        found = engine.search(query, filters, offset=(number - 1) * size, limit=size)
    counts, counts_capped = found.counts, found.capped
    if filters.types and query:
        counts, counts_capped = engine.count(query, filters.without_types())
    paginator = Paginator(_Counted(found.total), size)
    return SearchPage(
        query=query,
        page=Page(found.hits, number, paginator),
        counts=counts,
        total=found.total,
        capped=found.capped,
        counts_capped=counts_capped,
        widened=widened,
    )


def suggest(raw: str, *, limit: int = SUGGESTIONS, using: str = "default") -> tuple[Query, list]:
    """The best few matches of what is being typed, its last word as a prefix."""
    query = parse_query(raw, prefix=True)
    return query, backend(using).search(query, Filters(), offset=0, limit=limit).hits


@dataclass
class Result:
    """A hit as the results page and the API show it."""

    hit: Hit
    label: str
    title: highlight.Segments
    snippet: highlight.Segments
    # Other names, shown when the match was in one of them (a Latin-script name).
    names: highlight.Segments = field(default_factory=list)
    governorate: str = ""

    @property
    def snippet_text(self) -> str:
        return highlight.plain(self.snippet if self.snippet or not self.names else self.names)


NAME_SEPARATOR = "، "


def present(
    hits: list[Hit], query: Query, *, governorate_names: dict[str, str] | None = None
) -> list[Result]:
    governorate_names = governorate_names or {}
    matcher = Matcher(query) if query else None
    results = []
    for hit in hits:
        title = highlight.mark(hit.title, matcher, name=hit.title_is_name)
        snippet, found = highlight.snippet(hit.text, matcher)
        names: highlight.Segments = []
        title_found = any(is_match for _piece, is_match in title)
        if hit.names and not found and not title_found:
            marked = highlight.mark(NAME_SEPARATOR.join(hit.names.split("\n")), matcher, name=True)
            if any(is_match for _piece, is_match in marked):
                names = marked
        label = type_label(hit.doc_type)
        governorate = governorate_names.get(hit.governorate, "") if hit.governorate else ""
        results.append(Result(hit, label, title, snippet, names, governorate))
    return results


def grouped(results: list[Result]) -> list[dict]:
    """The results of one page by type, types in the order of their best result."""
    groups: dict[str, dict] = {}
    for result in results:
        code = result.hit.doc_type
        groups.setdefault(code, {"code": code, "label": result.label, "results": []})
        groups[code]["results"].append(result)
    return list(groups.values())
