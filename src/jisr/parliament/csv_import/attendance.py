"""Attendance of members at sittings."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.audit_actions import Action
from jisr.core.importing import Row
from jisr.core.services import audit_append

from .. import services
from ..models import Attendance, Sitting, Term
from .base import ATTENDANCE_STATUSES, ParliamentCsvImporter


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


class AttendanceCsvImporter(ParliamentCsvImporter):
    """Rows are members' attendance at sittings; a sitting not yet recorded is created. An
    attendance already recorded is corrected if the file says otherwise."""

    kind = "attendance"
    label = gettext_lazy("Attendance")
    columns = {
        "term": True,
        "date": True,
        "sitting_number": False,
        "person": True,
        "status": True,
    }
    counts = {
        "sittings": gettext_lazy("New sittings"),
        "attendance": gettext_lazy("New attendance records"),
        "attendance_corrected": gettext_lazy("Corrected attendance records"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }

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
        # A row that failed no check has every required value.
        if row.failed or term is None or day is None or person is None or status is None:
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
