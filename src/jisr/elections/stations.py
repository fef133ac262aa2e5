"""Reading large CSV files in bounded memory, and adding up station-level results.

No Django here: the importer (importers.py) and the benchmark (bench/elections_stations.py)
run the same code. A national station file has about ten million rows; the aggregator
reads it in chunks of a megabyte and keeps only one running total per candidate, list and
constituency, and one small record per station.

Speed comes from doing almost nothing per row. For a file whose columns are in the
canonical order (constituency, station, list, candidate, votes) and that has no quoted
cells, a row costs one prefix cut, one partition, two dictionary look-ups and one integer
addition. Every row the fast path does not recognise at once (a spelling of a name it has
not met, a number above 9,999 or with separators, a blank line, an error) goes through the
careful path, which parses it properly, reports what is wrong with its line and column,
and teaches the fast path the new spelling. A file with quoted cells or its columns in
another order is read with the ``csv`` module, with the same shortcut for rows spelled as
already met.

Each running total also counts its rows, ``ROW`` at a time above the votes, so the checks
made at the end of each station (its total row, its list rows) know which rows it had
without any work per row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter, ne
from typing import NamedTuple

from jisr.core.text.cells import clean
from jisr.core.text.decoding import TextSource
from jisr.core.text.digits import whole_number_digits

# Above any constituency's electorate, and far below what a running total holds (VOTES).
MAX_VOTES = 100_000_000
# A running total is rows × ROW + votes: its votes stay below 2**32 (four billion votes in
# one constituency), and the totals stay small enough for sum()'s fast path.
ROW = 1 << 32
VOTES = ROW - 1
SHIFT = 32
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬", "01234567890123456789,")

_TABLE_SIZE = 10_000
_ROW_VOTES: dict[str, int] = {}


def row_votes() -> dict[str, int]:
    """Return {votes as written: votes + ROW} for 0 to 9,999 in ASCII and Arabic-Indic
    digits: a dictionary look-up is cheaper than int(), and anything else (a minus sign, a
    separator, a larger number) misses it and goes to the careful path."""
    if not _ROW_VOTES:
        arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
        for n in range(_TABLE_SIZE):
            _ROW_VOTES[str(n)] = _ROW_VOTES[str(n).translate(arabic)] = n + ROW
    return _ROW_VOTES


def ascii_digits(text: str) -> str:
    return text.translate(_ARABIC_INDIC)


# --- Numbers ------------------------------------------------------------------------------------


def parse_votes(text: str) -> tuple[int | None, str | None]:
    """Return (votes, None), or (None, the error's key: empty, negative, not_a_number,
    too_big): ASCII, Arabic-Indic or Persian digits, with or without thousands separators
    (56,436 or ٥٦٬٤٣٦), at most MAX_VOTES."""
    raw = ascii_digits(clean(text))
    if not raw:
        return None, "empty"
    if raw[0] in "-−":
        return None, "negative"
    digits = whole_number_digits(raw)
    if digits is None:
        return None, "not_a_number"
    # No int() of a thousand digits: a number longer than the bound is too big already.
    if len(digits.lstrip("0")) > len(str(MAX_VOTES)) or int(digits) > MAX_VOTES:
        return None, "too_big"
    return int(digits), None


# --- Station files ------------------------------------------------------------------------------


def _yielded(it) -> int:
    """How many items a list iterator has yielded (its pickled state; no counting)."""
    return it.__reduce__()[2]


@dataclass
class ConstituencyIndex:
    """What the aggregator needs to know of one constituency.

    Running totals are laid out as ``candidates`` candidates, then ``lists`` list rows,
    then the station total; ``keys`` maps "list<delimiter>candidate" as written in the
    file to a position (the candidate part is empty for a list's row, both parts for the
    station's total). ``candidate_list[i]`` is the list position of candidate ``i``.
    """

    ref: object
    label: str
    candidates: int
    lists: int
    keys: dict[str, int]
    candidate_list: list[int]
    list_labels: list[str]
    totals: list[int] = field(default_factory=list)
    first_line: int | None = None
    stations: int = 0
    _last: tuple = ()
    # Each position's ref and each ref's position (set by build_index).
    list_refs: list = field(default_factory=list)
    candidate_refs: list = field(default_factory=list)
    list_position: dict = field(default_factory=dict)
    candidate_position: dict = field(default_factory=dict)

    def __post_init__(self):
        self.totals = [0] * (self.candidates + self.lists + 1)
        self._last = ([0] * self.lists, 0)
        self._candidates = 0

    @property
    def total_position(self) -> int:
        return self.candidates + self.lists


def build_index(ref, label: str, lists, candidates, *, delimiter: str = ",") -> ConstituencyIndex:
    """Return the index of a constituency whose ``lists`` are (ref, ballot number or None,
    label) and whose ``candidates`` are (ref, list ref, ballot number). Rows naming a list
    and a candidate by their numbers are found at once; other spellings are resolved by the
    caller's ``resolve`` and remembered. ``list_refs``/``candidate_refs`` give each
    position's ref, ``list_position``/``candidate_position`` each ref's position."""
    lists = sorted(lists, key=lambda item: (item[1] is None, item[1] or 0))
    list_position = {item[0]: i for i, item in enumerate(lists)}
    numbers = {item[0]: item[1] for item in lists}
    candidates = sorted(candidates, key=lambda c: (list_position[c[1]], c[2]))
    keys = {}
    for position, (_ref, list_ref, number) in enumerate(candidates):
        if numbers[list_ref] is not None:
            keys[f"{numbers[list_ref]}{delimiter}{number}"] = position
    for item in lists:
        if item[1] is not None:
            keys[f"{item[1]}{delimiter}"] = len(candidates) + list_position[item[0]]
    keys[delimiter] = len(candidates) + len(lists)
    index = ConstituencyIndex(
        ref=ref,
        label=label,
        candidates=len(candidates),
        lists=len(lists),
        keys=keys,
        candidate_list=[list_position[c[1]] for c in candidates],
        list_labels=[item[2] for item in lists],
    )
    index.list_refs = [item[0] for item in lists]
    index.candidate_refs = [c[0] for c in candidates]
    index.list_position = list_position
    index.candidate_position = {c[0]: i for i, c in enumerate(candidates)}
    return index


class StationTotals(NamedTuple):
    code: str
    constituency: object
    line: int
    votes: int  # valid votes: the total row, else the list rows' sum, else the candidates'


@dataclass(frozen=True)
class ConstituencyTotals:
    ref: object
    candidate_votes: list[int]
    list_votes: list[int]
    stations: int


@dataclass(frozen=True)
class Problem:
    """An error at a line and column (the column as a code: "station", "votes" …)."""

    line: int | None
    column: str
    key: str
    values: dict


class _Careful(Exception):
    pass


class StationAggregator:
    """Add up a station-level file: each candidate's votes, each list's votes, each
    station's totals, with the checks that need the whole station.

    ``constituency(text)`` returns the ConstituencyIndex a constituency cell names (the
    same object for every spelling of it), or a Problem key with its values.
    ``resolve(index, list_text, candidate_text)`` returns a position in ``index`` or a
    Problem; the aggregator remembers the answer for the spelling.
    """

    COLUMNS = ("constituency", "station", "list", "candidate", "votes")

    def __init__(
        self,
        *,
        constituency: Callable[[str], ConstituencyIndex | Problem],
        resolve: Callable[[ConstituencyIndex, str, str, int], int | Problem],
        delimiter: str = ",",
        max_problems: int = 200,
        progress: Callable[[int, int], None] | None = None,
    ):
        self._constituency_of = constituency
        self._resolve = resolve
        self.sep = delimiter
        self.max_problems = max_problems
        self.progress = progress
        self.problems: list[Problem] = []
        self.more_problems = 0
        self.rows = 0
        self.stations: list[StationTotals] = []
        self.constituencies: dict[int, ConstituencyIndex] = {}
        self._by_text: dict[str, ConstituencyIndex | Problem] = {}
        self._seen: dict[str, int] = {}
        self._unknown: dict[tuple[int, str], Problem] = {}
        self._with_list_rows: bool | None = None
        self._votes = row_votes()
        # The current station.
        self._index: ConstituencyIndex | None = None
        self._identity: tuple[str, str] | None = None
        self._code = ""
        self._line = 0
        self._keys: dict[str, int] = {}
        self._totals: list[int] = []
        self._prefix = "\0"

    # --- Problems

    def problem(self, line: int | None, column: str, key: str, **values) -> None:
        if len(self.problems) >= self.max_problems:
            self.more_problems += 1
            return
        self.problems.append(Problem(line, column, key, values))

    # --- Reading

    def read_fast(self, source: TextSource, pieces: Iterator[str], first_line: int) -> None:
        """Read the rest of a file whose columns are in the canonical order, switching to
        the csv module for good at the first quoted cell."""
        line_no = first_line
        total = source.size or 0
        for piece in pieces:
            lines = piece.split("\n")
            if '"' in piece:
                rest = (line + "\n" for more in pieces for line in more.split("\n"))
                reader = csv.reader(_chain_lines(lines, rest), delimiter=self.sep)
                self.read_rows(reader, line_no, source=source)
                return
            self._fast(lines, line_no)
            line_no += len(lines)
            self.rows += len(lines)
            if self.progress:
                self.progress(source.bytes_read, total)
        self.finish()

    def _fast(self, lines: list[str], base: int) -> None:
        keys, totals, prefix, sep = self._keys, self._totals, self._prefix, self.sep
        votes_of = self._votes
        it = iter(lines)
        while True:
            try:
                for line in it:
                    # One call both tests that the row is the current station's and cuts
                    # off its constituency and station.
                    rest = line.removeprefix(prefix)
                    if rest is line:
                        self._switch(line, base + _yielded(it) - 1)
                        keys, totals, prefix = self._keys, self._totals, self._prefix
                        rest = line.removeprefix(prefix)
                    key, _, votes = rest.rpartition(sep)
                    totals[keys[key]] += votes_of[votes]
                return
            except (KeyError, _Careful):
                self._careful_line(line, base + _yielded(it) - 1)
                keys, totals, prefix = self._keys, self._totals, self._prefix

    def read_rows(
        self,
        rows,
        first_line: int,
        *,
        positions=None,
        width: int | None = None,
        source: TextSource | None = None,
    ) -> None:
        """Read rows parsed by the csv module: ``positions`` picks the five columns of the
        ``width`` a row has. Rows of the current station whose list, candidate and votes are
        spelled as already met are added at once; the others go through the careful path."""
        width = width or len(self.COLUMNS)
        pick = itemgetter(*(positions or range(len(self.COLUMNS))))
        sep, votes_of = self.sep, self._votes
        current = None  # the current station's first two cells, as written
        done = 0
        for cells in rows:
            line = first_line + done
            done = rows.line_num
            self.rows += 1
            try:
                picked = pick(cells)
                if picked[:2] != current or len(cells) != width:
                    raise KeyError
                self._totals[self._keys[f"{picked[2]}{sep}{picked[3]}"]] += votes_of[picked[4]]
            except (KeyError, IndexError):
                if positions is not None:
                    width = len(cells)
                    picked = [cells[i] if i < width else "" for i in positions]
                else:
                    picked = cells
                self._careful_cells(picked, line)
                current = tuple(picked[:2]) if self._index is not None else None
            if self.progress and source is not None and not self.rows % 65536:
                self.progress(source.bytes_read, source.size or 0)
        self.finish()

    # --- Stations

    def _switch(self, line: str, line_no: int) -> None:
        """The line does not start like the current station's: find out whether it is a
        new station (or a blank or broken line: the careful path)."""
        parts = line.split(self.sep, 2)
        if len(parts) < 3:
            raise _Careful
        constituency, code = clean(parts[0]), ascii_digits(clean(parts[1]))
        if (constituency, code) != self._identity:
            self._start(constituency, code, line_no)
        if self._index is not None:
            self._prefix = f"{parts[0]}{self.sep}{parts[1]}{self.sep}"

    def _start(self, constituency: str, code: str, line_no: int) -> None:
        self.finish_station()
        self._identity = (constituency, code)
        self._prefix = "\0"
        self._keys, self._totals, self._index = {}, [], None
        if not code:
            self.problem(line_no, "station", "station_empty")
            return
        index = self._by_text.get(constituency)
        if index is None:
            index = self._by_text[constituency] = self._constituency_of(constituency)
            if isinstance(index, Problem):
                self.problem(line_no, "constituency", index.key, **index.values)
        if isinstance(index, Problem):
            return
        first = self._seen.get(code)
        if first is not None:
            self.problem(line_no, "station", "station_again", station=code, first=first)
            return
        self._seen[code] = line_no
        if index.first_line is None:
            index.first_line = line_no
            self.constituencies[id(index)] = index
        self._index, self._code, self._line = index, code, line_no
        self._keys, self._totals = index.keys, index.totals

    def finish_station(self) -> None:
        """Check the station just read against the running totals at its start: its total
        row against its list rows (or, in a file without list rows, its candidates)."""
        index = self._index
        if index is None:
            return
        self._index = None
        totals = index.totals
        before_l, before_t = index._last
        after_l, after_t = totals[index.candidates : -1], totals[-1]
        index._last = (after_l, after_t)
        index.stations += 1
        lists, total = sum(after_l) - sum(before_l), after_t - before_t
        list_rows, total_rows = lists >> SHIFT, total >> SHIFT
        if list_rows:
            valid = lists & VOTES
            if list_rows > sum(map(ne, after_l, before_l)):
                self.problem(self._line, "station", "list_row_twice", station=self._code)
        else:
            # Only a file without list rows needs the candidates' sum, station by station.
            after_c = sum(totals[: index.candidates])
            before_c, index._candidates = index._candidates, after_c
            valid = (after_c - before_c) & VOTES
            if not (after_c - before_c) >> SHIFT and not total_rows:
                valid = None  # an empty station
        if valid is not None:
            has_list_rows = list_rows > 0
            if self._with_list_rows is None:
                self._with_list_rows = has_list_rows
            elif has_list_rows != self._with_list_rows:
                key = "list_rows_missing" if self._with_list_rows else "list_rows_unexpected"
                self.problem(self._line, "station", key, station=self._code)
        total_votes = total & VOTES
        if total_rows > 1:
            self.problem(self._line, "station", "total_twice", station=self._code)
        elif total_rows and total_votes != valid:
            key = "total_mismatch_lists" if list_rows else "total_mismatch_candidates"
            self.problem(
                self._line, "station", key, station=self._code, total=total_votes, sum=valid or 0
            )
        self.stations.append(
            StationTotals(
                self._code, index.ref, self._line, total_votes if total_rows else valid or 0
            )
        )

    # --- The careful path

    def _careful_line(self, line: str, line_no: int) -> None:
        if not line.strip():
            return
        cells = next(csv.reader([line], delimiter=self.sep))
        self._careful_cells(cells, line_no)

    def _careful_cells(self, cells: list[str], line_no: int) -> None:
        if not any(c.strip() for c in cells):
            return
        if len(cells) != len(self.COLUMNS):
            self.problem(line_no, "", "cells", expected=len(self.COLUMNS), found=len(cells))
            return
        constituency, code = clean(cells[0]), ascii_digits(clean(cells[1]))
        if (constituency, code) != self._identity:
            self._start(constituency, code, line_no)
        index = self._index
        if index is None:
            return
        votes, error = parse_votes(cells[4])
        if error or votes is None:  # no votes comes with an error
            self.problem(line_no, "votes", f"votes_{error}", value=clean(cells[4])[:50])
            return
        key = f"{cells[2]}{self.sep}{cells[3]}"
        position = index.keys.get(key)
        if position is None:
            cached = self._unknown.get((id(index), key))
            found = cached or self._resolve(index, clean(cells[2]), clean(cells[3]), line_no)
            if isinstance(found, Problem):
                self._unknown[(id(index), key)] = found
                self.problem(line_no, found.column, found.key, **found.values)
                return
            position = found
            index.keys[key] = position
        index.totals[position] += votes + ROW

    # --- The end

    def finish(self) -> None:
        self.finish_station()

    def results(self) -> list[ConstituencyTotals]:
        """Return each constituency's totals; list votes are the sums of the list rows, or
        of the candidates' votes when the file has no list rows. Problems found here (a
        list whose rows count fewer votes than its candidates) are added."""
        out = []
        for index in self.constituencies.values():
            nc, nl = index.candidates, index.lists
            candidates = [value & VOTES for value in index.totals[:nc]]
            from_candidates = [0] * nl
            for position, votes in enumerate(candidates):
                from_candidates[index.candidate_list[position]] += votes
            if self._with_list_rows:
                lists = [value & VOTES for value in index.totals[nc : nc + nl]]
                for position, (listed, summed) in enumerate(
                    zip(lists, from_candidates, strict=True)
                ):
                    if listed < summed:
                        self.problem(
                            index.first_line,
                            "list",
                            "list_below_candidates",
                            constituency=index.label,
                            list=index.list_labels[position],
                            lists=listed,
                            candidates=summed,
                        )
            else:
                lists = from_candidates
            out.append(ConstituencyTotals(index.ref, candidates, lists, index.stations))
        return out


def _chain_lines(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    for line in first:
        yield line + "\n"
    yield from rest
