"""Search as JSON: ``GET /api/v1/search?q=…&type=…``, the contract in docs/search.md.

Whatever the query holds, the answer is a result list, perhaps empty: a query of no
letters or digits, or one of operators and SQL, finds nothing and is not an error.
"""

from typing import TYPE_CHECKING, Literal

from ninja import Field, Query, Router, Schema
from pydantic import model_validator

from jisr.core.api_types import IsoDate, Number

from .backends import MAX_MATCHES, Filters
from .registry import search_types
from .selectors import present, search

router = Router(tags=["search"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = MAX_MATCHES


_codes = tuple(search_types())
# The kinds the installed apps declare, so that the OpenAPI schema lists them (the type
# checker, which cannot evaluate it, sees a str).
if TYPE_CHECKING:
    SearchTypeCode = str
else:
    SearchTypeCode = Literal[_codes] if _codes else str


class SearchParams(Schema):
    q: str = Field("", description="What to look for: words, names (Arabic or Latin script).")
    type: SearchTypeCode | None = Field(None, description="Only this kind of record.")
    date_from: IsoDate | None = Field(None, description="Dated on or after this day.")
    date_to: IsoDate | None = Field(None, description="Dated on or before this day.")
    governorate: str | None = Field(
        None, max_length=100, description="Only records of this governorate (its key)."
    )
    page: Number = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: Number = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page, at most 100."
    )

    @model_validator(mode="after")
    def _ordered(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to.")
        return self


class SearchResultOut(Schema):
    type: str = Field(description="The kind of record: person, bill, vote_event …")
    id: int = Field(description="The record's id in its own endpoint (/persons/{id} …).")
    title: str
    url: str = Field(description="The record's page.")
    snippet: str = Field(description="Plain text around the first match (or the start).")


class SearchResponseOut(Schema):
    count: int = Field(
        description=f"Records that match, on all pages; at most {MAX_MATCHES} (see capped)."
    )
    capped: bool = Field(
        description=f"More than {MAX_MATCHES} records match: count stops there, and the "
        f"results are the best of the first {MAX_MATCHES} matches. Add words or filters."
    )
    results: list[SearchResultOut] = Field(description="Best match first.")


@router.get("/search", response=SearchResponseOut, summary="Search everything")
def search_everything(request, params: Query[SearchParams]):
    """Find records by words and names, folding Arabic spelling variants (hamza forms,
    ة/ه, ى/ي, Persian letters, diacritics, digits) as the site's search does."""
    filters = Filters(
        types=(params.type,) if params.type else (),
        date_from=params.date_from,
        date_to=params.date_to,
        governorate=params.governorate or "",
    )
    found = search(params.q, filters, page=params.page, size=params.page_size)
    # Past the last page there is nothing, as in the other lists of the API.
    hits = [] if params.page > found.page.number else present(found.hits, found.query)
    return {
        "count": found.total,
        "capped": found.capped,
        "results": [
            {
                "type": result.hit.doc_type,
                "id": result.hit.object_id,
                "title": result.hit.title,
                "url": request.build_absolute_uri(result.hit.url),
                "snippet": result.snippet_text,
            }
            for result in hits
        ],
    }
