"""A data row of a CSV file, and reading its cells: text, dates, whole numbers, coded
values in English or Arabic, web addresses. A problem is reported on the row's line and
the column as the file names it, and marks the row as failed."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jisr.core.lists import join_list
from jisr.core.text.arabic import tokens
from jisr.core.text.cells import clean
from jisr.core.text.digits import to_ascii_digits, whole_number_digits

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_URL = URLValidator(schemes=["http", "https"])


def fold(text: str) -> str:
    """Fold a header or a coded value: case, hamza forms, ة/ه, diacritics, _ and -."""
    return " ".join(tokens(text))


def parse_date(value: str) -> date | None:
    """Read YYYY-MM-DD or DD/MM/YYYY, in ASCII, Arabic-Indic or Persian digits."""
    value = to_ascii_digits(clean(value))
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DMY_DATE.fullmatch(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class Choices:
    """Accepted spellings of a coded value: its English code (and label) and Arabic words.
    ``unknown`` says “%(value)s” is not one and lists %(choices)s."""

    def __init__(self, unknown: Promise | None, spellings: dict):
        self.unknown = unknown
        self.spellings = spellings
        self._lookup = {}
        for code, words in spellings.items():
            for word in (code, getattr(code, "label", code), *words):
                self._lookup[fold(str(word))] = code

    def get(self, value: str) -> str | None:
        return self._lookup.get(fold(value))

    def help(self) -> str:
        return join_list(f"{code} ({words[0]})" for code, words in self.spellings.items())


class Row:
    """One data row: its cells by column code, and whether a check failed on it."""

    __slots__ = ("cells", "failed", "importer", "line")

    def __init__(self, importer, line: int, cells: dict[str, str]):
        self.importer, self.line, self.cells, self.failed = importer, line, cells, False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.importer.error(self.line, column, message)

    def text(
        self, column: str, *, required=False, max_length: int | None = None, one_line=True
    ) -> str:
        """The cell's text; too long, it is said once and read as empty (neither looked up
        nor quoted in further errors)."""
        value = self.cells.get(column, "")
        value = " ".join(value.split()) if one_line else value.strip()
        max_length = max_length or self.importer.text_limit
        if required and not value:
            self.error(column, _("A value is required."))
        elif max_length and len(value) > max_length:
            self.error(
                column,
                _("At most %(max)d characters are allowed; this has %(length)d.")
                % {"max": max_length, "length": len(value)},
            )
            return ""
        return value

    def date(self, column: str = "date") -> date | None:
        value = self.text(column, required=True)
        if not value:
            return None
        day = parse_date(value)
        if day is None:
            self.error(
                column,
                _(
                    "“%(value)s” is not a date. Write it as YYYY-MM-DD or DD/MM/YYYY, "
                    "for example 2024-03-15 or 15/03/2024."
                )
                % {"value": value},
            )
        return day

    def choice(self, column: str, choices: Choices, *, required=True) -> str | None:
        value = self.text(column, required=required)
        if not value:
            return None
        code = choices.get(value)
        if code is None:
            self.error(column, str(choices.unknown) % {"value": value, "choices": choices.help()})
        return code

    def number(self, column: str) -> int | None:
        """A positive whole number of at most nine digits (1,200 or ١٬٢٠٠)."""
        value = self.text(column)
        if not value:
            return None
        digits = whole_number_digits(to_ascii_digits(value))
        if digits is None or len(digits) > 9 or int(digits) < 1:
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        return int(digits)

    def url(self, column: str = "source_url") -> str:
        value = self.text(column, max_length=500)
        if value:
            try:
                _URL(value)
            except ValidationError:
                self.error(
                    column,
                    _("“%(value)s” is not a web address (it must start with https://).")
                    % {"value": value},
                )
        return value

    def forbid(self, column: str, message: str) -> None:
        """Refuse a value the row's kind does not record, rather than dropping it."""
        if self.text(column):
            self.error(column, message)
