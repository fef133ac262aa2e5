"""Activities: speeches, committee work, questions and sponsored bills."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import Row

from .. import services
from ..models import Activity, Bill, Organization, Person, Question, Term
from .base import (
    ACTIVITY_KINDS,
    COMMITTEE,
    MINISTRY,
    QUESTION_KINDS,
    ParliamentCsvImporter,
    fingerprint,
)


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


class ActivitiesCsvImporter(ParliamentCsvImporter):
    """Rows are speeches, committee work, questions and sponsored bills. Rows of kind bill
    with the same term, date and title are one bill with several sponsors. A row already
    recorded is left as it is."""

    kind = "activities"
    label = gettext_lazy("Activities (speeches, committee work, questions, bills)")
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
    counts = {
        "activities": gettext_lazy("New timeline entries"),
        "questions": gettext_lazy("New questions"),
        "bills": gettext_lazy("New bills"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }
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
        # A row that failed no check has every required value.
        if row.failed or term is None or day is None or person is None or kind is None:
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
        seen = fingerprint(entry.kind, entry.person.pk, entry.term.pk, entry.date, entry.title)
        if seen in self._seen:
            row.error(
                "title",
                _("Line %(first)d holds the same activity.") % {"first": self._seen[seen]},
            )
            return
        self._seen[seen] = row.line
        recorded: QuerySet[Question] | QuerySet[Activity]
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
        for row in self.rows(quiet=True):
            self.advance()
            if row.line in self._unchanged:
                counts["unchanged"] += 1
                continue
            entry = self.parse(row)
            if entry is None:  # the records changed since the check: refused
                self.fail_if_errors()
                continue
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
