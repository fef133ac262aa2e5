"""CSV import of votes, attendance and activities (the formats: docs/parliament-csv.md).

One importer per format. Every row is checked before anything is written, and every
error found is reported at once, naming its line and column; then all rows are written
through the services in one transaction, or none is. A dry run makes the same writes and
rolls them back, so its summary is exactly what the import would do.
"""

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.audit_actions import Action
from jisr.core.imports import (
    ImportFailed,
    RowError,
    csv_failure,
    map_columns,
    read_text,
    shorten,
    too_big,
    too_many_rows,
)
from jisr.core.lists import join_list
from jisr.core.services import audit_append, audit_batch
from jisr.core.text.arabic import name_key, tokens
from jisr.core.text.digits import to_ascii_digits, whole_number_digits

from . import services
from .models import (
    Activity,
    Attendance,
    Bill,
    Organization,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
)
from .selectors import members_on, people_with_name_key, person_by_site_id

DEFAULT_SCHEME = "popolo"
COMMITTEE = Organization.Classification.COMMITTEE
MINISTRY = Organization.Classification.MINISTRY
MAX_ERRORS = 200
DELIMITERS = ",;\t"
# The whole file is checked in memory and written in one transaction, which holds the
# write lock for as long as it runs.
MAX_ROWS = 100_000
MAX_BYTES = 100 * 1024 * 1024

Progress = Callable[[int, int], None]


# --- Results and errors ----------------------------------------------------------------------


COUNT_LABELS: dict[str, Promise] = {
    "vote_events": gettext_lazy("New vote events"),
    "votes": gettext_lazy("New votes"),
    "votes_corrected": gettext_lazy("Corrected votes"),
    "sittings": gettext_lazy("New sittings"),
    "attendance": gettext_lazy("New attendance records"),
    "attendance_corrected": gettext_lazy("Corrected attendance records"),
    "activities": gettext_lazy("New timeline entries"),
    "questions": gettext_lazy("New questions"),
    "bills": gettext_lazy("New bills"),
    "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
}


@dataclass
class ImportSummary:
    """What an import did, or (``dry_run``) would do."""

    kind: str
    encoding: str
    delimiter: str
    rows: int
    dry_run: bool
    counts: dict[str, int]

    def items(self) -> list[tuple[str, int]]:
        """Return (translated label, count) pairs in the format's order."""
        return [(str(COUNT_LABELS[key]), n) for key, n in self.counts.items()]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportSummary":
        return cls(**data)

    @property
    def changes(self) -> int:
        return sum(n for key, n in self.counts.items() if key != "unchanged")


# --- Values ----------------------------------------------------------------------------------

# Spreadsheets put direction marks around Arabic cells; they are invisible and meaningless.
_INVISIBLE = str.maketrans(
    dict.fromkeys(
        ["\u200b", "\u200e", "\u200f", "\u061c", "\ufeff"]
        + [chr(c) for c in range(0x202A, 0x202F)]
        + [chr(c) for c in range(0x2066, 0x206A)]
    )
)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def clean(cell: str) -> str:
    return cell.translate(_INVISIBLE).strip()


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


def _key(text: str) -> str:
    """Fold a header or a coded value: case, hamza forms, ة/ه, diacritics, _ and -."""
    return " ".join(tokens(text))


class Choices:
    """Accepted spellings of a coded value: its English code and Arabic words."""

    def __init__(self, unknown: Promise, spellings: dict[str, tuple[str, ...]]):
        # “%(value)s” is not a known …; Use one of: %(choices)s.
        self.unknown = unknown
        self.spellings = spellings
        self._lookup = {}
        for code, words in spellings.items():
            for word in (code, *words):
                self._lookup[_key(word)] = code

    def get(self, value: str) -> str | None:
        return self._lookup.get(_key(value))

    def help(self) -> str:
        return join_list(f"{code} ({words[0]})" for code, words in self.spellings.items())


