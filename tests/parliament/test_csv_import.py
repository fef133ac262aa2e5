"""CSV import of votes, attendance and activities: golden files, dry run, all-or-nothing,
errors naming line and column, encodings, the command and the staff pages."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from jisr.core.importing import parse_date, read_text
from jisr.core.models import AuditEntry
from jisr.parliament import services, staff_import, staff_urls
from jisr.parliament.csv_import import (
    ActivitiesCsvImporter,
    AttendanceCsvImporter,
    ImportFailed,
    VotesCsvImporter,
    csv_import,
)
from jisr.parliament.models import (
    Activity,
    Attendance,
    Bill,
    BillStage,
    Organization,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
)

from ..conftest import signed_in, with_mfa

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
URLS = "tests.parliament.csv_import_urls"
ACTOR = "system:test"
CLS = Organization.Classification
TERM = "iq-cor/term-5"
START = date(2022, 1, 9)


class House:
    """A small fictional parliament, built through the services."""

    def __init__(self):
        self.legislature = services.organization_create(
            actor=ACTOR, name="مجلس النواب (خيالي)", classification=CLS.LEGISLATURE
        )
        self.term = Term.objects.create(
            legislature=self.legislature,
            identifier=TERM,
            name="الدورة الخامسة (خيالية)",
            start_date=START,
            end_date=date(2025, 12, 31),
        )
        self.party = services.organization_create(
            actor=ACTOR, name="حزب الضفاف (خيالي)", classification=CLS.PARTY
        )
        self.committee = services.organization_create(
            actor=ACTOR,
            name="لجنة العلاقات الخارجية",
            classification=CLS.COMMITTEE,
            parent=self.legislature,
        )
        self.ministry = services.organization_create(
            actor=ACTOR, name="وزارة الخارجية", classification=CLS.MINISTRY
        )
        self.salwa = self.member("سلوى النجمي", "p-001")
        self.mazen = self.member("مازن الورداني", "p-002")
        self.rana = self.member("رنا السعفي", "p-003")
        # Found by name only; the files spell it with ى and with ي.
        self.haidar = self.member("حيدر الجسراوي", None)
        # Left parliament at the end of June 2024.
        self.lama = self.member("لمى الضفافي", "p-005", end_date=date(2024, 6, 30))
        self.yaser = self.member("ياسر الرملي", "p-006")
        services.person_create(actor=ACTOR, name="ياسر الرملي", allow_same_name=True)
        self.outsider = services.person_create(actor=ACTOR, name="كرار الوادي")
        PersonIdentifier.objects.create(person=self.outsider, scheme="popolo", identifier="p-099")

    def member(self, name, identifier, **dates):
        person = services.person_create(actor=ACTOR, name=name, allow_same_name=True)
        if identifier:
            PersonIdentifier.objects.create(person=person, scheme="popolo", identifier=identifier)
        services.membership_create(
            actor=ACTOR,
            person=person,
            organization=self.legislature,
            term=self.term,
            on_behalf_of=self.party,
            start_date=START,
            **dates,
        )
        return person


@pytest.fixture
def house(db):
    return House()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def golden(kind):
    return (DATA / f"{kind}.csv").read_bytes(), json.loads(
        (DATA / f"{kind}.expected.json").read_text()
    )


def snapshot():
    """Row counts of everything an import may write, and the audit log's length."""
    models = [VoteEvent, Vote, Sitting, Attendance, Activity, Question, Bill, BillStage, AuditEntry]
    return {model.__name__: model.objects.count() for model in models}


def summary_dict(summary):
    data = summary.as_dict()
    data.pop("dry_run")
    return data


