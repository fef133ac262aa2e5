"""What the Popolo checker, importer and exporter share: the vocabulary, the records
read from a file, the summary of an import, and reading the file itself."""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core.importing import decode_failure, too_big
from jisr.core.text.decoding import UTF8, DecodeFailed, decode
from jisr.core.text.digits import to_ascii_digits

from ..models import (
    ContactDetail,
    Organization,
    Person,
)

# The scheme under which a record's own Popolo id is stored as an identifier.
SCHEME = "popolo"
TERM_CLASSIFICATION = "legislative period"
# EveryPolitician writes a name in another language as an other name with a language and
# this note; the English (Latin-script) one fills name_latin / name_en.
LATIN_LANG = "en"
LANGUAGE_NOTE = "multilingual"

CLS = Organization.Classification
CLASSIFICATIONS = {
    "legislature": CLS.LEGISLATURE,
    "party": CLS.PARTY,
    "political party": CLS.PARTY,
    "alliance": CLS.ALLIANCE,
    "coalition": CLS.ALLIANCE,
    "committee": CLS.COMMITTEE,
    "ministry": CLS.MINISTRY,
}
CONTACT_TYPES_IN = {
    "email": ContactDetail.Kind.EMAIL,
    "voice": ContactDetail.Kind.PHONE,
    "phone": ContactDetail.Kind.PHONE,
    "cell": ContactDetail.Kind.PHONE,
    "tel": ContactDetail.Kind.PHONE,
    "url": ContactDetail.Kind.WEBSITE,
    "website": ContactDetail.Kind.WEBSITE,
    "facebook": ContactDetail.Kind.FACEBOOK,
    "twitter": ContactDetail.Kind.X,
    "x": ContactDetail.Kind.X,
    "other": ContactDetail.Kind.OTHER,
}
CONTACT_TYPES_OUT: dict[str, str] = {
    ContactDetail.Kind.EMAIL: "email",
    ContactDetail.Kind.PHONE: "voice",
    ContactDetail.Kind.WEBSITE: "url",
    ContactDetail.Kind.FACEBOOK: "facebook",
    ContactDetail.Kind.X: "twitter",
    ContactDetail.Kind.OTHER: "other",
}
GENDERS = {"male": Person.Gender.MALE, "female": Person.Gender.FEMALE}
FIRST_BIRTH_YEAR = 1880  # as services._check_birth_year
# The whole document is read into memory (EveryPolitician's largest files are a few MB).
MAX_BYTES = 100 * 1024 * 1024

KINDS = ("areas", "organizations", "terms", "persons", "memberships")

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


class PopoloImportError(Exception):
    """The file was refused and nothing was written; ``errors`` names each item and field."""

    def __init__(self, errors: list[str], *, possible_duplicates=()):
        self.errors = list(errors)
        self.possible_duplicates = list(possible_duplicates)
        super().__init__("\n".join(self.errors))


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PossibleDuplicatePair:
    """A person of the file with no known identifier whose name folds to a recorded one."""

    item: str
    name: str
    existing_id: int
    existing_name: str
    existing_is_fictional: bool
    merged: bool = False


@dataclass
class ImportSummary:
    dry_run: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    possible_duplicates: list[PossibleDuplicatePair] = field(default_factory=list)
    ignored_events: int = 0
    encoding: str = UTF8

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "counts": {kind: vars(counts).copy() for kind, counts in self.counts.items()},
            "possible_duplicates": [vars(d).copy() for d in self.possible_duplicates],
            "ignored_events": self.ignored_events,
        }

    def __str__(self) -> str:
        labels = {
            "areas": _("governorates"),
            "organizations": _("organizations"),
            "terms": _("terms"),
            "persons": _("representatives"),
            "memberships": _("memberships"),
        }
        lines = [_("Dry run: nothing was written.") if self.dry_run else _("Imported.")]
        lines.append(_("The file was read as %(encoding)s.") % {"encoding": self.encoding})
        for kind in KINDS:
            counts = self.counts[kind]
            lines.append(
                _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {"kind": labels[kind], **vars(counts)}
            )
        if self.ignored_events:
            lines.append(
                ngettext(
                    "%(count)d event that is not a legislative period was left out.",
                    "%(count)d events that are not legislative periods were left out.",
                    self.ignored_events,
                )
                % {"count": self.ignored_events}
            )
        if self.possible_duplicates:
            lines.append(_("Possible duplicates (same name as someone already recorded):"))
            for dup in self.possible_duplicates:
                lines.append(
                    _("- %(item)s “%(name)s” and #%(pk)s “%(existing)s”%(fictional)s: %(outcome)s")
                    % {
                        "item": dup.item,
                        "name": dup.name,
                        "pk": dup.existing_id,
                        "existing": dup.existing_name,
                        "fictional": _(" (fictional demo)") if dup.existing_is_fictional else "",
                        "outcome": _("merged") if dup.merged else _("not imported"),
                    }
                )
        return "\n".join(lines)


