"""Types every JSON API shares: parameters, pagination, and the references to people and
areas that several apps' answers carry.

Numbers and dates may be typed in Arabic-Indic or Persian digits, as in every form; but
only digits (and a sign): pydantic alone would also read " 2", "2_000" or "2.0" as 2, and
a Unix timestamp as a date.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .forms import MAX_ID
from .text.digits import to_ascii_digits

_INTEGER = re.compile(r"[+-]?[0-9]+")


def _ascii_digits(value):
    if not isinstance(value, str):
        return value
    value = to_ascii_digits(value)
    if not _INTEGER.fullmatch(value):
        raise PydanticCustomError(
            "int_parsing", "Input should be a valid integer, unable to parse string as an integer"
        )
    return value


def _iso_date(value):
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(to_ascii_digits(value))
    except ValueError:
        raise ValueError("Use an ISO 8601 date: YYYY-MM-DD.") from None


Number = Annotated[int, BeforeValidator(_ascii_digits)]
# The bounds sit on the int itself, inside the digit reader: put outside it, pydantic
# still checks them but the OpenAPI schema shows them as "ge"/"le", which no client reads.
Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_ascii_digits)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]

PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
# Keeps the row offset within a 64-bit integer on every database.
MAX_PAGE = 1_000_000


class PageInput(Schema):
    page: Number = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: Number = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 100."
    )


class Pagination(PaginationBase):
    """Numbered pages, with the total count of rows that match."""

    Input = PageInput  # type: ignore[assignment]  # ninja's documented way to declare it

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Rows matching the filters, on all pages.")
        page: int
        page_size: int

    def paginate_queryset(self, queryset, pagination: PageInput, request: HttpRequest, **params):
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }


class RowsOf:
    """A queryset as ``Pagination`` slices it, each page's rows shaped by ``rows`` — which
    reads what that page needs in a fixed number of queries (totals, figures, posts), never
    a query per row and never for the rows of other pages."""

    def __init__(self, queryset, rows: Callable[[list], list]):
        self.queryset = queryset
        self.rows = rows

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list:
        return self.rows(list(self.queryset[page]))


class PersonRef(Schema):
    id: int
    name: str
    name_latin: str


class AreaOut(Schema):
    id: int
    identifier: str
    name: str
    name_en: str
