"""What the three parliament CSV formats share: their columns' Arabic names, their coded
values, and finding the terms, representatives and organizations a file names."""

import hashlib
import io
from collections.abc import Iterator
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.core.importing import (
    Choices,
    CsvImporter,
    ImportFailed,
    ImportSummary,
    Progress,
    Row,
    RowError,
    read_text,
    too_big,
    too_many_rows,
    writing,
)
from jisr.core.lists import join_list
from jisr.core.text.arabic import name_key
from jisr.core.text.digits import to_ascii_digits

from ..models import (
    Activity,
    Attendance,
    Organization,
    Person,
    PersonIdentifier,
    Question,
    Term,
    Vote,
    VoteEvent,
)
from ..selectors import members_on, people_with_name_key, person_by_site_id

DEFAULT_SCHEME = "popolo"
COMMITTEE = Organization.Classification.COMMITTEE
MINISTRY = Organization.Classification.MINISTRY
# The whole file is checked in memory and written in one transaction, which holds the
# write lock for as long as it runs.
MAX_ROWS = 100_000
MAX_BYTES = 100 * 1024 * 1024

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
METHODS = Choices(
    gettext_lazy("“%(value)s” is not a known way of voting. Use one of: %(choices)s."),
    {
        VoteEvent.Method.ROLL_CALL: (
            "تصويت إلكتروني",
            "الكتروني",
            "إلكتروني",
            "نداء بالاسم",
            "roll call",
            "electronic",
        ),
        VoteEvent.Method.SHOW_OF_HANDS: ("رفع الأيدي", "برفع الأيدي", "رفع الايدي", "hands"),
        VoteEvent.Method.SECRET_BALLOT: ("اقتراع سري", "سري", "تصويت سري", "secret"),
        VoteEvent.Method.UNKNOWN: ("غير معروف", "غير معروفة", "unknown"),
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


def fingerprint(*parts) -> bytes:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).digest()


class ParliamentCsvImporter(CsvImporter[Row]):
    """Check every row, then write them all in one transaction (or roll back: dry run).

    ``progress(done, total)`` is called as rows are checked and again as they are written;
    ``total`` is twice the number of rows.
    """

    aliases = HEADER_ALIASES
    row_class = Row
    # Line %(first)d gives “%(other)s” for the same (group of rows).
    conflict: Promise = gettext_lazy("Line %(first)d gives “%(other)s”.")

    def __init__(
        self,
        *,
        actor: User | str,
        scheme: str = DEFAULT_SCHEME,
        progress: Progress | None = None,
    ):
        super().__init__(actor=actor, progress=progress)
        self.scheme = scheme.strip() or DEFAULT_SCHEME
        self._terms: dict[str, Term | None] = {}
        self._people: dict[str, Person | str] = {}
        self._organizations: dict[tuple[str, str], Organization | str] = {}
        self._members: dict[tuple[int, date], frozenset[int]] = {}

    def run(self, data: bytes, *, dry_run: bool = False) -> ImportSummary:
        """Import the file's bytes; raise ImportFailed (nothing written) on any error."""
        if len(data) > MAX_BYTES:
            raise too_big(len(data), MAX_BYTES)
        text, encoding = read_text(data)
        header, _newline, self._body = text.partition("\n")
        self.read_header(header)
        self.fail_if_errors()
        self._rows = sum(1 for _row in self.rows(quiet=True))
        if self._rows > MAX_ROWS:
            raise too_many_rows(MAX_ROWS)
        if not self._rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        self._done = 0
        for row in self.rows():
            self.check_row(row)
            self.advance()
        self.check_end()
        self.fail_if_errors()
        counts = self.empty_counts()
        with writing(dry_run=dry_run):
            self.write(counts)
        return self.summary(counts, encoding=encoding, rows=self._rows, dry_run=dry_run)

    def rows(self, *, quiet: bool = False) -> Iterator[Row]:
        return self.iter_rows(io.StringIO(self._body, newline=""), quiet=quiet)

    def advance(self, rows: int = 1) -> None:
        self._done += rows
        if self.progress:
            self.progress(self._done, 2 * self._rows)

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
        self, row: Row, column: str, classification: Organization.Classification, *, required: bool
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