VOTE_OPTIONS = Choices(
    gettext_lazy("“%(value)s” is not a known vote. Use one of: %(choices)s."),
    {
        Vote.Option.YES: ("نعم", "موافق", "موافقة", "مع"),
        Vote.Option.NO: ("لا", "رافض", "رافضة", "ضد", "معارض", "معارضة"),
        Vote.Option.ABSTAIN: ("امتناع", "ممتنع", "ممتنعة", "امتنع", "abstention"),
        Vote.Option.ABSENT: ("غائب", "غائبة", "غياب"),
        Vote.Option.NOT_VOTING: ("لم يصوت", "لم تصوت", "not voting", "did not vote"),
    },
)
RESULTS = Choices(
    gettext_lazy("“%(value)s” is not a known result. Use one of: %(choices)s."),
    {
        VoteEvent.Result.PASSED: ("تمرير", "مرر", "تم التمرير", "اقر", "اقرار", "موافقة", "pass"),
        VoteEvent.Result.FAILED: ("رفض", "مرفوض", "لم يمرر", "سقط", "لم يقر", "rejected", "fail"),
    },
)
ATTENDANCE_STATUSES = Choices(
    gettext_lazy("“%(value)s” is not a known attendance. Use one of: %(choices)s."),
    {
        Attendance.Status.PRESENT: ("حاضر", "حاضرة", "حضور", "حضر"),
        Attendance.Status.ABSENT: ("غائب", "غائبة", "غياب"),
        Attendance.Status.EXCUSED: ("مجاز", "مجازة", "اجازة", "بعذر", "غائب بعذر", "غائبة بعذر"),
    },
)
ACTIVITY_KINDS = Choices(
    gettext_lazy("“%(value)s” is not a known kind of activity. Use one of: %(choices)s."),
    {
        Activity.Kind.SPEECH: ("كلمة", "مداخلة", "خطاب", "تصريح", "statement"),
        Activity.Kind.COMMITTEE: ("لجنة", "عمل لجنة", "اجتماع لجنة"),
        Activity.Kind.QUESTION: ("سؤال", "سؤال نيابي"),
        Activity.Kind.BILL: ("مشروع قانون", "مقترح قانون", "قانون"),
    },
)
QUESTION_KINDS = Choices(
    gettext_lazy("“%(value)s” is not a known kind of question. Use one of: %(choices)s."),
    {
        Question.Kind.ORAL: ("شفهي", "شفوي"),
        Question.Kind.WRITTEN: ("تحريري", "مكتوب", "كتابي"),
    },
)

# Column headers may be written in Arabic too; matching folds case, hamza forms and the like.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "term": ("الدورة", "الدورة النيابية"),
    "date": ("التاريخ",),
    "motion": ("موضوع التصويت", "القرار"),
    "result": ("النتيجة",),
    "person": ("النائب", "النائبة", "العضو"),
    "vote": ("التصويت", "الصوت"),
    "source_url": ("المصدر", "رابط المصدر", "source"),
    "document_ref": ("رقم الوثيقة", "المرجع"),
    "sitting_number": ("رقم الجلسة", "الجلسة", "sitting"),
    "status": ("الحضور", "الحالة"),
    "kind": ("النوع",),
    "title": ("العنوان",),
    "summary": ("الملخص", "الموجز"),
    "committee": ("اللجنة",),
    "ministry": ("الوزارة",),
    "question_kind": ("نوع السؤال",),
}

_URL = URLValidator(schemes=["http", "https"])


def _fingerprint(*parts) -> bytes:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).digest()


class _RolledBack(Exception):
    pass


# --- Rows ------------------------------------------------------------------------------------


