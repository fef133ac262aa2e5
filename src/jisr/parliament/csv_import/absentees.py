"""The official absentee lists: who was absent from a sitting, why, and who says so.

A list names only the absent. Everyone else seated that day is recorded present only when
the file says the list is complete (column ``complete``); otherwise nothing is recorded for
them — Jisr never invents presence."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import Choices, Row

from .. import services
from ..models import EXCUSED_REASONS, Attendance, Sitting, Term
from ..selectors import members_on
from .base import ParliamentCsvImporter

REASON = Attendance.Reason
REASONS = Choices(
    gettext_lazy("“%(value)s” is not a known reason. Use one of: %(choices)s."),
    {
        REASON.MISSION: ("ايفاد", "مهمة رسمية", "ايفاد رسمي", "official mission"),
        REASON.MEDICAL: ("مرضية", "اجازة مرضية", "اجازة مرضيه", "مرض", "medical leave"),
        REASON.EXEMPTION: ("اعفاء", "اعفاء من الخدمة", "service exemption"),
        REASON.UNEXCUSED: ("بدون عذر", "غير مبرر", "بلا عذر", "غياب بدون عذر"),
        REASON.UNKNOWN: ("غير معروف", "غير مذكور", "unknown"),
    },
)
SOURCES = Choices(
    gettext_lazy("“%(value)s” is not a known source. Use one of: %(choices)s."),
    {
        Attendance.Source.OFFICIAL: ("قائمة رسمية", "رسمي", "رسمية", "official list"),
        Attendance.Source.OBSERVER: ("مراقب", "مراقبة", "رصد"),
        Attendance.Source.PRESS: ("صحافة", "الصحافة", "اعلام", "الاعلام"),
    },
)
COMPLETE = Choices(
    gettext_lazy("“%(value)s” is not yes or no. Use one of: %(choices)s."),
    {
        "yes": ("نعم", "كاملة", "كامل", "true", "1"),
        "no": ("لا", "ناقصة", "غير كاملة", "false", "0"),
    },
)


@dataclass
class _Sitting:
    line: int
    term: Term
    date: date
    number: int | None
    sitting: Sitting | None = None
    absent: dict[int, tuple[str, str]] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    shared: dict[str, tuple[str, int]] = field(default_factory=dict)
    broken: bool = False


class AbsenteesCsvImporter(ParliamentCsvImporter):
    """Rows are the absent members of a sitting with the reason and source; a sitting not
    yet recorded is created. A complete list also records everyone else seated as present."""

    kind = "absentees"
    label = gettext_lazy("Official absentee list")
    columns = {
        "term": True,
        "date": True,
        "sitting_number": False,
        "person": True,
        "reason": True,
        "source": True,
        "source_url": False,
        "complete": False,
    }
    aliases = {
        **ParliamentCsvImporter.aliases,
        "reason": ("السبب", "سبب الغياب"),
        # Here “source” is who says so; the address has its own column.
        "source": ("المصدر", "مصدر القائمة", "الجهة"),
        "source_url": ("رابط المصدر", "source address"),
        "complete": ("القائمة كاملة", "كاملة"),
    }
    counts = {
        "sittings": gettext_lazy("New sittings"),
        "absences": gettext_lazy("Absences recorded or corrected"),
        "present": gettext_lazy("Members recorded present (complete lists only)"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }
    conflict = gettext_lazy(
        "Line %(first)d gives “%(other)s” for the same sitting; a sitting's rows must agree."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._sittings: dict[tuple, _Sitting] = {}

    def check_row(self, row: Row) -> None:
        term, day = self.term(row), row.date()
        number = row.number("sitting_number")
        person = self.person(row)
        reason = row.choice("reason", REASONS)
        source = row.choice("source", SOURCES)
        source_url = row.url()
        complete = row.choice("complete", COMPLETE, required=False) or "no"
        if term and day and self.in_term(row, term, day) and person:
            self.check_member(row, term, day, person)
        if row.failed or None in (term, day, person, reason, source):
            return
        assert term is not None and day is not None and person is not None
        group = self._sittings.get((term.pk, day, number))
        if group is None:
            group = self._group_for(row, term, day, number)
        if group.broken:
            return
        # Source, its address and completeness are the list's, so every row agrees.
        self.agree(row, group, "source", str(source))
        self.agree(row, group, "source_url", source_url)
        self.agree(row, group, "complete", complete)
        if person.pk in group.lines:
            row.error(
                "person",
                _("%(name)s is already listed for this sitting, on line %(first)d.")
                % {"name": person.name, "first": group.lines[person.pk]},
            )
            return
        group.absent[person.pk] = (str(reason), source_url)
        group.lines[person.pk] = row.line

    def _group_for(self, row: Row, term: Term, day: date, number: int | None) -> _Sitting:
        sittings = Sitting.objects.filter(term=term, date=day)
        if number is not None:
            sittings = sittings.filter(number=number)
        found = list(sittings.order_by("pk")[:2])
        group = _Sitting(row.line, term, day, number)
        if len(found) > 1:
            group.broken = True
            row.error(
                "sitting_number",
                _("Several sittings were held on %(date)s: give the sitting number.")
                % {"date": day.isoformat()},
            )
        elif found:
            group.sitting = found[0]
        self._sittings[(term.pk, day, number)] = group
        return group

    def write(self, counts: Counter) -> None:
        for group in self._sittings.values():
            sitting = group.sitting
            if sitting is None:
                sitting = self.call(
                    group.line,
                    services.sitting_get_or_create,
                    term=group.term,
                    date=group.date,
                    number=group.number,
                )
                counts["sittings"] += 1
                existing = {}
            else:
                existing = {
                    a.person_id: (a.status, a.reason, a.source, a.source_url)
                    for a in Attendance.objects.filter(sitting=sitting)
                }
            source = group.shared["source"][0]
            source_url = group.shared.get("source_url", ("",))[0]
            statuses, reasons = {}, {}
            for pid, (reason, _url) in group.absent.items():
                status = (
                    Attendance.Status.EXCUSED
                    if reason in EXCUSED_REASONS
                    else Attendance.Status.ABSENT
                )
                if existing.get(pid) == (status, reason, source, source_url):
                    counts["unchanged"] += 1
                    continue
                statuses[pid], reasons[pid] = status, reason
            counts["absences"] += len(statuses)
            if group.shared.get("complete", ("no",))[0] == "yes":
                for pid in members_on(group.term, group.date):
                    if pid in group.absent:
                        continue
                    if existing.get(pid, ("",))[0] == Attendance.Status.PRESENT:
                        continue
                    statuses[pid] = Attendance.Status.PRESENT
                    counts["present"] += 1
            if statuses:
                self.call(
                    group.line,
                    services.attendance_record,
                    sitting=sitting,
                    statuses=statuses,
                    reasons=reasons,
                    source=source,
                    source_url=source_url,
                )
            self.advance(len(group.absent))