def replace_line(kind, number, text):
    """The golden file with line ``number`` (1 is the header) replaced."""
    lines = (DATA / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    return "\n".join(lines).encode()


def failure(kind, data, **options):
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        csv_import(kind, data, actor=ACTOR, **options)
    assert snapshot() == before, "a failed import wrote something"
    return [str(error) for error in caught.value.errors]


# --- Golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["votes", "attendance", "activities"])
def test_golden_file_imports_with_the_expected_summary(house, kind):
    data, expected = golden(kind)
    summary = csv_import(kind, data, actor=ACTOR)
    assert summary_dict(summary) == expected
    assert not summary.dry_run


@pytest.mark.parametrize("kind", ["votes", "attendance", "activities"])
def test_dry_run_writes_nothing_and_reports_the_same_summary(house, kind):
    data, expected = golden(kind)
    before = snapshot()
    progress = []
    summary = csv_import(
        kind, data, actor=ACTOR, dry_run=True, progress=lambda done, total: progress.append(done)
    )
    assert snapshot() == before
    assert summary.dry_run
    assert summary_dict(summary) == expected
    assert progress[-1] == 2 * expected["rows"]
    assert progress == sorted(progress)


@pytest.mark.parametrize("kind", ["votes", "attendance", "activities"])
def test_importing_the_same_file_again_changes_nothing(house, kind):
    data, expected = golden(kind)
    csv_import(kind, data, actor=ACTOR)
    before = snapshot()
    summary = csv_import(kind, data, actor=ACTOR)
    assert snapshot() == before
    assert summary.counts["unchanged"] == expected["rows"]
    assert summary.changes == 0


def test_votes_are_grouped_into_vote_events_with_their_counts(house):
    csv_import("votes", golden("votes")[0], actor=ACTOR)
    first, second = VoteEvent.objects.order_by("date")
    assert first.method == second.method == VoteEvent.Method.ROLL_CALL
    assert first.date == date(2024, 3, 11)
    assert first.motion == "مشروع قانون حماية المغتربين — القراءة الثانية"
    assert first.result == "passed"
    assert first.source_url == "https://parliament.example/sittings/2024-03-11"
    assert first.document_ref == "محضر الجلسة 12"
    assert (first.yes_count, first.no_count, first.abstain_count, first.absent_count) == (
        2,
        1,
        1,
        1,
    )
    assert first.votes.get(person=house.haidar).option == "abstain"
    # Arabic-Indic dates, a quoted motion with a comma, Arabic values.
    assert second.date == date(2024, 5, 20)
    assert second.motion == "قرار بشأن موازنة الكهرباء، الفصل الثالث, المعدل"
    assert second.result == "failed"
    assert second.votes.get(person=house.lama).option == "abstain"
    assert second.votes.get(person=house.haidar).option == "not_voting"
    assert second.votes.get(person=house.salwa).party == house.party
    assert AuditEntry.objects.filter(action="vote_event.recorded").count() == 2


def methods_file() -> str:
    return (DATA / "votes-methods.csv").read_text(encoding="utf-8")


def test_the_file_with_methods_imports_with_the_expected_summary(house):
    summary = csv_import("votes", methods_file().encode(), actor=ACTOR)
    expected = json.loads((DATA / "votes-methods.expected.json").read_text(encoding="utf-8"))
    assert summary_dict(summary) == expected
    again = csv_import("votes", methods_file().encode(), actor=ACTOR)
    assert again.changes == 0
    assert again.counts["unchanged"] == 2 + 10


def test_a_vote_without_individual_votes_is_one_row_with_its_method(house):
    csv_import("votes", methods_file().encode(), actor=ACTOR)
    hands = VoteEvent.objects.get(motion="قرار بشأن تمديد الفصل التشريعي")
    assert hands.method == VoteEvent.Method.SHOW_OF_HANDS
    assert not hands.individual_votes_known
    assert hands.document_ref == "محضر الجلسة 15"
    assert not hands.votes.exists()
    # No method column value: the way of voting is unknown, never guessed.
    unknown = VoteEvent.objects.get(motion="التصويت على جدول الأعمال")
    assert (unknown.method, unknown.individual_votes_known) == ("unknown", False)
    assert unknown.result == "passed"


def test_a_vote_by_show_of_hands_refuses_a_per_person_vote(house):
    data = methods_file()
    data += "iq-cor/term-5,2024-06-02,قرار بشأن تمديد الفصل التشريعي,passed,p-001,نعم,,,\n"
    errors = failure("votes", data.encode())
    assert any("Line 15, column “method”" in e for e in errors), errors
    data = methods_file()
    data += "iq-cor/term-5,2024-07-01,قرار آخر,passed,p-001,نعم,,,رفع الأيدي\n"
    errors = failure("votes", data.encode())
    assert any(
        "Line 15, column “vote”" in e and "leave person and vote blank" in e for e in errors
    ), errors


def test_a_method_must_be_known_to_the_importer(house):
    data = methods_file()
    data += "iq-cor/term-5,2024-07-01,قرار آخر,passed,,,,,بالتصفيق\n"
    errors = failure("votes", data.encode())
    assert any("Line 15, column “method”" in e and "بالتصفيق" in e for e in errors), errors


def test_votes_already_recorded_are_corrected(house):
    data = golden("votes")[0]
    csv_import("votes", data, actor=ACTOR)
    changed = data.decode().replace("p-003,لا", "p-003,نعم").encode()
    summary = csv_import("votes", changed, actor=ACTOR)
    assert summary.counts == {
        "vote_events": 0,
        "without_votes": 0,
        "votes": 0,
        "votes_corrected": 1,
        "unchanged": 9,
    }
    event = VoteEvent.objects.get(date=date(2024, 3, 11))
    assert (event.yes_count, event.no_count) == (3, 0)
    assert AuditEntry.objects.filter(action="vote.corrected").count() == 1


def test_attendance_creates_sittings_and_corrects_recorded_attendance(house):
    sitting = Sitting.objects.create(term=house.term, date=date(2024, 3, 11), number=12)
    services.attendance_record(actor=ACTOR, sitting=sitting, statuses={house.salwa.pk: "absent"})
    summary = csv_import("attendance", golden("attendance")[0], actor=ACTOR)
    assert summary.counts == {
        "sittings": 1,
        "attendance": 9,
        "attendance_corrected": 1,
        "unchanged": 0,
    }
    assert Attendance.objects.get(sitting=sitting, person=house.salwa).status == "present"
    later = Sitting.objects.get(date=date(2024, 5, 20))
    assert later.number == 13
    statuses = dict(later.attendance.values_list("person__name", "status"))
    assert statuses["مازن الورداني"] == "absent"
    assert statuses["لمى الضفافي"] == "excused"
    assert AuditEntry.objects.filter(action="sitting.created", object_id=str(later.pk)).exists()


def test_attendance_without_sitting_number_uses_the_day_s_only_sitting(house):
    sitting = Sitting.objects.create(term=house.term, date=date(2024, 3, 11), number=12)
    data = b"term,date,person,status\niq-cor/term-5,2024-03-11,p-001,present\n"
    summary = csv_import("attendance", data, actor=ACTOR)
    assert summary.counts["sittings"] == 0
    assert Attendance.objects.get(person=house.salwa).sitting == sitting
    Sitting.objects.create(term=house.term, date=date(2024, 3, 11), number=13)
    (error,) = failure("attendance", data)
    assert error.startswith("Line 2, column “sitting_number”: Several sittings were held")


def test_activities_go_through_the_matching_service(house):
    csv_import("activities", golden("activities")[0], actor=ACTOR)
    speech = Activity.objects.get(kind="speech", person=house.salwa)
    assert speech.title == "مداخلة حول حماية المغتربين"
    assert speech.summary.startswith("دعت إلى تسهيل") and "\n" in speech.summary
    assert Activity.objects.get(kind="committee").committee == house.committee
    question = Question.objects.get()
    assert (question.asked_by, question.ministry, question.kind) == (
        house.rana,
        house.ministry,
        "written",
    )
    assert question.body.startswith("ما أسباب")
    bill = Bill.objects.get()
    assert set(bill.sponsors.all()) == {house.salwa, house.haidar}
    assert bill.introduced_on == date(2024, 4, 15)
    assert bill.summary == "يضمن حق التصويت للمقيمين في الخارج."
    assert bill.source_url == "https://parliament.example/bills/17"
    assert Activity.objects.filter(kind="bill").count() == 2
    assert Activity.objects.get(kind="speech", person=house.mazen).title.startswith("كلمة")


# --- Bad input: every error named, nothing written --------------------------------------------


def test_a_wrong_date_is_reported_with_line_and_column(house):
    data = replace_line(
        "votes",
        3,
        "iq-cor/term-5,2024-13-01,مشروع قانون حماية المغتربين — القراءة الثانية,passed,p-002,نعم,,",
    )
    assert failure("votes", data) == [
        "Line 3, column “date”: “2024-13-01” is not a date. Write it as YYYY-MM-DD or "
        "DD/MM/YYYY, for example 2024-03-15 or 15/03/2024."
    ]


@pytest.mark.parametrize(
    "text, day",
    [
        ("٢٠٢٤-٠٣-١١", date(2024, 3, 11)),
        ("١١/٠٣/٢٠٢٤", date(2024, 3, 11)),
        ("۱۱/۳/۲۰۲۴", date(2024, 3, 11)),
        ("\u200f2024-3-1\u200f", date(2024, 3, 1)),
        ("2024/03/11", None),
        ("11-03-2024", None),
        ("31/02/2024", None),
        ("2024-03-11 10:00", None),
    ],
)
def test_dates_in_any_digits_are_valid(text, day):
    assert parse_date(text) == day


def test_arabic_indic_dates_import(house):
    data = replace_line(
        "votes",
        3,
        "iq-cor/term-5,١١/٠٣/٢٠٢٤,مشروع قانون حماية المغتربين — القراءة الثانية,passed,p-002,نعم,,",
    )
    assert csv_import("votes", data, actor=ACTOR).counts["vote_events"] == 2


BAD_VOTE_LINES = [
    (
        "iq-cor/term-5,2024-05-20,قرار,failed,p-777,yes,,",
        "Line 13, column “person”: No representative has the identifier (scheme “popolo”) "
        "or the name “p-777”.",
    ),
    (
        "iq-cor/term-5,2024-09-01,قرار,failed,p-005,yes,,",
        "Line 13, column “person”: لمى الضفافي was not a member of parliament on 2024-09-01.",
    ),
    (
        "iq-cor/term-5,2024-05-20,قرار,failed,p-099,yes,,",
        "Line 13, column “person”: كرار الوادي was not a member of parliament on 2024-05-20.",
    ),
    (
        "iq-cor/term-5,2021-05-20,قرار,failed,p-001,yes,,",
        "Line 13, column “date”: 2021-05-20 is outside the term “الدورة الخامسة (خيالية)” "
        "(2022-01-09 to 2025-12-31).",
    ),
    (
        "iq-cor/term-5,2024-05-20,قرار,failed,p-001,ربما,,",
        "Line 13, column “vote”: “ربما” is not a known vote. Use one of: yes (نعم), no (لا), "
        "abstain (امتناع), absent (غائب), not_voting (لم يصوت).",
    ),
    (
        "iq-cor/term-5,2024-05-20,قرار,failed,p-001,yes,,,extra",
        "Line 13: Cell 9 holds “extra” but has no column name.",
    ),
    (
        "iq-cor/term-5,2024-03-11,مشروع قانون حماية المغتربين — القراءة الثانية,passed,"
        "سلوى النجمي,no,,",
        "Line 13, column “person”: سلوى النجمي already has a vote in this vote event, on line 2.",
    ),
    (
        "iq-cor/term-5,2024-03-11,مشروع قانون حماية المغتربين — القراءة الثانية,failed,p-006,no,,",
        "Line 13, column “result”: Line 2 gives “passed” for the same vote event.",
    ),
    (
        "iq-cor/term-6,2024-05-20,قرار,failed,p-001,yes,,",
        "Line 13, column “term”: No term has the identifier “iq-cor/term-6”.",
    ),
    (
        "iq-cor/term-5,2024-05-20,قرار,failed,p-001,yes,ftp://example.org/x,",
        "Line 13, column “source_url”: “ftp://example.org/x” is not a web address "
        "(it must start with https://).",
    ),
    (
        "iq-cor/term-5,2024-05-20,,failed,p-001,yes,,",
        "Line 13, column “motion”: A value is required.",
    ),
]


def test_an_ambiguous_name_is_refused_naming_the_ids_to_use(house):
    namesake = Person.objects.exclude(pk=house.yaser.pk).get(name="ياسر الرملي")
    data = golden("votes")[0] + "iq-cor/term-5,2024-05-20,قرار,failed,ياسر الرملي,yes,,\n".encode()
    assert failure("votes", data) == [
        "Line 13, column “person”: The name “ياسر الرملي” matches several representatives "
        f"(ياسر الرملي: jisr:person/{house.yaser.pk}, ياسر الرملي: jisr:person/{namesake.pk}); "
        "write the identifier of the one you mean instead, as shown on their staff page."
    ]


def test_the_sites_own_person_id_is_accepted_in_any_digits(house):
    # The id the Popolo export and the staff pages show, for someone with no popolo id
    # (Haidar) and for someone who has one (Yaser, p-006).
    haidar = f"jisr:person/{house.haidar.pk}"
    yaser = f"JISR:person/{house.yaser.pk}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    data = (
        "term,date,sitting_number,person,status\n"
        f"iq-cor/term-5,2024-05-20,40,{haidar},present\n"
        f"iq-cor/term-5,2024-05-20,40,{yaser},absent\n"
    ).encode()
    summary = csv_import("attendance", data, actor=ACTOR)
    assert summary.counts["attendance"] == 2
    statuses = dict(Attendance.objects.filter(sitting__number=40).values_list("person", "status"))
    assert statuses == {house.haidar.pk: "present", house.yaser.pk: "absent"}
    unknown = "term,date,person,status\niq-cor/term-5,2024-05-20,jisr:person/999999,present\n"
    assert "No representative has the identifier" in failure("attendance", unknown.encode())[0]


