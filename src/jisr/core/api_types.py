"""Parameter types every JSON API shares.

Numbers and dates may be typed in Arabic-Indic or Persian digits, as in every form; but
only digits (and a sign): pydantic alone would also read " 2", "2_000" or "2.0" as 2, and
a Unix timestamp as a date.
"""

import re
from datetime import date
from typing import Annotated

from ninja import Field
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