class Row:
    """One data row: its cells by column code, and whether a check failed on it."""

    __slots__ = ("cells", "failed", "importer", "line")

    def __init__(self, importer: "CsvImporter", line: int, cells: dict[str, str]):
        self.importer, self.line, self.cells, self.failed = importer, line, cells, False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.importer.error(self.line, column, message)

    def text(
        self, column: str, *, required=False, max_length: int | None = None, one_line=True
    ) -> str:
        value = self.cells.get(column, "")
        value = " ".join(value.split()) if one_line else value.strip()
        if required and not value:
            self.error(column, _("A value is required."))
        elif max_length and len(value) > max_length:
            self.error(
                column,
                _("At most %(max)d characters are allowed; this has %(length)d.")
                % {"max": max_length, "length": len(value)},
            )
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
            self.error(
                column,
                str(choices.unknown) % {"value": value, "choices": choices.help()},
            )
        return code

    def number(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        digits = whole_number_digits(to_ascii_digits(value))  # 1,200 or ١٬٢٠٠
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


# --- Importers -------------------------------------------------------------------------------


class CsvImporter:
    """Check every row, then write them all in one transaction (or roll back: dry run).

    ``progress(done, total)`` is called as rows are checked and again as they are written;
    ``total`` is twice the number of rows.
    """

    kind = ""
    # Column code → whether it is required.
    columns: dict[str, bool] = {}
    count_keys: tuple[str, ...] = ()

    def __init__(self, *, actor, scheme: str = DEFAULT_SCHEME, progress: Progress | None = None):
        self.actor = actor
        self.scheme = scheme.strip() or DEFAULT_SCHEME
        self.progress = progress
        self.errors: list[RowError] = []
        self.more_errors = 0
        self._labels: dict[str, str] = {}
        self._terms: dict[str, Term | None] = {}
        self._people: dict[str, Person | str] = {}
        self._organizations: dict[tuple[str, str], Organization | str] = {}
        self._members: dict[tuple[int, date], frozenset[int]] = {}

    # The steps of a run.

    def run(self, data: bytes, *, dry_run: bool = False) -> ImportSummary:
        """Import the file's bytes; raise ImportFailed (nothing written) on any error."""
        if len(data) > MAX_BYTES:
            raise too_big(len(data), MAX_BYTES)
        text, encoding = read_text(data)
        self._text = text
        self._delimiter = self._read_header(text)
        self._fail_if_errors()
        self._rows = 0
        for _row in self.iter_rows(quiet=True):
            self._rows += 1
            if self._rows > MAX_ROWS:
                raise too_many_rows(MAX_ROWS)
        if not self._rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        self._done = 0
        for row in self.iter_rows():
            self.check_row(row)
            self.advance()
        self.check_end()
        self._fail_if_errors()
        counts = Counter(dict.fromkeys(self.count_keys, 0))
        try:
            with transaction.atomic(), audit_batch():
                self.write(counts)
                if dry_run:
                    raise _RolledBack
        except _RolledBack:
            pass
        return ImportSummary(
            kind=self.kind,
            encoding=encoding,
            delimiter=self._delimiter,
            rows=self._rows,
            dry_run=dry_run,
            counts={key: counts[key] for key in self.count_keys},
        )

    def check_row(self, row: Row) -> None:
        raise NotImplementedError

    def check_end(self) -> None:
        """Check what only the whole file shows."""

    def write(self, counts: Counter) -> None:
        raise NotImplementedError

    # Reading.

    @classmethod
    def header_lookup(cls) -> dict[str, str]:
        lookup = {}
        for code in cls.columns:
            for spelling in (code, *HEADER_ALIASES.get(code, ())):
                lookup[_key(spelling)] = code
        return lookup

    def _read_header(self, text: str) -> str:
        first = text.split("\n", 1)[0]
        if not first.strip():
            raise ImportFailed(
                [RowError(1, "", _("The first line must name the columns; it is empty."))]
            )
        lookup = self.header_lookup()
        try:
            sniffed = csv.Sniffer().sniff(first, delimiters=DELIMITERS).delimiter
        except csv.Error:
            sniffed = ","
        # The sniffer guesses from one line; the delimiter that finds the most known column
        # names is the one the file means.
        candidates = [sniffed, *(d for d in DELIMITERS if d != sniffed)]

        def known(delimiter: str) -> int:
            cells = next(csv.reader([first], delimiter=delimiter))
            return sum(1 for cell in cells if _key(clean(cell)) in lookup)

        delimiter = max(candidates, key=known)
        header = next(csv.reader([first], delimiter=delimiter))
        self._positions, labels = map_columns(
            header, self.columns, lookup, clean=clean, fold=_key, error=self.error
        )
        self._labels.update(labels)
        return delimiter

    def iter_rows(self, *, quiet: bool = False) -> Iterator[Row]:
        """Yield the data rows, skipping empty ones, each with the line it starts on."""
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter)
        named = set(self._positions.values())
        line = 1
        try:
            next(reader)
            while True:
                line = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                if not any(c.strip() for c in cells):
                    continue
                row = Row(
                    self,
                    line,
                    {
                        code: clean(cells[i]) if i < len(cells) else ""
                        for code, i in self._positions.items()
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
            raise csv_failure(line, error) from None

    # Errors and progress.

    def error(self, line: int | None, column: str, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.more_errors += 1
            return
        self.errors.append(RowError(line, self._labels.get(column, column), shorten(message)))

    def _fail_if_errors(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors, more=self.more_errors)

    def advance(self, rows: int = 1) -> None:
        self._done += rows
        if self.progress:
            self.progress(self._done, 2 * self._rows)

    def call(self, line: int, service, **kwargs):
        """Call a service; its refusal (which the checks should have caught) names the line
        and undoes everything."""
        try:
            return service(actor=self.actor, **kwargs)
        except ValidationError as error:
            raise ImportFailed([RowError(line, "", m) for m in error.messages]) from None

    # Lookups, cached for the run.

    def term(self, row: Row, column: str = "term") -> Term | None:
        value = row.text(column, required=True)
        if not value:
            return None
        if value not in self._terms:
            self._terms[value] = Term.objects.filter(
                identifier__in={value, to_ascii_digits(value)}
            ).first()
        term = self._terms[value]
        if term is None:
            row.error(column, _("No term has the identifier “%(value)s”.") % {"value": value})
        return term

    def person(self, row: Row, column: str = "person") -> Person | None:
        value = row.text(column, required=True)
        if not value:
            return None
        if value not in self._people:
            self._people[value] = self._find_person(value)
        found = self._people[value]
        if isinstance(found, str):
            row.error(column, found)
            return None
        return found

    def _find_person(self, value: str) -> Person | str:
        identifier = (
            PersonIdentifier.objects.filter(scheme=self.scheme, identifier=value)
            .select_related("person")
            .first()
        )
        if identifier:
            return identifier.person
        person = person_by_site_id(value)
        if person is not None:
            return person
        key = name_key(value)
        matches = list(people_with_name_key(key).order_by("pk")[:5]) if key else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            return _(
                "No representative has the identifier (scheme “%(scheme)s”) or the name "
                "“%(value)s”."
            ) % {"scheme": self.scheme, "value": value}
        return _(
            "The name “%(value)s” matches several representatives (%(names)s); "
            "write the identifier of the one you mean instead, as shown on their staff page."
        ) % {"value": value, "names": join_list(f"{p.name}: {p.site_id}" for p in matches)}

    def organization(
        self, row: Row, column: str, classification: str, *, required: bool
    ) -> Organization | None:
        value = row.text(column, required=required)
        if not value:
            return None
        cache_key = (classification, value)
        if cache_key not in self._organizations:
            matches = list(
                Organization.objects.filter(
                    classification=classification, name_key=name_key(value)
                )[:2]
            )
            unknown, several = {
                COMMITTEE: (
                    _("No committee is named “%(value)s”."),
                    _("Several committees are named “%(value)s”."),
                ),
                MINISTRY: (
                    _("No ministry is named “%(value)s”."),
                    _("Several ministries are named “%(value)s”."),
                ),
            }[classification]
            if len(matches) == 1:
                self._organizations[cache_key] = matches[0]
            else:
                message = several if matches else unknown
                self._organizations[cache_key] = message % {"value": value}
        found = self._organizations[cache_key]
        if isinstance(found, str):
            row.error(column, found)
            return None
        return found

    def in_term(self, row: Row, term: Term, day: date, column: str = "date") -> bool:
        if day >= term.start_date and (term.end_date is None or day <= term.end_date):
            return True
        if term.end_date:
            message = _("%(date)s is outside the term “%(term)s” (%(start)s to %(end)s).")
        else:
            message = _("%(date)s is before the term “%(term)s”, which began on %(start)s.")
        row.error(
            column,
            message
            % {
                "date": day.isoformat(),
                "term": term.name,
                "start": term.start_date.isoformat(),
                "end": term.end_date.isoformat() if term.end_date else "",
            },
        )
        return False

    def check_member(self, row: Row, term: Term, day: date, person: Person) -> None:
        key = (term.pk, day)
        if key not in self._members:
            self._members[key] = frozenset(members_on(term, day))
        if person.pk not in self._members[key]:
            row.error(
                "person",
                _("%(name)s was not a member of parliament on %(date)s.")
                % {"name": person.name, "date": day.isoformat()},
            )

    def agree(self, row: Row, group, column: str, value: str) -> None:
        """Every row of a group must agree on the group's values; blank means the same."""
        if not value:
            return
        current = group.shared.get(column)
        if current is None:
            group.shared[column] = (value, row.line)
        elif current[0] != value:
            row.error(column, str(self.conflict) % {"first": current[1], "other": current[0]})

    # Line %(first)d gives “%(other)s” for the same (group of rows).
    conflict: Promise = gettext_lazy("Line %(first)d gives “%(other)s”.")


@dataclass
class _VoteGroup:
    line: int
    term: Term
    date: date
    motion: str
    shared: dict[str, tuple[str, int]] = field(default_factory=dict)
    votes: dict[int, str] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    existing: VoteEvent | None = None
    existing_votes: dict[int, str] = field(default_factory=dict)
    broken: bool = False
    result_refused: bool = False


class VotesCsvImporter(CsvImporter):
    """Rows are the votes of members; the rows with the same term, date and motion are one
    vote event. A vote event already recorded is corrected, never duplicated."""

    kind = "votes"
    columns = {
        "term": True,
        "date": True,
        "motion": True,
        "result": True,
        "person": True,
        "vote": True,
        "source_url": False,
        "document_ref": False,
    }
    count_keys = ("vote_events", "votes", "votes_corrected", "unchanged")
    conflict = gettext_lazy("Line %(first)d gives “%(other)s” for the same vote event.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._groups: dict[tuple, _VoteGroup] = {}

    def check_row(self, row: Row) -> None:
        term, day = self.term(row), row.date()
        motion = row.text("motion", required=True, max_length=500)
        result = row.choice("result", RESULTS)
        person = self.person(row)
        option = row.choice("vote", VOTE_OPTIONS)
        source_url = row.url()
        document_ref = row.text("document_ref", max_length=300)
        if term and day and self.in_term(row, term, day) and person:
            self.check_member(row, term, day, person)
        if row.failed:
            return
        key = (term.pk, day, motion)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _VoteGroup(row.line, term, day, motion)
            recorded = list(VoteEvent.objects.filter(term=term, date=day, motion=motion)[:2])
            if len(recorded) > 1:
                group.broken = True
                row.error(
                    "motion",
                    _("This vote event is already recorded twice; correct it on the site."),
                )
            elif recorded:
                group.existing = recorded[0]
                group.existing_votes = dict(
                    Vote.objects.filter(vote_event=recorded[0]).values_list("person_id", "option")
                )
        if group.broken:
            return
        self.agree(row, group, "result", result)
        self.agree(row, group, "source_url", source_url)
        self.agree(row, group, "document_ref", document_ref)
        if group.existing and result != group.existing.result and not group.result_refused:
            group.result_refused = True
            row.error(
                "result",
                _("This vote event is already recorded with the result “%(result)s”.")
                % {"result": group.existing.get_result_display()},
            )
        if person.pk in group.lines:
            row.error(
                "person",
                _("%(name)s already has a vote in this vote event, on line %(first)d.")
                % {"name": person.name, "first": group.lines[person.pk]},
            )
            return
        if group.existing and person.pk not in group.existing_votes:
            row.error(
                "person",
                _(
                    "This vote event is already recorded without a vote by %(name)s; "
                    "votes cannot be added to it."
                )
                % {"name": person.name},
            )
        group.votes[person.pk] = option
        group.lines[person.pk] = row.line

    def write(self, counts: Counter) -> None:
        for group in self._groups.values():
            if group.existing is None:
                self.call(
                    group.line,
                    services.vote_event_record,
                    term=group.term,
                    date=group.date,
                    motion=group.motion,
                    result=group.shared["result"][0],
                    votes=group.votes,
                    source_url=group.shared.get("source_url", ("",))[0],
                    document_ref=group.shared.get("document_ref", ("",))[0],
                )
                counts["vote_events"] += 1
                counts["votes"] += len(group.votes)
            else:
                changed = {
                    pid: option
                    for pid, option in group.votes.items()
                    if group.existing_votes[pid] != option
                }
                for vote in Vote.objects.filter(vote_event=group.existing, person_id__in=changed):
                    self.call(
                        group.lines[vote.person_id],
                        services.vote_correct,
                        vote=vote,
                        option=changed[vote.person_id],
                    )
                counts["votes_corrected"] += len(changed)
                counts["unchanged"] += len(group.votes) - len(changed)
            self.advance(len(group.votes))


@dataclass
class _SittingGroup:
    line: int
    term: Term
    date: date
    number: int | None
    sitting: Sitting | None = None
    statuses: dict[int, str] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    broken: bool = False


class AttendanceCsvImporter(CsvImporter):
    """Rows are members' attendance at sittings; a sitting not yet recorded is created. An
    attendance already recorded is corrected if the file says otherwise."""

    kind = "attendance"
    columns = {
        "term": True,
        "date": True,
        "sitting_number": False,
        "person": True,
        "status": True,
    }
    count_keys = ("sittings", "attendance", "attendance_corrected", "unchanged")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._groups: dict[tuple, _SittingGroup] = {}

    def check_row(self, row: Row) -> None:
        term, day = self.term(row), row.date()
        number = row.number("sitting_number")
        person = self.person(row)
        status = row.choice("status", ATTENDANCE_STATUSES)
        if term and day and self.in_term(row, term, day) and person:
            self.check_member(row, term, day, person)
        if row.failed:
            return
        group = self._groups.get((term.pk, day, number))
        if group is None:
            group = self._group_for(row, term, day, number)
        if group.broken:
            return
        if person.pk in group.lines:
            row.error(
                "person",
                _("%(name)s is already listed for this sitting, on line %(first)d.")
                % {"name": person.name, "first": group.lines[person.pk]},
            )
            return
        group.statuses[person.pk] = status
        group.lines[person.pk] = row.line

    def _group_for(self, row: Row, term: Term, day: date, number: int | None) -> _SittingGroup:
        sittings = Sitting.objects.filter(term=term, date=day)
        if number is not None:
            sittings = sittings.filter(number=number)
        found = list(sittings.order_by("pk")[:2])
        group = _SittingGroup(row.line, term, day, number)
        if len(found) > 1:
            group.broken = True
            row.error(
                "sitting_number",
                _("Several sittings were held on %(date)s: give the sitting number.")
                % {"date": day.isoformat()},
            )
        elif found:
            # The same recorded sitting may be named with and without its number.
            group.sitting = found[0]
            for other in self._groups.values():
                if other.sitting and other.sitting.pk == found[0].pk:
                    group = other
                    break
        self._groups[(term.pk, day, number)] = group
        return group

    def write(self, counts: Counter) -> None:
        done = set()
        for group in self._groups.values():
            if id(group) in done:
                continue
            done.add(id(group))
            sitting = group.sitting
            if sitting is None:
                sitting = Sitting.objects.create(
                    term=group.term, date=group.date, number=group.number
                )
                audit_append(actor=self.actor, action=Action.SITTING_CREATED, target=sitting)
                counts["sittings"] += 1
                existing = {}
            else:
                existing = dict(
                    Attendance.objects.filter(sitting=sitting).values_list("person_id", "status")
                )
            changes = {pid: s for pid, s in group.statuses.items() if existing.get(pid) != s}
            new = sum(1 for pid in changes if pid not in existing)
            if changes:
                self.call(group.line, services.attendance_record, sitting=sitting, statuses=changes)
            counts["attendance"] += new
            counts["attendance_corrected"] += len(changes) - new
            counts["unchanged"] += len(group.statuses) - len(changes)
            self.advance(len(group.statuses))


@dataclass
class _Entry:
    term: Term
    date: date
    person: Person
    kind: str
    title: str
    summary: str
    source_url: str
    committee: Organization | None
    ministry: Organization | None
    question_kind: str | None


@dataclass
class _BillGroup:
    line: int
    term: Term
    date: date
    title: str
    shared: dict[str, tuple[str, int]] = field(default_factory=dict)
    sponsors: dict[int, Person] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    existing: Bill | None = None
    existing_sponsors: frozenset[int] = frozenset()


class ActivitiesCsvImporter(CsvImporter):
    """Rows are speeches, committee work, questions and sponsored bills. Rows of kind bill
    with the same term, date and title are one bill with several sponsors. A row already
    recorded is left as it is."""

    kind = "activities"
    columns = {
        "term": True,
        "date": True,
        "person": True,
        "kind": True,
        "title": True,
        "summary": False,
        "committee": False,
        "ministry": False,
        "question_kind": False,
        "source_url": False,
    }
    count_keys = ("activities", "questions", "bills", "unchanged")
    conflict = gettext_lazy("Line %(first)d gives “%(other)s” for the same bill.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._bills: dict[tuple, _BillGroup] = {}
        self._seen: dict[bytes, int] = {}
        self._unchanged: set[int] = set()

    def parse(self, row: Row) -> _Entry | None:
        term, day, person = self.term(row), row.date(), self.person(row)
        kind = row.choice("kind", ACTIVITY_KINDS)
        title = row.text("title", required=True, max_length=500)
        summary = row.text("summary", one_line=False)
        source_url = row.url()
        committee = ministry = question_kind = None
        if kind in (Activity.Kind.COMMITTEE, Activity.Kind.SPEECH):
            # A speech may be given in a committee; committee work needs one.
            committee = self.organization(
                row, "committee", COMMITTEE, required=kind == Activity.Kind.COMMITTEE
            )
        elif kind:
            row.forbid("committee", _("Only speeches and committee work name a committee."))
        if kind == Activity.Kind.QUESTION:
            ministry = self.organization(row, "ministry", MINISTRY, required=True)
            question_kind = row.choice("question_kind", QUESTION_KINDS)
        elif kind:
            row.forbid("ministry", _("Only questions name a ministry."))
            row.forbid("question_kind", _("Only questions have a kind of question."))
        if term and day and self.in_term(row, term, day) and person:
            self.check_member(row, term, day, person)
        if row.failed:
            return None
        return _Entry(
            term, day, person, kind, title, summary, source_url, committee, ministry, question_kind
        )

    def check_row(self, row: Row) -> None:
        entry = self.parse(row)
        if entry is None:
            return
        if entry.kind == Activity.Kind.BILL:
            self._check_bill(row, entry)
            return
        seen = _fingerprint(entry.kind, entry.person.pk, entry.term.pk, entry.date, entry.title)
        if seen in self._seen:
            row.error(
                "title",
                _("Line %(first)d holds the same activity.") % {"first": self._seen[seen]},
            )
            return
        self._seen[seen] = row.line
        if entry.kind == Activity.Kind.QUESTION:
            recorded = Question.objects.filter(
                term=entry.term, asked_by=entry.person, asked_on=entry.date, title=entry.title
            )
        else:
            recorded = Activity.objects.filter(
                term=entry.term,
                person=entry.person,
                kind=entry.kind,
                date=entry.date,
                title=entry.title,
            )
        if recorded.exists():
            self._unchanged.add(row.line)

    def _check_bill(self, row: Row, entry: _Entry) -> None:
        key = (entry.term.pk, entry.date, entry.title)
        group = self._bills.get(key)
        if group is None:
            group = self._bills[key] = _BillGroup(row.line, entry.term, entry.date, entry.title)
            group.existing = (
                Bill.objects.filter(term=entry.term, introduced_on=entry.date, title=entry.title)
                .order_by("pk")
                .first()
            )
            if group.existing:
                group.existing_sponsors = frozenset(
                    group.existing.sponsors.values_list("pk", flat=True)
                )
        self.agree(row, group, "summary", entry.summary)
        self.agree(row, group, "source_url", entry.source_url)
        pid = entry.person.pk
        if pid in group.lines:
            row.error(
                "person",
                _("%(name)s is already a sponsor of this bill, on line %(first)d.")
                % {"name": entry.person.name, "first": group.lines[pid]},
            )
            return
        if group.existing and pid not in group.existing_sponsors:
            row.error(
                "person",
                _(
                    "This bill is already recorded without %(name)s among its sponsors; "
                    "sponsors cannot be added to it."
                )
                % {"name": entry.person.name},
            )
        group.sponsors[pid] = entry.person
        group.lines[pid] = row.line

    def write(self, counts: Counter) -> None:
        # The rows are read again rather than kept from the check: the file may be long.
        for row in self.iter_rows(quiet=True):
            self.advance()
            if row.line in self._unchanged:
                counts["unchanged"] += 1
                continue
            entry = self.parse(row)
            if entry is None:
                self._fail_if_errors()
            if entry.kind == Activity.Kind.BILL:
                continue
            if entry.kind == Activity.Kind.QUESTION:
                self.call(
                    row.line,
                    services.question_record,
                    term=entry.term,
                    asked_by=entry.person,
                    ministry=entry.ministry,
                    kind=entry.question_kind,
                    asked_on=entry.date,
                    title=entry.title,
                    body=entry.summary,
                    source_url=entry.source_url,
                )
                counts["questions"] += 1
            else:
                self.call(
                    row.line,
                    services.activity_record,
                    person=entry.person,
                    term=entry.term,
                    kind=entry.kind,
                    date=entry.date,
                    title=entry.title,
                    summary=entry.summary,
                    committee=entry.committee,
                    source_url=entry.source_url,
                )
            counts["activities"] += 1
        for group in self._bills.values():
            if group.existing:
                counts["unchanged"] += len(group.sponsors)
                continue
            self.call(
                group.line,
                services.bill_record,
                term=group.term,
                title=group.title,
                introduced_on=group.date,
                sponsors=list(group.sponsors.values()),
                summary=group.shared.get("summary", ("",))[0],
                source_url=group.shared.get("source_url", ("",))[0],
            )
            counts["bills"] += 1
            counts["activities"] += len(group.sponsors)


IMPORTERS: dict[str, type[CsvImporter]] = {
    "votes": VotesCsvImporter,
    "attendance": AttendanceCsvImporter,
    "activities": ActivitiesCsvImporter,
}
KIND_LABELS: dict[str, Promise] = {
    "votes": gettext_lazy("Votes"),
    "attendance": gettext_lazy("Attendance"),
    "activities": gettext_lazy("Activities (speeches, committee work, questions, bills)"),
}


def csv_import(
    kind: str,
    data: bytes,
    *,
    actor,
    dry_run: bool = False,
    scheme: str = DEFAULT_SCHEME,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a CSV file of the given kind (votes, attendance or activities)."""
    importer = IMPORTERS[kind](actor=actor, scheme=scheme, progress=progress)
    return importer.run(data, dry_run=dry_run)