@pytest.mark.parametrize("line, message", BAD_VOTE_LINES)
def test_one_bad_vote_line_fails_the_whole_file(house, line, message):
    data = golden("votes")[0] + line.encode() + b"\n"
    assert failure("votes", data) == [message]


def test_every_error_is_reported_at_once(house):
    data = golden("votes")[0] + "\n".join(line for line, _message in BAD_VOTE_LINES).encode()
    errors = failure("votes", data)
    assert [e.split(",")[0].split(":")[0] for e in errors] == [
        f"Line {13 + i}" for i in range(len(BAD_VOTE_LINES))
    ]


def test_a_vote_for_someone_without_a_vote_in_a_recorded_event_is_refused(house):
    csv_import("votes", golden("votes")[0], actor=ACTOR)
    data = (
        golden("votes")[0]
        + (
            "iq-cor/term-5,2024-03-11,مشروع قانون حماية المغتربين — القراءة الثانية,passed,"
            "p-006,no,,\n"
        ).encode()
    )
    assert failure("votes", data) == [
        "Line 13, column “person”: This vote event is already recorded without a vote by "
        "ياسر الرملي; votes cannot be added to it."
    ]


def test_errors_are_capped_but_counted(house):
    bad = "iq-cor/term-5,2024-05-20,قرار,failed,p-777,yes,,\n" * 250
    with pytest.raises(ImportFailed) as caught:
        csv_import("votes", golden("votes")[0] + bad.encode(), actor=ACTOR)
    assert len(caught.value.errors) == 200
    assert caught.value.messages[-1] == "… and 50 more errors."


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "iq-cor/term-5;20/05/2024;13;p-001;متأخر",
            "Line 13, column “الحضور”: “متأخر” is not a known attendance. Use one of: "
            "present (حاضر), absent (غائب), excused (مجاز).",
        ),
        (
            "iq-cor/term-5;20/05/2024;13;حيدر الجسراوى;حاضر",
            "Line 13, column “النائب”: حيدر الجسراوي is already listed for this sitting, "
            "on line 10.",
        ),
        (
            "iq-cor/term-5;20/05/2024;ثلاثة عشر;p-001;حاضر",
            "Line 13, column “رقم الجلسة”: “ثلاثة عشر” is not a whole number.",
        ),
        (
            "iq-cor/term-5;01/07/2024;14;p-005;حاضر",
            "Line 13, column “النائب”: لمى الضفافي was not a member of parliament on 2024-07-01.",
        ),
    ],
)
def test_bad_attendance_lines(house, line, message):
    data = golden("attendance")[0] + line.encode() + b"\r\n"
    assert failure("attendance", data) == [message]


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "iq-cor/term-5,2024-03-12,p-002,committee,اجتماع,,,,,",
            "Line 9, column “committee”: A value is required.",
        ),
        (
            "iq-cor/term-5,2024-03-12,p-002,committee,اجتماع,,لجنة الطاقة,,,",
            "Line 9, column “committee”: No committee is named “لجنة الطاقة”.",
        ),
        (
            "iq-cor/term-5,2024-03-12,p-002,question,سؤال,,,وزارة الخارجيه,,",
            "Line 9, column “question_kind”: A value is required.",
        ),
        (
            "iq-cor/term-5,2024-03-12,p-002,speech,كلمة,,,وزارة الخارجية,,",
            "Line 9, column “ministry”: Only questions name a ministry.",
        ),
        (
            "iq-cor/term-5,2024-03-12,p-002,petition,عريضة,,,,,",
            "Line 9, column “kind”: “petition” is not a known kind of activity. Use one of: "
            "speech (كلمة), committee (لجنة), question (سؤال), bill (مشروع قانون).",
        ),
        (
            "iq-cor/term-5,2024-03-11,p-001,مداخلة,مداخلة حول حماية المغتربين,,,,,",
            "Line 9, column “title”: Line 2 holds the same activity.",
        ),
        (
            "iq-cor/term-5,15/04/2024,p-002,bill,مقترح قانون تصويت المغتربين,نص آخر,,,,",
            "Line 9, column “summary”: Line 6 gives “يضمن حق التصويت للمقيمين في الخارج.” "
            "for the same bill.",
        ),
        (
            "iq-cor/term-5,15/04/2024,p-001,bill,مقترح قانون تصويت المغتربين,,,,,",
            "Line 9, column “person”: سلوى النجمي is already a sponsor of this bill, on line 6.",
        ),
    ],
)
def test_bad_activity_lines(house, line, message):
    data = golden("activities")[0] + line.encode() + b"\n"
    assert failure("activities", data) == [message]


