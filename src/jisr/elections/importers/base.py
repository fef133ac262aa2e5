"""What the election formats share: finding the election's constituencies, lists and
candidates by the ways a file names them, reading counts, and the run, which streams the
file in bounded memory whatever its size."""

import csv
import itertools
from collections import defaultdict

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.core.importing import (
    Choices,
    CsvImporter,
    DecodeFailed,
    ImportFailed,
    ImportSummary,
    Progress,
    Row,
    RowError,
    TextSource,
    csv_failure,
    decode_failure,
    fold,
    too_many_rows,
    writing,
)
from jisr.core.text.arabic import name_key

from ..models import Candidate, Community, Constituency, Election, ElectoralList
from ..stations import MAX_VOTES, ascii_digits, parse_votes

# The set-up and result files are kept in memory until they are written; a station file is
# added up as it is read, and has no limit.
MAX_ROWS = 200_000
MAX_SEATS = 1_000
MAX_NUMBER = 1_000_000


def as_number(text: str) -> int | None:
    """A list's or a candidate's number, if the text is one (and not a name)."""
    digits = ascii_digits(text).strip()
    # No int() of a thousand digits; no number this long is a list's or a candidate's.
    if digits.isdigit() and digits.isascii() and len(digits) < 19:
        return int(digits)
    return None


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


class Lookups:
    """The election's constituencies, lists and candidates, found by the ways a file
    names them: a code or number in any digits, or a name folded (hamza forms, ة/ه …)."""

    def __init__(self, election: Election):
        self.election = election
        self.constituencies: dict[str, Constituency] = {}
        for item in election.constituencies.all():
            for spelling in (item.code, item.name, item.name_en):
                if spelling:
                    self.constituencies.setdefault(fold(spelling), item)
        self.lists: dict[str, ElectoralList] = {}
        self.list_numbers: dict[int, ElectoralList] = {}
        for electoral_list in election.lists.all():
            for spelling in (electoral_list.name, electoral_list.name_en):
                if spelling:
                    self.lists.setdefault(fold(spelling), electoral_list)
            if electoral_list.number is not None:
                self.list_numbers[electoral_list.number] = electoral_list
        self._candidates: dict[tuple[int, int], list[Candidate]] | None = None

    def constituency(self, text: str) -> Constituency | None:
        return self.constituencies.get(fold(text))

    def electoral_list(self, text: str) -> ElectoralList | None:
        number = as_number(text)
        if number is not None and number in self.list_numbers:
            return self.list_numbers[number]
        return self.lists.get(fold(text))

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
        number = as_number(text)
        if number is not None:
            found = [c for c in running if c.number == number]
        else:
            key = name_key(text)
            found = [c for c in running if c.name_key == key]
            if not found:
                folded = fold(text)
                found = [c for c in running if c.name_latin and fold(c.name_latin) == folded]
        if len(found) == 1:
            return found[0]
        return "ambiguous_candidate" if found else "unknown_candidate"

    def running(self, constituency: Constituency, electoral_list: ElectoralList) -> bool:
        return (constituency.pk, electoral_list.pk) in self.candidates


# --- Coded values ---

GENDERS = Choices(
    None,
    {
        Candidate.Gender.FEMALE: ("f", "woman", "امرأة", "انثى", "مرشحة", "نساء", "ن"),
        Candidate.Gender.MALE: ("m", "man", "ذكر", "رجل", "مرشح", "رجال", "ر"),
    },
)
COMMUNITIES = Choices(
    None,
    {
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
    },
)
QUOTA_COLUMNS = {community.value.replace("-", "_"): community for community in Community}


class ElectionRow(Row):
    """A row, with the counts and the places an election file names."""

    __slots__ = ()

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
        if problem or number is None or number > maximum:
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


class ElectionImporter(CsvImporter[ElectionRow]):
    """Read a file as a stream, check every row, then write (or, in a dry run, write and
    roll back)."""

    row_class = ElectionRow
    text_limit = 300

    def __init__(self, *, election: Election, actor: User | str, progress: Progress | None = None):
        super().__init__(actor=actor, progress=progress)
        self.election = election
        self.lookups = Lookups(election)
        self.rows = 0
        self._csv_line: int | None = 2  # where the row the csv module reads starts
        self._list_lines: dict[tuple[int, int], int] = {}

    def run(self, stream, *, size: int | None = None, dry_run: bool = False) -> ImportSummary:
        if self.election.is_certified:
            raise ImportFailed(
                [RowError(None, "", _("This election's result is certified: nothing can change."))]
            )
        try:
            source = TextSource(stream, size=size)
            pieces = source.chunks()
            first = next(pieces, "")
            header, newline, rest = first.partition("\n")
            self.read_header(header)
            self.fail_if_errors()
            self.read(source, itertools.chain([rest] if rest or newline else [], pieces))
        except DecodeFailed as failure:
            raise decode_failure(failure) from None
        except csv.Error as error:
            raise csv_failure(self._csv_line, error) from None
        self.check_end()
        self.fail_if_errors()
        if not self.rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        counts = self.empty_counts()
        with writing(dry_run=dry_run):
            with self.refusal_names(None):
                self.write(counts)
            self.fail_if_errors()  # the checks of what was written
        return self.summary(counts, encoding=source.encoding, rows=self.rows, dry_run=dry_run)

    def once_per_list(self, row, constituency, electoral_list) -> None:
        """A file gives each list's figure once per constituency."""
        first = self._list_lines.setdefault((constituency.pk, electoral_list.pk), row.line)
        if first != row.line:
            row.error(
                "list",
                _("This list appears twice for %(name)s (first on line %(line)d).")
                % {"name": constituency.name, "line": first},
            )

    def read(self, source: TextSource, pieces) -> None:
        """Check each row (the default reads them with the csv module)."""
        lines = (line + "\n" for piece in pieces for line in piece.split("\n"))
        for row in self.iter_rows(lines):
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise too_many_rows(MAX_ROWS)
            self.check_row(row)
            if self.progress and not self.rows % 1000:
                self.progress(source.bytes_read, source.size or 0)