# -- what the file says, once checked ------------------------------------------------------


@dataclass
class _Area:
    item: str
    id: str
    fields: dict


@dataclass
class _Organization:
    item: str
    id: str
    fields: dict  # name, classification, and name_en when given
    parent_ref: str | None  # the parent's Popolo id, when the file gives parent_id
    has_parent: bool
    identifiers: list[tuple[str, str]]
    match: Organization | None = None


@dataclass
class _Term:
    item: str
    id: str
    legislature_ref: str
    fields: dict  # name, start_date, end_date, and name_en when given


@dataclass
class _Person:
    index: int
    item: str
    id: str
    fields: dict  # name, and whichever of gender, birth_year, summary, name_latin are given
    identifiers: list[tuple[str, str]]
    other_names: list[tuple[str, str]]
    contacts: list[tuple[str, str, str]]
    match: Person | None = None
    merged: bool = False


@dataclass
class _Membership:
    item: str
    person_ref: str
    organization_ref: str
    role: str | None  # None: not a role (reported)
    refs: dict  # on_behalf_of / area / term -> Popolo id or None, when given
    dates: dict  # start_date / end_date -> date or None, when given


def _type_name(value) -> str:
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    return _("null")


def _read_date(value) -> tuple[int, int | None, int | None] | None:
    """Return (year, month, day) of a Popolo date (YYYY, YYYY-MM or YYYY-MM-DD, in any
    digits), or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    found = _DATE.fullmatch(to_ascii_digits(value.strip()))
    if not found:
        return None
    year_digits, month_digits, day_digits = found.groups()
    year = int(year_digits)
    month = int(month_digits) if month_digits else None
    day = int(day_digits) if day_digits else None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def _load(data: bytes | str) -> tuple[object, str]:
    """Return the JSON document and the encoding it was read in."""
    encoding = UTF8
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise PopoloImportError([str(m) for m in too_big(len(data), MAX_BYTES).messages])
        try:
            data, encoding = decode(data, max_line=None)
        except DecodeFailed as failure:
            raise PopoloImportError(
                [str(e) for e in decode_failure(failure, spreadsheet=False).errors]
            ) from None
    try:
        document = json.loads(data.removeprefix("\ufeff"), parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise PopoloImportError(
            [
                _("The file is not valid JSON: line %(line)s, column %(column)s: %(reason)s.")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ]
        ) from None
    except RecursionError:
        raise PopoloImportError(
            [_("The file is not a Popolo file: its lists and objects are nested too deeply.")]
        ) from None
    except ValueError:  # a number of thousands of digits, NaN or Infinity
        raise PopoloImportError(
            [_("The file is not valid JSON: it holds a number no JSON reader accepts.")]
        ) from None
    problems = _bad_text(document)
    if problems:
        raise PopoloImportError(problems)
    return document, encoding


def _no_constant(name: str):
    raise ValueError(name)


# Text that no database column can hold (NUL; a lone half of a UTF-16 surrogate pair), or
# that no text holds (other control characters).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _bad_text(document, limit: int = 20) -> list[str]:
    """Name each text of the document (keys too) that holds a character no text holds."""
    problems: list[tuple[str, str]] = []  # (path, the character)
    stack = [("", document)]
    while stack and len(problems) < limit:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                if bad := _BAD_CHARACTER.search(key):
                    problems.append((path or "/", bad.group()))
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and (bad := _BAD_CHARACTER.search(value)):
            problems.append((path, bad.group()))
    return [
        _("%(item)s holds the invisible character %(char)s, which text never holds.")
        % {"item": path, "char": f"U+{ord(character):04X}"}
        for path, character in problems
    ]


# -- the exporter ---------------------------------------------------------------------------