@pytest.mark.parametrize(
    "header, message",
    [
        (
            "term,date,motion,result,person",
            "Line 1, column “vote”: This required column is missing.",
        ),
        (
            "term,date,motion,result,person,vote,notes",
            "Line 1, column “notes”: Unknown column. The columns of this format are: term, "
            "date, motion, result, person, vote, method, source_url, document_ref.",
        ),
        (
            "term,date,motion,result,person,vote,vote",
            "Line 1, column “vote”: This column appears twice.",
        ),
    ],
)
def test_header_errors(house, header, message):
    assert failure("votes", f"{header}\n{TERM},2024-05-20,x,failed,p-001,yes\n".encode()) == [
        message
    ]


def test_files_without_rows_are_refused(house):
    assert failure("votes", b"") == ["Line 1: The first line must name the columns; it is empty."]
    assert failure("votes", b"term,date,motion,result,person,vote\n,,,\n\n") == [
        "The file has no rows to import."
    ]


# --- Encodings and separators -----------------------------------------------------------------


@pytest.mark.parametrize(
    "codec, name",
    [
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
    ],
)
def test_utf8_with_bom_and_utf16_files_import(house, codec, name):
    data, expected = golden("votes")
    summary = csv_import("votes", data.decode().encode(codec), actor=ACTOR)
    assert summary.encoding == name
    assert summary.counts == expected["counts"]


