"""The base importer: a subclass declares its format (its kind, columns and their Arabic
names, what it counts) and says how to check a row and what to write; the base reads the
header and the rows, gathers every error with its line and column, and writes all or
nothing — a dry run makes the same writes through the same services and rolls them back,
so its summary is exactly what the import would do."""

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jisr.core.lists import join_list
from jisr.core.services import audit_batch
from jisr.core.text.cells import clean, sniff_delimiter
from jisr.core.transactions import EntryService

from .errors import ImportFailed, RowError, csv_failure, shorten
from .rows import Row, fold
from .runs import RUN_KINDS, recorded

Progress = Callable[[int, int], None]
RowT = TypeVar("RowT", bound=Row)

# Every format's counts, by key: a summary kept in the session or in an ImportRun is read
# back with its labels in the language of the page showing it.
COUNT_LABELS: dict[str, Promise] = {}


@dataclass
class ImportSummary:
    """What an import did, or (``dry_run``) would do."""

    kind: str
    encoding: str
    rows: int
    dry_run: bool
    counts: dict[str, int]
    delimiter: str = ","

    def items(self) -> list[tuple[str, int]]:
        """Return (translated label, count) pairs in the format's order."""
        return [(str(COUNT_LABELS.get(key, key)), n) for key, n in self.counts.items()]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "encoding": self.encoding,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "counts": dict(self.counts),
            "delimiter": self.delimiter,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportSummary":
        return cls(**data)

    @property
    def changes(self) -> int:
        return sum(n for key, n in self.counts.items() if key != "unchanged")


class _RolledBack(Exception):
    pass


@contextmanager
def writing(*, dry_run: bool):
    """Write in one transaction whose audit entries are chained at its end (the log's
    head is locked for a moment, not for the whole import); a dry run rolls it all back."""
    try:
        with transaction.atomic(), audit_batch():
            yield
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        pass


def map_columns(cells, columns: dict, lookup: dict, *, error):
    """Where each known column of a header row stands, and how the file names it.
    Unknown, repeated and missing required columns are reported with ``error`` (line 1)."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(cells):
        label = clean(cell)
        if not label:
            continue
        code = lookup.get(fold(label))
        if code is None:
            error(
                1,
                label,
                _("Unknown column. The columns of this format are: %(columns)s.")
                % {"columns": join_list(columns)},
            )
        elif code in positions:
            error(1, label, _("This column appears twice."))
        else:
            positions[code] = index
            labels[code] = label
    for code, required in columns.items():
        if required and code not in positions:
            error(1, code, _("This required column is missing."))
    return positions, labels


class CsvImporter(Generic[RowT]):
    """Declare ``kind`` and its ``label``, ``columns`` (code → required), ``aliases``
    (code → other names, Arabic ones first of all), ``counts`` (key → label, in the
    summary's order) and the ``row_class`` its rows are read as; define ``check_row`` (and
    ``check_end``) and ``write(counts)``."""

    kind = ""
    label: Promise | str = ""
    columns: dict[str, bool] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    counts: dict[str, Promise] = {}
    row_class: type[RowT]
    # The longest text a cell may hold when the format does not say (None: no limit).
    text_limit: int | None = None
    max_errors = 200
    # The format's run: reads the file (its bytes, or a stream) and returns its summary;
    # each family of importers defines it with the keywords it takes.
    run: Callable[..., "ImportSummary"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        COUNT_LABELS.update(cls.counts)
        if cls.kind:
            RUN_KINDS[cls.run_kind()] = cls.label

    @classmethod
    def run_kind(cls) -> str:
        """The kind of its ImportRun: the app, then the format (``elections.roster``)."""
        return f"{cls.__module__.split('.')[1]}.{cls.kind}"

    def __init__(self, *, actor, progress: Progress | None = None):
        self.actor = actor
        self.progress = progress
        self.errors: list[RowError] = []
        self.more_errors = 0
        self.labels: dict[str, str] = {}
        self.positions: dict[str, int] = {}
        self.delimiter = ","

    def recorded_run(self, data, *, dry_run: bool, file_name: str = "", **options):
        """Run the import and record the run; ``data`` is the file's bytes, or a
        HashingReader the import streams it from."""
        with recorded(
            self.run_kind(), actor=self.actor, dry_run=dry_run, data=data, file_name=file_name
        ) as run:
            summary = self.run(data, dry_run=dry_run, **options)
            run.summary = summary.as_dict()
        return summary

    # What a format defines.

    def check_row(self, row: RowT) -> None:
        raise NotImplementedError

    def check_end(self) -> None:
        """Check what only the whole file shows."""

    def write(self, counts: Counter) -> None:
        raise NotImplementedError

    # Errors.

    def error(self, line: int | None, column: str, message: str) -> None:
        if len(self.errors) >= self.max_errors:
            self.more_errors += 1
            return
        self.errors.append(RowError(line, self.labels.get(column, column), shorten(message)))

    def fail_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors, more=self.more_errors)

    def call(self, line: int | None, service: EntryService, **kwargs):
        """Call an entry service as a part of the import's transaction."""
        with self.refusal_names(line):
            return service.within(actor=self.actor, **kwargs)

    @contextmanager
    def refusal_names(self, line: int | None):
        """A service's refusal inside (which the checks should have caught) names the line
        and undoes everything."""
        try:
            yield
        except ValidationError as error:
            raise ImportFailed([RowError(line, "", m) for m in error.messages]) from None

    # Reading.

    @classmethod
    def header_lookup(cls) -> dict[str, str]:
        lookup = {}
        for code in cls.columns:
            for spelling in (code, code.replace("_", " "), *cls.aliases.get(code, ())):
                lookup[fold(spelling)] = code
        return lookup

    def read_header(self, header: str) -> None:
        """Find the delimiter and where each column stands; report what is wrong with it."""
        if not header.strip():
            self.error(1, "", _("The first line must name the columns; it is empty."))
            return
        lookup = self.header_lookup()
        self.delimiter = sniff_delimiter(header, lambda cell: fold(cell) in lookup)
        cells = next(csv.reader([header], delimiter=self.delimiter))
        self.positions, labels = map_columns(cells, self.columns, lookup, error=self.error)
        self.labels.update(labels)

    def iter_rows(self, lines: Iterable[str], *, quiet: bool = False) -> Iterator[RowT]:
        """Yield the data rows of the lines after the header, skipping empty ones, each
        with the line it starts on; unless ``quiet``, a cell under no column is an error."""
        reader = csv.reader(lines, delimiter=self.delimiter)
        named = set(self.positions.values())
        start = 2
        try:
            for cells in reader:
                line, start = start, 2 + reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                row = self.row_class(
                    self,
                    line,
                    {
                        code: clean(cells[i]) if i < len(cells) else ""
                        for code, i in self.positions.items()
                    },
                )
                if not quiet:
                    for index, cell in enumerate(cells):
                        if index not in named and clean(cell):
                            row.error(
                                "",
                                _("Cell %(number)d holds “%(value)s” but has no column name.")
                                % {"number": index + 1, "value": clean(cell)[:50]},
                            )
                yield row
        except csv.Error as error:  # named by the line its row starts on: an open quote
            raise csv_failure(start, error) from None

    def empty_counts(self) -> Counter:
        return Counter(dict.fromkeys(self.counts, 0))

    def summary(self, counts: Counter, *, encoding: str, rows: int, dry_run: bool):
        return ImportSummary(
            kind=self.kind,
            encoding=encoding,
            rows=rows,
            dry_run=dry_run,
            counts={key: counts[key] for key in self.counts},
            delimiter=self.delimiter,
        )
