"""CSV import of an election: constituencies, the roster of lists and candidates, and the
results at list, candidate and polling-station level (formats: docs/elections.md).

One importer per format. Files are read as a stream, in bounded memory, whatever their
size. Every row is checked before anything is written and every error is reported at once,
naming its line and column; then everything is written through the services in one
transaction, or nothing is. A dry run makes the same writes and rolls them back.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.imports import (
    DecodeFailed,
    ImportFailed,
    RowError,
    TextSource,
    csv_failure,
    decode_failure,
    map_columns,
    shorten,
    too_many_rows,
)
from jisr.core.lists import join_list
from jisr.core.services import audit_batch
from jisr.core.text.arabic import name_key, tokens
from jisr.parliament.models import Area

from . import selectors, services
from .models import (
    Candidate,
    Community,
    Constituency,
    Election,
    ElectoralList,
    ListResult,
    PollingStation,
)
from .stations import (
    MAX_VOTES,
    Problem,
    StationAggregator,
    ascii_digits,
    build_index,
    clean,
    parse_votes,
    sniff_delimiter,
)
from .stations import ConstituencyIndex as StationIndex

MAX_ERRORS = 200
# The set-up and result files are kept in memory until they are written; a station file is
# added up as it is read, and has no limit.
MAX_ROWS = 200_000
MAX_SEATS = 1_000
MAX_NUMBER = 1_000_000
Progress = Callable[[int, int], None]


def _fold(text: str) -> str:
    return " ".join(tokens(text))


def _as_number(text: str) -> int | None:
    """A list's or a candidate's number, if the text is one (and not a name)."""
    digits = ascii_digits(text).strip()
    # No int() of a thousand digits; no number this long is a list's or a candidate's.
    if digits.isdigit() and digits.isascii() and len(digits) < 19:
        return int(digits)
    return None


COUNT_LABELS: dict[str, Promise] = {
    "constituencies_created": gettext_lazy("New constituencies"),
    "constituencies_corrected": gettext_lazy("Corrected constituencies"),
    "lists_created": gettext_lazy("New lists"),
    "parties_created": gettext_lazy("New parties within lists"),
    "candidates_created": gettext_lazy("New candidates"),
    "candidates_corrected": gettext_lazy("Corrected candidates"),
    "constituencies": gettext_lazy("Constituencies whose results are replaced"),
    "list_results": gettext_lazy("List results"),
    "candidate_results": gettext_lazy("Candidate results"),
    "stations": gettext_lazy("Polling stations"),
    "official_seats": gettext_lazy("Official seat figures"),
}

KIND_LABELS: dict[str, Promise] = {
    "constituencies": gettext_lazy("Constituencies and their seats"),
    "roster": gettext_lazy("Lists and candidates"),
    "lists": gettext_lazy("Votes per list"),
    "candidates": gettext_lazy("Votes per candidate"),
    "stations": gettext_lazy("Votes per polling station"),
    "official": gettext_lazy("Official seats per list"),
}

# Messages of the problems the station aggregator finds (stations.Problem.key).
PROBLEMS: dict[str, Promise] = {
    "cells": gettext_lazy("This row has %(found)d cells; the file has %(expected)d columns."),
    "station_empty": gettext_lazy("The station is empty."),
    "station_again": gettext_lazy(
        "Station %(station)s appears again; its rows must be together (it first appears on "
        "line %(first)d), and in one constituency."
    ),
    "votes_empty": gettext_lazy("The votes are empty."),
    "votes_negative": gettext_lazy("The votes “%(value)s” are negative."),
    "votes_not_a_number": gettext_lazy("“%(value)s” is not a whole number of votes."),
    "votes_too_big": gettext_lazy("“%(value)s” votes are more than any constituency has."),
    "total_twice": gettext_lazy("Station %(station)s has two total rows."),
    "list_row_twice": gettext_lazy("Station %(station)s has two rows for the same list."),
    "list_rows_missing": gettext_lazy(
        "Station %(station)s has no list rows, but the stations before it have: give every "
        "station its list rows, or none."
    ),
    "list_rows_unexpected": gettext_lazy(
        "Station %(station)s has list rows, but the stations before it have none: give every "
        "station its list rows, or none."
    ),
    "total_mismatch_lists": gettext_lazy(
        "Station %(station)s does not add up: its total row says %(total)d votes, its list "
        "rows add up to %(sum)d."
    ),
    "total_mismatch_candidates": gettext_lazy(
        "Station %(station)s does not add up: its total row says %(total)d votes, its "
        "candidates' votes add up to %(sum)d."
    ),
    "list_below_candidates": gettext_lazy(
        "In %(constituency)s the rows of list %(list)s count %(lists)d votes, fewer than the "
        "%(candidates)d of its candidates."
    ),
    "unknown_constituency": gettext_lazy("No constituency of this election is “%(value)s”."),
    "unknown_list": gettext_lazy("No list of this election is “%(value)s”."),
    "list_not_running": gettext_lazy("List “%(value)s” has no candidates in %(constituency)s."),
    "unknown_candidate": gettext_lazy(
        "List “%(list)s” has no candidate “%(value)s” in %(constituency)s."
    ),
    "ambiguous_candidate": gettext_lazy(
        "“%(value)s” names several candidates of list “%(list)s”; use the ballot number."
    ),
    "candidate_without_list": gettext_lazy("A candidate needs the list's column too."),
}


@dataclass
class ImportSummary:
    """What an import did, or (``dry_run``) would do."""

    kind: str
    encoding: str
    rows: int
    dry_run: bool
    counts: dict[str, int]

    def items(self) -> list[tuple[str, int]]:
        return [(str(COUNT_LABELS[key]), n) for key, n in self.counts.items()]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "encoding": self.encoding,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportSummary:
        return cls(**data)

    @property
    def changes(self) -> int:
        return sum(self.counts.values())


class _RolledBack(Exception):
    pass


# --- Lookups ------------------------------------------------------------------------------------


class Lookups:
    """The election's constituencies, lists and candidates, found by the ways a file
    names them: a code or number in any digits, or a name folded (hamza forms, ة/ه …)."""

    def __init__(self, election: Election):
        self.election = election
        self.constituencies: dict[str, Constituency] = {}
        for item in election.constituencies.all():
            for spelling in (item.code, item.name, item.name_en):
                if spelling:
                    self.constituencies.setdefault(_fold(spelling), item)
        self.lists: dict[str, ElectoralList] = {}
        self.list_numbers: dict[int, ElectoralList] = {}
        for item in election.lists.all():
            for spelling in (item.name, item.name_en):
                if spelling:
                    self.lists.setdefault(_fold(spelling), item)
            if item.number is not None:
                self.list_numbers[item.number] = item
        self._candidates = None

    def constituency(self, text: str) -> Constituency | None:
        return self.constituencies.get(_fold(text))

    def electoral_list(self, text: str) -> ElectoralList | None:
        number = _as_number(text)
        if number is not None and number in self.list_numbers:
            return self.list_numbers[number]
        return self.lists.get(_fold(text))

    @property
    def candidates(self) -> dict[tuple[int, int], list[Candidate]]:
        """(constituency id, list id) → its candidates, loaded once."""
        if self._candidates is None:
            self._candidates = defaultdict(list)
            for candidate in Candidate.objects.filter(election=self.election).only(
                "id",
                "constituency_id",
                "electoral_list_id",
                "number",
                "name",
                "name_latin",
                "name_key",
                "community",
            ):
                key = (candidate.constituency_id, candidate.electoral_list_id)
                self._candidates[key].append(candidate)
        return self._candidates

    def candidate(
        self, constituency: Constituency, electoral_list: ElectoralList, text: str
    ) -> Candidate | str:
        """Return the candidate, or the key of the problem (unknown, ambiguous)."""
        running = self.candidates.get((constituency.pk, electoral_list.pk), [])
        number = _as_number(text)
        if number is not None:
            found = [c for c in running if c.number == number]
        else:
            key = name_key(text)
            found = [c for c in running if c.name_key == key]
            if not found:
                folded = _fold(text)
                found = [c for c in running if c.name_latin and _fold(c.name_latin) == folded]
        if len(found) == 1:
            return found[0]
        return "ambiguous_candidate" if found else "unknown_candidate"

    def running(self, constituency: Constituency, electoral_list: ElectoralList) -> bool:
        return (constituency.pk, electoral_list.pk) in self.candidates


# --- Coded values -------------------------------------------------------------------------------

GENDERS = {
    Candidate.Gender.FEMALE: ("f", "woman", "امرأة", "انثى", "مرشحة", "نساء", "ن"),
    Candidate.Gender.MALE: ("m", "man", "ذكر", "رجل", "مرشح", "رجال", "ر"),
}
COMMUNITIES = {
    Community.CHRISTIAN: ("مسيحي", "المسيحي", "مسيحيون", "المكون المسيحي", "المسيحيون"),
    Community.YAZIDI: ("ايزيدي", "الايزيدي", "يزيدي", "ايزيديون", "الايزيديون"),
    Community.SHABAK: ("شبك", "الشبك", "شبكي", "الشبكي"),
    Community.SABEAN_MANDAEAN: (
        "sabean",
        "mandaean",
        "صابئي",
        "الصابئة",
        "مندائي",
        "صابئي مندائي",
        "الصابئة المندائيون",
    ),
    Community.FEYLI_KURD: (
        "feyli",
        "faili",
        "فيلي",
        "كرد فيلي",
        "الكرد الفيليون",
        "الكردي الفيلي",
        "فيليون",
    ),
}


def _choices(spellings: dict) -> dict[str, str]:
    lookup = {}
    for code, words in spellings.items():
        for word in (code, code.label, *words):
            lookup[_fold(str(word))] = code
    return lookup


GENDER_LOOKUP = _choices(GENDERS)
COMMUNITY_LOOKUP = _choices(COMMUNITIES)
QUOTA_COLUMNS = {community.value.replace("-", "_"): community for community in Community}


# --- Importers ----------------------------------------------------------------------------------


class Row:
    __slots__ = ("cells", "failed", "importer", "line")

    def __init__(self, importer: ElectionImporter, line: int, cells: dict[str, str]):
        self.importer, self.line, self.cells, self.failed = importer, line, cells, False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.importer.error(self.line, column, message)

    def text(self, column: str, *, required: bool = False, max_length: int = 300) -> str:
        value = " ".join(self.cells.get(column, "").split())
        if required and not value:
            self.error(column, _("A value is required."))
        elif len(value) > max_length:
            self.error(
                column,
                _("At most %(max)d characters are allowed; this has %(length)d.")
                % {"max": max_length, "length": len(value)},
            )
            return ""  # said once: not looked up, nor quoted in further errors
        return value

    def count(
        self, column: str, *, required: bool = True, minimum: int = 0, maximum: int = MAX_VOTES
    ) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        number, problem = parse_votes(value)
        if problem and column == "votes":
            self.error(column, str(PROBLEMS[f"votes_{problem}"]) % {"value": value})
            return None
        if problem == "negative":
            self.error(column, _("“%(value)s” is negative.") % {"value": value})
            return None
        if problem == "not_a_number":
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return None
        if problem or number > maximum:
            self.error(
                column,
                _("“%(value)s” is above %(maximum)s.")
                % {"value": value[:50], "maximum": f"{maximum:,}"},
            )
            return None
        if number < minimum:
            self.error(
                column,
                _("“%(value)s” is below %(minimum)d.") % {"value": value, "minimum": minimum},
            )
            return None
        return number

    def constituency(self, lookups: Lookups) -> Constituency | None:
        value = self.text("constituency", required=True)
        if not value:
            return None
        found = lookups.constituency(value)
        if found is None:
            self.error("constituency", str(PROBLEMS["unknown_constituency"]) % {"value": value})
        return found

    def electoral_list(self, lookups: Lookups, constituency: Constituency | None):
        value = self.text("list", required=True)
        if not value:
            return None
        found = lookups.electoral_list(value)
        if found is None:
            self.error("list", str(PROBLEMS["unknown_list"]) % {"value": value})
        elif constituency is not None and not lookups.running(constituency, found):
            self.error(
                "list",
                str(PROBLEMS["list_not_running"])
                % {"value": value, "constituency": constituency.name},
            )
            return None
        return found


class ElectionImporter:
    """Read a file, check every row, then write (or, in a dry run, write and roll back)."""

    kind = ""
    # Column code → whether it is required, in the canonical order.
    columns: dict[str, bool] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    count_keys: tuple[str, ...] = ()

    def __init__(self, *, election: Election, actor, progress: Progress | None = None):
        self.election = election
        self.actor = actor
        self.progress = progress
        self.errors: list[RowError] = []
        self.more_errors = 0
        self._labels: dict[str, str] = {}
        self.lookups = Lookups(election)
        self.rows = 0
        self._csv_line: int | None = 2  # where the row the csv module reads starts

    # Errors.

    def error(self, line: int | None, column: str, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.more_errors += 1
            return
        self.errors.append(RowError(line, self._labels.get(column, column), shorten(message)))

    def fail_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors, more=self.more_errors)

    # The run.

    def run(self, stream, *, size: int | None = None, dry_run: bool = False) -> ImportSummary:
        if self.election.is_certified:
            raise ImportFailed(
                [RowError(None, "", _("This election's result is certified: nothing can change."))]
            )
        try:
            source = TextSource(stream, size=size)
            pieces = source.chunks()
            first = next(pieces, "")
            header, _newline, rest = first.partition("\n")
            self.read_header(header)
            self.fail_if_errors()
            body = itertools.chain([rest] if rest or _newline else [], pieces)
            self.read(source, body)
        except DecodeFailed as failure:
            raise decode_failure(failure) from None
        except csv.Error as error:
            raise csv_failure(self._csv_line, error) from None
        self.check_end()
        self.fail_if_errors()
        if not self.rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        counts = dict.fromkeys(self.count_keys, 0)
        try:
            with transaction.atomic(), audit_batch():
                try:
                    counts |= self.write()
                except ValidationError as error:
                    raise ImportFailed([RowError(None, "", m) for m in error.messages]) from None
                self.fail_if_errors()  # the checks of what was written
                if dry_run:
                    raise _RolledBack
        except _RolledBack:
            pass
        return ImportSummary(self.kind, source.encoding, self.rows, dry_run, counts)

    def read_header(self, header: str) -> None:
        lookup = {}
        for code in self.columns:
            for spelling in (code, code.replace("_", " "), *self.aliases.get(code, ())):
                lookup[_fold(spelling)] = code
        if not header.strip():
            self.error(1, "", _("The first line must name the columns; it is empty."))
            return
        self.delimiter = sniff_delimiter(header, lambda cell: _fold(cell) in lookup)
        cells = next(csv.reader([header], delimiter=self.delimiter))
        self.positions, labels = map_columns(
            cells, self.columns, lookup, clean=clean, fold=_fold, error=self.error
        )
        self._labels.update(labels)

    def read(self, source: TextSource, pieces) -> None:
        """Check each row (the default reads them with the csv module)."""
        lines = (line + "\n" for piece in pieces for line in piece.split("\n"))
        reader = csv.reader(lines, delimiter=self.delimiter)
        named = set(self.positions.values())
        done = 0
        for cells in reader:
            line = 2 + done
            done = reader.line_num
            self._csv_line = 2 + done  # where the next row starts
            if not any(c.strip() for c in cells):
                continue
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise too_many_rows(MAX_ROWS)
            row = Row(
                self,
                line,
                {
                    code: clean(cells[i]) if i < len(cells) else ""
                    for code, i in self.positions.items()
                },
            )
            for index, cell in enumerate(cells):
                if index not in named and clean(cell):
                    row.error(
                        "",
                        _("Cell %(number)d holds “%(value)s” but has no column name.")
                        % {"number": index + 1, "value": clean(cell)[:50]},
                    )
            self.check_row(row)
            if self.progress and not self.rows % 1000:
                self.progress(source.bytes_read, source.size or 0)

    def check_row(self, row: Row) -> None:
        raise NotImplementedError

    def check_end(self) -> None:
        """Check what only the whole file shows."""

    def write(self) -> dict[str, int]:
        raise NotImplementedError


class ConstituenciesImporter(ElectionImporter):
    kind = "constituencies"
    columns = {
        "constituency": True,
        "seats": True,
        "code": False,
        "name_en": False,
        "governorate": False,
        "women_seats": False,
        **dict.fromkeys(QUOTA_COLUMNS, False),
    }
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة", "name"),
        "seats": ("المقاعد", "عدد المقاعد", "المقاعد العامة"),
        "code": ("الرمز",),
        "name_en": ("الاسم بالانكليزية", "الاسم بالإنجليزية"),
        "governorate": ("المحافظة في البرلمان", "area"),
        "women_seats": ("مقاعد النساء", "كوتا النساء", "women"),
        "christian": ("مسيحي", "المسيحيين"),
        "yazidi": ("ايزيدي", "الايزيديين"),
        "shabak": ("شبك", "الشبك"),
        "sabean_mandaean": ("صابئة", "الصابئة المندائيين", "sabean mandaean"),
        "feyli_kurd": ("كرد فيليون", "الكرد الفيليين", "feyli kurd"),
    }
    count_keys = ("constituencies_created", "constituencies_corrected")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: list[services.ConstituencyInput] = []
        self._seen: dict[str, int] = {}
        existing = list(self.election.constituencies.all())
        self._by_code = {c.code: c for c in existing}
        self._by_key = {c.name_key: c for c in existing}
        self._areas = {}
        for area in Area.objects.all():
            for spelling in (area.identifier, area.name, area.name_en):
                if spelling:
                    self._areas.setdefault(_fold(spelling), area)

    def check_row(self, row: Row) -> None:
        name = row.text("constituency", required=True, max_length=200)
        seats = row.count("seats", minimum=1, maximum=MAX_SEATS)
        code = ascii_digits(row.text("code", max_length=100))
        women = row.count("women_seats", required=False, maximum=MAX_SEATS)
        if seats is not None and women is not None and women > seats:
            row.error("women_seats", _("More women's seats than general seats."))
        quota = {}
        for column, community in QUOTA_COLUMNS.items():
            number = row.count(column, required=False, maximum=MAX_SEATS)
            if number:
                quota[community.value] = number
        area = None
        governorate = row.text("governorate")
        if governorate:
            area = self._areas.get(_fold(governorate))
            if area is None:
                row.error(
                    "governorate",
                    _("No governorate of the representatives is “%(value)s”.")
                    % {"value": governorate},
                )
        key = name_key(name)
        if name and not key:
            row.error("constituency", _("A constituency needs a name."))
        # As services.constituencies_save matches a row: by code, else by name.
        matched = self._by_code.get(code or key) or self._by_key.get(key)
        other = self._by_key.get(key)
        if key and matched is not None and other is not None and other != matched:
            row.error(
                "constituency",
                _("The code “%(code)s” is the constituency %(matched)s, but %(name)s is another.")
                % {"code": code, "matched": matched.name, "name": other.name},
            )
        for key in {_fold(name), _fold(code)} - {""}:
            first = self._seen.setdefault(key, row.line)
            if first != row.line:
                row.error(
                    "constituency",
                    _("This constituency appears twice (first on line %(line)d).")
                    % {"line": first},
                )
                break
        if not row.failed and name:
            self.entries.append(
                services.ConstituencyInput(
                    name=name,
                    seats=seats,
                    code=code,
                    name_en=row.text("name_en", max_length=200),
                    area=area,
                    women_seats=women,
                    quota_seats=quota,
                )
            )

    def write(self) -> dict[str, int]:
        return services.constituencies_save(
            actor=self.actor, election=self.election, rows=self.entries
        )


class RosterImporter(ElectionImporter):
    kind = "roster"
    columns = {
        "constituency": True,
        "list": True,
        "number": True,
        "name": True,
        "gender": True,
        "name_latin": False,
        "community": False,
        "party": False,
        "list_number": False,
        "list_name_en": False,
        "party_name_en": False,
    }
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة"),
        "list": ("القائمة", "الكيان", "التحالف", "اسم القائمة"),
        "number": ("التسلسل", "رقم المرشح", "الرقم", "ballot number"),
        "name": ("الاسم", "اسم المرشح", "المرشح", "candidate"),
        "gender": ("الجنس", "النوع الاجتماعي"),
        "name_latin": ("الاسم بالانكليزية", "الاسم بالإنجليزية", "name en"),
        "community": ("المكون", "الكوتا", "quota"),
        "party": ("الحزب", "الحزب ضمن التحالف"),
        "list_number": ("رقم القائمة",),
        "list_name_en": ("اسم القائمة بالانكليزية",),
        "party_name_en": ("اسم الحزب بالانكليزية",),
    }
    count_keys = (
        "lists_created",
        "parties_created",
        "candidates_created",
        "candidates_corrected",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: list[services.CandidateInput] = []
        self._seen: dict[tuple, int] = {}
        self._list_numbers: dict[str, tuple[int, int]] = {}
        self._first_line: dict[int, int] = {}
        self._number_owner: dict[int, tuple[str, str, int]] = {}

    def check_row(self, row: Row) -> None:
        constituency = row.constituency(self.lookups)
        list_name = row.text("list", required=True)
        number = row.count("number", minimum=1, maximum=MAX_NUMBER)
        name = row.text("name", required=True, max_length=200)
        gender_text = row.text("gender", required=True)
        gender = GENDER_LOOKUP.get(_fold(gender_text)) if gender_text else None
        if gender_text and gender is None:
            row.error(
                "gender",
                _("“%(value)s” is not a gender this file can use: write female or male.")
                % {"value": gender_text},
            )
        community_text = row.text("community")
        community = ""
        if community_text:
            community = COMMUNITY_LOOKUP.get(_fold(community_text), "")
            if not community:
                row.error(
                    "community",
                    _("“%(value)s” is not a quota community. Use one of: %(choices)s.")
                    % {"value": community_text, "choices": join_list(Community.values)},
                )
            elif constituency is not None and community not in constituency.quota_seats:
                row.error(
                    "community",
                    _("%(name)s has no %(community)s quota seat.")
                    % {"name": constituency.name, "community": Community(community).label},
                )
        if list_name and not name_key(list_name):
            row.error("list", _("A list needs a name."))
        if name and not name_key(name):
            row.error("name", _("A candidate needs a name."))
        party = row.text("party")
        if party and not name_key(party):
            row.error("party", _("A party needs a name."))
        list_number = row.count("list_number", required=False, minimum=1, maximum=MAX_NUMBER)
        if list_name and list_number is not None:
            key = _fold(list_name)
            owner = (name_key(list_name), list_name, row.line)
            owner = self._number_owner.setdefault(list_number, owner)
            if owner[0] != name_key(list_name):
                row.error(
                    "list_number",
                    _("Line %(line)d gives the number %(number)d to the list “%(list)s”.")
                    % {"line": owner[2], "number": list_number, "list": owner[1]},
                )
            known = self._list_numbers.setdefault(key, (list_number, row.line))
            if known[0] != list_number:
                row.error(
                    "list_number",
                    _("List “%(list)s” has the number %(number)d on line %(line)d.")
                    % {"list": list_name, "number": known[0], "line": known[1]},
                )
            other = self.lookups.list_numbers.get(list_number)
            if other is not None and other.name_key != name_key(list_name):
                row.error(
                    "list_number",
                    _("The number %(number)d belongs to the list “%(list)s”.")
                    % {"number": list_number, "list": other.name},
                )
        if constituency is not None and number is not None and list_name:
            key = (constituency.pk, _fold(list_name), number)
            first = self._seen.setdefault(key, row.line)
            if first != row.line:
                row.error(
                    "number",
                    _("This list has candidate %(number)d twice here (first on line %(line)d).")
                    % {"number": number, "line": first},
                )
            self._first_line.setdefault(constituency.pk, row.line)
        if not row.failed:
            self.entries.append(
                services.CandidateInput(
                    constituency=constituency,
                    list_name=list_name,
                    number=number,
                    name=name,
                    gender=gender,
                    name_latin=row.text("name_latin", max_length=200),
                    community=community,
                    party_name=party,
                    list_number=list_number,
                    list_name_en=row.text("list_name_en"),
                    party_name_en=row.text("party_name_en"),
                )
            )

    def write(self) -> dict[str, int]:
        counts = services.roster_save(
            actor=self.actor, election=self.election, entries=self.entries
        )
        touched = Constituency.objects.filter(pk__in=self._first_line)
        for constituency, message in selectors.roster_problems(touched):
            self.error(self._first_line[constituency.pk], "constituency", message)
        return counts


class ListVotesImporter(ElectionImporter):
    kind = "lists"
    columns = {"constituency": True, "list": True, "votes": True}
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة"),
        "list": ("القائمة", "الكيان", "التحالف", "رقم القائمة"),
        "votes": ("الأصوات", "عدد الأصوات", "الاصوات الصحيحة"),
    }
    count_keys = ("constituencies", "list_results")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.votes: dict[int, dict[int, int]] = defaultdict(dict)
        self._seen: dict[tuple[int, int], int] = {}

    def check_row(self, row: Row) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        votes = row.count("votes")
        if constituency is None or electoral_list is None:
            return
        first = self._seen.setdefault((constituency.pk, electoral_list.pk), row.line)
        if first != row.line:
            row.error(
                "list",
                _("This list appears twice for %(name)s (first on line %(line)d).")
                % {"name": constituency.name, "line": first},
            )
        if not row.failed:
            self.votes[constituency.pk][electoral_list.pk] = votes

    def write(self) -> dict[str, int]:
        return services.list_results_replace(
            actor=self.actor, election=self.election, votes=self.votes
        )


class CandidateVotesImporter(ElectionImporter):
    kind = "candidates"
    columns = {"constituency": True, "list": True, "candidate": True, "votes": True}
    aliases = {
        **ListVotesImporter.aliases,
        "candidate": ("المرشح", "المرشحة", "رقم المرشح", "اسم المرشح", "التسلسل"),
    }
    count_keys = ("constituencies", "candidate_results")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.votes: dict[int, dict[int, int]] = defaultdict(dict)
        self._seen: dict[int, int] = {}
        self._per_list: dict[tuple[int, int], list] = {}

    def check_row(self, row: Row) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        text = row.text("candidate", required=True)
        votes = row.count("votes")
        if constituency is None or electoral_list is None or not text:
            return
        found = self.lookups.candidate(constituency, electoral_list, text)
        if isinstance(found, str):
            row.error(
                "candidate",
                str(PROBLEMS[found])
                % {"value": text, "list": electoral_list.name, "constituency": constituency.name},
            )
            return
        first = self._seen.setdefault(found.pk, row.line)
        if first != row.line:
            row.error(
                "candidate",
                _("This candidate appears twice (first on line %(line)d).") % {"line": first},
            )
        if not row.failed:
            self.votes[constituency.pk][found.pk] = votes
            if not found.community:
                entry = self._per_list.setdefault((constituency.pk, electoral_list.pk), [0, row])
                entry[0] += votes

    def check_end(self) -> None:
        entered = {
            (r.constituency_id, r.electoral_list_id): r.votes
            for r in ListResult.objects.filter(constituency_id__in=self.votes)
        }
        for key, (total, row) in self._per_list.items():
            if key in entered and total > entered[key]:
                row.error(
                    "list",
                    _(
                        "The candidates of this list have %(candidates)d votes here, more than "
                        "the list's %(list)d."
                    )
                    % {"candidates": total, "list": entered[key]},
                )

    def write(self) -> dict[str, int]:
        return services.candidate_results_replace(
            actor=self.actor, election=self.election, votes=self.votes
        )


class OfficialSeatsImporter(ElectionImporter):
    kind = "official"
    columns = {"constituency": True, "list": True, "seats": True}
    aliases = {
        **ListVotesImporter.aliases,
        "seats": ("المقاعد", "عدد المقاعد", "المقاعد الرسمية"),
    }
    count_keys = ("official_seats",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seats: dict[int, dict[int, int]] = defaultdict(dict)
        self._seen: dict[tuple[int, int], int] = {}
        self._places: dict[int, tuple[Constituency, Row]] = {}

    def check_row(self, row: Row) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        seats = row.count("seats", maximum=MAX_SEATS)
        if constituency is None or electoral_list is None:
            return
        first = self._seen.setdefault((constituency.pk, electoral_list.pk), row.line)
        if first != row.line:
            row.error(
                "list",
                _("This list appears twice for %(name)s (first on line %(line)d).")
                % {"name": constituency.name, "line": first},
            )
        if not row.failed:
            self.seats[constituency.pk][electoral_list.pk] = seats
            self._places.setdefault(constituency.pk, (constituency, row))

    def check_end(self) -> None:
        for pk, (constituency, row) in self._places.items():
            announced = sum(self.seats[pk].values())
            if announced > constituency.total_seats:
                row.error(
                    "seats",
                    _("%(announced)d seats announced, but %(name)s has only %(seats)d.")
                    % {
                        "announced": announced,
                        "name": constituency.name,
                        "seats": constituency.total_seats,
                    },
                )

    def write(self) -> dict[str, int]:
        constituencies = Constituency.objects.in_bulk(list(self.seats))
        written = 0
        for pk, per_list in self.seats.items():
            written += services.official_seats_set(
                actor=self.actor, constituency=constituencies[pk], seats=per_list
            )
        return {"official_seats": written}


class _Aggregator(StationAggregator):
    """The aggregator, with the line of a csv module error."""

    csv_line: int | None = None

    def read_rows(self, rows, first_line: int, **options) -> None:
        try:
            super().read_rows(rows, first_line, **options)
        except csv.Error:
            self.csv_line = first_line + rows.line_num - 1
            raise

    def _careful_line(self, line: str, line_no: int) -> None:
        try:
            super()._careful_line(line, line_no)
        except csv.Error:
            self.csv_line = line_no
            raise


class StationVotesImporter(ElectionImporter):
    """Station-level votes: per candidate, and optionally per list (a row with an empty
    candidate) and per station (a row with neither), streamed in bounded memory."""

    kind = "stations"
    columns = {
        "constituency": True,
        "station": True,
        "list": True,
        "candidate": True,
        "votes": True,
    }
    aliases = {
        **CandidateVotesImporter.aliases,
        "station": ("المحطة", "رقم المحطة", "محطة الاقتراع", "رقم محطة الاقتراع"),
    }
    count_keys = ("constituencies", "list_results", "candidate_results", "stations")

    def read(self, source: TextSource, pieces) -> None:
        self._indexes: dict[int, StationIndex] = {}
        aggregator = _Aggregator(
            constituency=self._index_for,
            resolve=self._resolve,
            delimiter=self.delimiter,
            max_problems=MAX_ERRORS,
            progress=self.progress,
        )
        order = [self.positions[code] for code in StationAggregator.COLUMNS]
        try:
            if order == list(range(len(order))) and len(self.positions) == len(order):
                aggregator.read_fast(source, pieces, 2)
            else:
                lines = (line + "\n" for piece in pieces for line in piece.split("\n"))
                aggregator.read_rows(
                    csv.reader(lines, delimiter=self.delimiter),
                    2,
                    positions=order,
                    width=max(self.positions.values()) + 1,
                    source=source,
                )
        except csv.Error:
            self._csv_line = aggregator.csv_line
            raise
        self.totals = aggregator.results()
        for problem in aggregator.problems:
            self.error(problem.line, problem.column, str(PROBLEMS[problem.key]) % problem.values)
        self.more_errors += aggregator.more_problems
        self.stations = aggregator.stations
        limit = PollingStation._meta.get_field("code").max_length
        for station in self.stations:
            if len(station.code) > limit:
                self.error(
                    station.line,
                    "station",
                    _("At most %(max)d characters are allowed; this has %(length)d.")
                    % {"max": limit, "length": len(station.code)},
                )
        self._check_recorded()
        self.rows = aggregator.rows if self.stations else 0

    def _check_recorded(self) -> None:
        """A station code recorded in a constituency the file does not cover is another
        station (those of the covered ones are replaced)."""
        covered = [totals.ref.pk for totals in self.totals]
        lines = {station.code: station.line for station in self.stations}
        codes = list(lines)
        for start in range(0, len(codes), 900):
            clashes = (
                PollingStation.objects.filter(
                    election=self.election, code__in=codes[start : start + 900]
                )
                .exclude(constituency_id__in=covered)
                .select_related("constituency")
                .order_by("code")
            )
            for clash in clashes:
                self.error(
                    lines[clash.code],
                    "station",
                    _("Station %(station)s is already recorded in %(name)s.")
                    % {"station": clash.code, "name": clash.constituency.name},
                )

    def _index_for(self, text: str) -> StationIndex | Problem:
        constituency = self.lookups.constituency(text)
        if constituency is None:
            return Problem(None, "constituency", "unknown_constituency", {"value": text})
        if constituency.pk in self._indexes:
            return self._indexes[constituency.pk]
        candidates = [
            c
            for (cid, _lid), members in self.lookups.candidates.items()
            if cid == constituency.pk
            for c in members
        ]
        running = {c.electoral_list_id for c in candidates}
        lists = self.election.lists.filter(pk__in=running)
        index = build_index(
            constituency,
            constituency.name,
            [(item.pk, item.number, item.name) for item in lists],
            [(c.pk, c.electoral_list_id, c.number) for c in candidates],
            delimiter=self.delimiter,
        )
        self._indexes[constituency.pk] = index
        return index

    def _resolve(self, index: StationIndex, list_text: str, candidate_text: str, line: int):
        constituency = index.ref
        if not list_text:
            if candidate_text:
                return Problem(line, "list", "candidate_without_list", {})
            return index.total_position
        electoral_list = self.lookups.electoral_list(list_text)
        if electoral_list is None:
            return Problem(line, "list", "unknown_list", {"value": list_text})
        if electoral_list.pk not in index.list_position:
            return Problem(
                line,
                "list",
                "list_not_running",
                {"value": list_text, "constituency": constituency.name},
            )
        if not candidate_text:
            return index.candidates + index.list_position[electoral_list.pk]
        found = self.lookups.candidate(constituency, electoral_list, candidate_text)
        if isinstance(found, str):
            return Problem(
                line,
                "candidate",
                found,
                {
                    "value": candidate_text,
                    "list": electoral_list.name,
                    "constituency": constituency.name,
                },
            )
        return index.candidate_position[found.pk]

    def write(self) -> dict[str, int]:
        list_votes, candidate_votes = {}, {}
        for totals in self.totals:
            index = self._indexes[totals.ref.pk]
            list_votes[totals.ref.pk] = dict(zip(index.list_refs, totals.list_votes, strict=True))
            candidate_votes[totals.ref.pk] = dict(
                zip(index.candidate_refs, totals.candidate_votes, strict=True)
            )
        stations = (
            services.StationInput(s.constituency.pk, s.code, s.votes) for s in self.stations
        )
        return services.station_results_replace(
            actor=self.actor,
            election=self.election,
            list_votes=list_votes,
            candidate_votes=candidate_votes,
            stations=stations,
        )


IMPORTERS: dict[str, type[ElectionImporter]] = {
    importer.kind: importer
    for importer in (
        ConstituenciesImporter,
        RosterImporter,
        ListVotesImporter,
        CandidateVotesImporter,
        StationVotesImporter,
        OfficialSeatsImporter,
    )
}


def election_import(
    kind: str,
    stream,
    *,
    election: Election,
    actor,
    size: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one file (a binary stream) of the given kind into the election."""
    importer = IMPORTERS[kind](election=election, actor=actor, progress=progress)
    return importer.run(stream, size=size, dry_run=dry_run)