def test_windows_1256_file_from_a_spreadsheet_imports(house):
    data = (DATA / "attendance-windows-1256.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    summary = csv_import("attendance", data, actor=ACTOR, dry_run=True)
    assert summary.encoding == "Windows-1256"
    assert summary.delimiter == ";"
    assert summary.counts == golden("attendance")[1]["counts"]


def test_utf8_with_a_broken_byte_names_the_line_instead_of_guessing():
    data = golden("votes")[0].replace("p-003,لا".encode(), b"p-003,\xff")
    with pytest.raises(ImportFailed) as caught:
        read_text(data)
    assert str(caught.value.errors[0]).startswith("Line 4: The file is in UTF-8")


def test_tab_separated_arabic_headers(house):
    text = (
        "الدورة\tالتاريخ\tالقرار\tالنتيجة\tالنائب\tالتصويت\n"
        f"{TERM}\t2024-05-20\tقرار\tمرر\tp-001\tموافق\n"
    )
    summary = csv_import("votes", text.encode("utf-16"), actor=ACTOR)
    assert summary.delimiter == "\t"
    assert VoteEvent.objects.get().result == "passed"


def test_a_windows_1256_votes_file_imports(house):
    data, expected = golden("votes")
    text = data.decode().replace("٢٠٢٤", "2024").replace("٠٥", "05").replace("٢٠", "20")
    summary = csv_import("votes", text.encode("cp1256"), actor=ACTOR)
    assert summary.encoding == "Windows-1256"
    assert summary.counts == expected["counts"]
    assert VoteEvent.objects.filter(motion__startswith="قرار بشأن موازنة").exists()


def test_a_utf16_file_without_byte_order_mark_imports(house):
    text = "الدورة\tالتاريخ\tالقرار\tالنتيجة\tالنائب\tالتصويت\n"
    text += f"{TERM}\t٢٠/٠٥/٢٠٢٤\tقرار\tمرر\tسلوى النجمي\tموافق\n"
    for codec in ("utf-16-le", "utf-16-be"):
        summary = csv_import("votes", text.encode(codec), actor=ACTOR, dry_run=True)
        assert (summary.encoding, summary.counts["votes"]) == ("UTF-16", 1)


def test_old_mac_line_breaks_and_a_cell_on_two_lines(house):
    text = (
        "term,date,person,kind,title,summary\r"
        f'{TERM},2024-03-11,p-001,speech,كلمة,"سطر أول\nسطر ثان"\r'
    )
    summary = csv_import("activities", text.encode(), actor=ACTOR)
    assert summary.rows == 1
    assert Activity.objects.get().summary == "سطر أول\nسطر ثان"


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"term,date,motion,result,person,vote\n" + TERM.encode() + b",2024-05-20,x\x00,passed,"
            b"p-001,yes\n",
            "Line 2: This line holds a zero byte (NUL)",
        ),
        (b"term,date,motion,result,person,vote\n\x00", "Line 2: This line holds a zero byte"),
        (
            b"term,date,motion,result,person,vote\n\x1b[31m,",
            "Line 2: This line holds an invisible control character (U+001B)",
        ),
        (
            bytes(range(256)) * 4,
            "The file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet and try again.",
        ),
        (
            "term,date,motion,result,person,vote\nنعم".encode()[:-1],
            "Line 2: The file is cut off or damaged in the middle of a character.",
        ),
        ("term,vote".encode("utf-16") + b"\x00", "Line 1: The file is cut off or damaged"),
        (
            b"term,date,motion,result,person,vote\n" + b"x" * 200_000,
            "Line 2: This line is longer than 131072 characters",
        ),
        (
            b'term,date,motion,result,person,vote\n"' + (b"x" * 1000 + b"\n") * 140,
            "Line 2: A cell is longer than 131072 characters: a quote that opens a cell may not "
            "be closed.",
        ),
        (b"term,date,motion,result,person,vote\r\n", "The file has no rows to import."),
    ],
)
def test_files_that_are_not_clean_text_are_refused_with_the_line(house, data, message):
    (error,) = failure("votes", data)
    assert error.startswith(message), error


def test_a_huge_number_is_an_error_not_a_crash(house):
    line = f"{TERM};20/05/2024;{'9' * 5000};p-001;حاضر"
    (error,) = failure("attendance", golden("attendance")[0] + line.encode())
    assert error.startswith("Line 13, column “رقم الجلسة”: “99999")
    assert error.endswith("…") and len(error) < 1100


def test_sitting_numbers_with_arabic_digits_and_separators(house):
    data = f"term,date,sitting_number,person,status\n{TERM},2024-05-20,١٬٢٠٤,p-001,present\n"
    csv_import("attendance", data.encode(), actor=ACTOR)
    assert Sitting.objects.get().number == 1204


def test_too_many_rows_or_bytes_are_refused_before_anything_is_checked(house, monkeypatch):
    from jisr.parliament.csv_import import base as module

    monkeypatch.setattr(module, "MAX_ROWS", 5)
    assert failure("votes", golden("votes")[0]) == [
        "The file has more than 5 rows, more than one import may hold. Split it into smaller files."
    ]
    monkeypatch.setattr(module, "MAX_BYTES", 100)
    assert failure("votes", golden("votes")[0])[0].startswith("The file is 1.")


def test_other_identifier_schemes(house):
    PersonIdentifier.objects.create(person=house.salwa, scheme="wikidata", identifier="Q1")
    text = f"term,date,motion,result,person,vote\n{TERM},2024-05-20,قرار,passed,Q1,yes\n"
    csv_import("votes", text.encode(), actor=ACTOR, scheme="wikidata")
    assert Vote.objects.get().person == house.salwa


def test_importer_classes_are_usable_directly(house):
    for cls, kind in [
        (VotesCsvImporter, "votes"),
        (AttendanceCsvImporter, "attendance"),
        (ActivitiesCsvImporter, "activities"),
    ]:
        summary = cls(actor=ACTOR).run(golden(kind)[0], dry_run=True)
        assert summary.kind == kind


# --- The command ------------------------------------------------------------------------------


def test_command_dry_run_prints_the_summary_and_a_progress_bar(house):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "parliament_import_csv",
        "votes",
        str(DATA / "votes.csv"),
        "--dry-run",
        "--language",
        "en",
        stdout=out,
        stderr=err,
    )
    assert "10 rows read (UTF-8)." in out.getvalue()
    assert "New vote events: 2" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert "100%" in err.getvalue()
    assert not VoteEvent.objects.exists()


def test_command_imports(house):
    out = io.StringIO()
    call_command(
        "parliament_import_csv",
        "activities",
        str(DATA / "activities.csv"),
        "--language",
        "en",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "New bills: 1" in out.getvalue()
    assert Bill.objects.count() == 1


def test_command_lists_errors_and_fails_without_a_traceback(house, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(golden("votes")[0] + b"iq-cor/term-5,2024-09-01,x,failed,p-005,yes,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "parliament_import_csv",
            "votes",
            str(bad),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Line 13, column “person”" in err.getvalue()
    assert not VoteEvent.objects.exists()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "parliament_import_csv", "votes", str(tmp_path / "missing.csv"), "--language", "en"
        )


def test_command_refuses_a_file_too_big_before_reading_it(house, tmp_path, monkeypatch):
    from jisr.parliament.management.commands import parliament_import_csv

    monkeypatch.setattr(parliament_import_csv, "MAX_BYTES", 10)
    path = tmp_path / "votes.csv"
    path.write_bytes(golden("votes")[0])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "parliament_import_csv",
            "votes",
            str(path),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "at most 10\xa0bytes can be imported at once" in err.getvalue()


# --- The staff pages --------------------------------------------------------------------------


@pytest.fixture
def organizer(organizer):
    """The organizer of tests/conftest.py, reading the site in English."""
    organizer.preferred_language = "en"
    organizer.save(update_fields=["preferred_language"])
    return organizer


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


def upload(client, kind, data, name="file.csv"):
    return client.post(
        reverse("parliament_staff:import_upload"),
        {"kind": kind, "scheme": "popolo", "file": SimpleUploadedFile(name, data)},
    )


def test_every_parliament_staff_page_needs_an_organizer():
    for pattern in staff_urls.urlpatterns:
        assert "organizer" in getattr(pattern.callback, "staff_roles", ()), pattern.name


@pytest.mark.urls(URLS)
def test_staff_upload_summary_confirm(client, house, organizer, media):
    signed_in(client, organizer)
    response = client.get(reverse("parliament_staff:import_upload"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content

    before = snapshot()
    response = upload(client, "votes", golden("votes")[0])
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament_staff:import_confirm")
    assert snapshot() == before
    (stored,) = media.iterdir()

    response = client.get(reverse("parliament_staff:import_confirm"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "file.csv" in page and "UTF-8" in page
    assert '<th scope="row">New votes</th><td>10</td>' in page

    response = client.post(reverse("parliament_staff:import_confirm"), {"action": "import"})
    assert response.status_code == 200
    assert "Import done" in response.content.decode()
    assert VoteEvent.objects.count() == 2
    assert VoteEvent.objects.first().recorded_by == organizer
    assert not stored.exists()
    assert staff_import.SESSION_KEY not in client.session
    response = client.post(reverse("parliament_staff:import_confirm"), {"action": "import"})
    assert response.status_code == 302
    assert VoteEvent.objects.count() == 2


@pytest.mark.urls(URLS)
def test_staff_pages_query_counts_are_bounded(
    client, house, organizer, media, django_assert_num_queries
):
    signed_in(client, organizer)
    with django_assert_num_queries(5):
        form = client.get(reverse("parliament_staff:import_upload")).context["form"]
    assert not form.is_bound
    data, expected = golden("votes")
    upload(client, "votes", data)
    with django_assert_num_queries(5):
        confirm = client.get(reverse("parliament_staff:import_confirm"))
    # The dry run's summary, waiting for the confirmation: nothing written yet.
    assert confirm.status_code == 200 and confirm.context["summary"].counts == expected["counts"]
    assert not VoteEvent.objects.exists()


@pytest.mark.urls(URLS)
def test_staff_upload_with_errors_shows_them_and_keeps_nothing(client, house, organizer, media):
    signed_in(client, organizer)
    before = snapshot()
    data = golden("votes")[0] + b"iq-cor/term-5,2024-09-01,x,failed,p-005,yes,,\n"
    response = upload(client, "votes", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Line 13, column “person”: لمى الضفافي was not a member" in page
    assert snapshot() == before
    assert list(media.iterdir()) == []
    assert client.get(reverse("parliament_staff:import_confirm")).status_code == 302


@pytest.mark.urls(URLS)
def test_staff_upload_can_be_cancelled(client, house, organizer, media):
    signed_in(client, organizer)
    upload(client, "attendance", golden("attendance")[0])
    response = client.post(reverse("parliament_staff:import_confirm"), {"action": "cancel"})
    assert response.status_code == 302
    assert list(media.iterdir()) == []
    assert not Sitting.objects.exists()


@pytest.mark.urls(URLS)
def test_staff_upload_refuses_big_files_and_unknown_kinds(
    client, house, organizer, media, monkeypatch
):
    signed_in(client, organizer)
    monkeypatch.setattr(staff_import.ImportUploadForm, "max_size", 100)
    response = upload(client, "votes", golden("votes")[0])
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = upload(client, "budgets", b"a,b\n")
    assert response.context["form"].errors["kind"]
    assert not media.exists() or list(media.iterdir()) == []


@pytest.mark.urls(URLS)
def test_staff_import_is_refused_to_members_and_organizers_without_two_factor(
    client, house, member, media
):
    signed_in(client, member)
    assert client.get(reverse("parliament_staff:import_upload")).status_code == 403
    assert upload(client, "votes", golden("votes")[0]).status_code == 403
    assert client.post(reverse("parliament_staff:import_confirm")).status_code == 403
    assert not media.exists()
    from tests.accounts.factories import UserFactory

    signed_in(client, UserFactory(roles=["organizer"]))
    response = client.get(reverse("parliament_staff:import_upload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    signed_in(client, with_mfa(UserFactory(roles=["moderator"])))
    assert client.get(reverse("parliament_staff:import_upload")).status_code == 403


@pytest.mark.urls(URLS)
def test_staff_confirm_reports_changes_made_since_the_dry_run(client, house, organizer, media):
    signed_in(client, organizer)
    upload(client, "votes", golden("votes")[0])
    # Lama's membership is shortened after the dry run: the confirmed import must refuse.
    house.lama.memberships.update(end_date=date(2024, 1, 1))
    response = client.post(reverse("parliament_staff:import_confirm"), {"action": "import"})
    assert response.status_code == 200
    assert "لمى الضفافي was not a member" in response.content.decode()
    assert not VoteEvent.objects.exists()
    assert list(media.iterdir()) == []


def test_people_lookup_does_not_touch_other_people(house):
    # Identifiers in another scheme are not used for the default one.
    PersonIdentifier.objects.create(person=house.salwa, scheme="wikidata", identifier="p-002")
    text = f"term,date,motion,result,person,vote\n{TERM},2024-05-20,قرار,passed,p-002,yes\n"
    csv_import("votes", text.encode(), actor=ACTOR)
    assert Vote.objects.get().person == house.mazen
    assert Person.objects.count() == 8


def test_the_sample_csv_shipped_for_the_demo_imports_into_the_demo():
    # docs/parliament-csv.md tells organizers to try this file on the demo: it names each of
    # the demo's namesakes by the id its staff page shows.
    call_command("demo_load", stdout=io.StringIO())
    sample = (Path(__file__).parents[2] / "docs" / "demo" / "attendance.csv").read_bytes()
    dry = csv_import("attendance", sample, actor=ACTOR, dry_run=True)
    assert not Sitting.objects.filter(date=date(2026, 1, 20)).exists()
    summary = csv_import("attendance", sample, actor=ACTOR)
    assert (
        summary_dict(summary)
        == summary_dict(dry)
        == {
            "kind": "attendance",
            "encoding": "UTF-8",
            "delimiter": ";",
            "rows": 24,
            "counts": {"sittings": 1, "attendance": 24, "attendance_corrected": 0, "unchanged": 0},
        }
    )
    sitting = Sitting.objects.get(date=date(2026, 1, 20))
    statuses = list(Attendance.objects.filter(sitting=sitting).values_list("status", flat=True))
    assert statuses.count("present") == 21 and statuses.count("absent") == 2
    # Importing it again changes nothing.
    assert csv_import("attendance", sample, actor=ACTOR).counts["unchanged"] == 24
