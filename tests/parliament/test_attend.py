"""Issue #18, items 5 and 7: attendance with reasons and sources (and committee meetings,
a sitting's timing and quorum, the official absentee lists), presence counted with and
without excused absences over honest denominators; bill phases configured per term."""

import importlib
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jisr.parliament import selectors, services
from jisr.parliament.csv_import import csv_import
from jisr.parliament.models import (
    Attendance,
    Bill,
    BillPhase,
    BillStage,
    CommitteeAttendance,
    Membership,
    Sitting,
    Term,
)

from ..conftest import signed_in
from .conftest import TERM_START
from .test_csv_import import DATA, House, failure, replace_line

pytestmark = pytest.mark.django_db
ACTOR = "system:test"
DAY = date(2026, 3, 1)


def english(client):
    """Pages in English (the site is Arabic by default)."""
    client.cookies["jisr_language"] = "en"
    return client


# --- Reasons and sources on attendance --------------------------------------------------


def test_attendance_keeps_its_reason_source_and_address(parliament):
    a, b, c, d = parliament.members
    sitting = Sitting.objects.create(term=parliament.term, date=DAY, number=1)
    services.attendance_record(
        actor=ACTOR,
        sitting=sitting,
        statuses={a.pk: "present", b.pk: "excused", c.pk: "absent", d.pk: "absent"},
        reasons={b.pk: "medical", c.pk: "unexcused"},
        source="press",
        source_url="https://news.example/absences",
    )
    rows = {r.person_id: r for r in Attendance.objects.filter(sitting=sitting)}
    assert (rows[b.pk].status, rows[b.pk].reason) == ("excused", "medical")
    assert (rows[c.pk].status, rows[c.pk].reason) == ("absent", "unexcused")
    assert rows[d.pk].reason == ""
    assert {r.source for r in rows.values()} == {"press"}
    assert rows[a.pk].source_url == "https://news.example/absences"


@pytest.mark.parametrize(
    "status, reason",
    [("present", "medical"), ("excused", "unexcused"), ("absent", "mission"), ("absent", "x")],
)
def test_a_reason_that_contradicts_the_attendance_is_refused(parliament, status, reason):
    person = parliament.members[0]
    sitting = Sitting.objects.create(term=parliament.term, date=DAY, number=1)
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=ACTOR, sitting=sitting, statuses={person.pk: status}, reasons={person.pk: reason}
        )
    assert not Attendance.objects.exists()


# --- Presence both ways, with denominators ------------------------------------------------


def _sittings(parliament, statuses_by_day):
    for offset, statuses in enumerate(statuses_by_day):
        sitting = Sitting.objects.create(
            term=parliament.term, date=DAY + timedelta(days=offset), number=offset + 1
        )
        services.attendance_record(
            actor=ACTOR,
            sitting=sitting,
            statuses={p.pk: s for p, s in statuses.items()},
            reasons={p.pk: "medical" for p, s in statuses.items() if s == "excused"},
        )


def test_presence_is_counted_with_and_without_excused_absences(parliament):
    person = parliament.members[0]
    _sittings(
        parliament,
        [{person: "present"}] * 5 + [{person: "excused"}] * 2 + [{person: "absent"}] * 3,
    )
    card = selectors.scorecard(person, parliament.term)["presence"]
    assert card["total"] == 10
    assert (card["present"], card["present_or_excused"]) == (5, 7)
    assert (card["rate"], card["rate_excused"]) == (50, 70)


def test_a_member_not_yet_sitting_is_left_out_of_the_denominator(parliament, client):
    # Joined on the fourth sitting's day: the three before are not theirs to miss.
    late = parliament.add_member("عضو لاحق", parliament.party, start_date=DAY + timedelta(days=3))
    early = parliament.members[0]
    _sittings(
        parliament,
        [{early: "present"}] * 3
        + [{early: "present", late: "present"}, {early: "absent", late: "excused"}],
    )
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=ACTOR,
            sitting=Sitting.objects.get(number=1),
            statuses={late.pk: "absent"},
        )
    assert selectors.scorecard(late, parliament.term)["presence"]["total"] == 2
    assert selectors.scorecard(early, parliament.term)["presence"]["total"] == 5
    html = english(client).get(reverse("parliament:representative", args=[late.pk]))
    text = " ".join(html.content.decode().split())
    assert "Present at 1 of 2 sittings whose attendance was recorded." in text
    assert "2 of 2 counting excused absences." in text
    assert 'href="#presence-method"' in text or 'id="presence-method"' in text


def test_committee_presence_shows_on_the_representative_page(parliament, client):
    member, other = parliament.members[:2]
    Membership.objects.create(
        person=member,
        organization=parliament.committee,
        term=parliament.term,
        start_date=TERM_START,
    )
    for offset, status in enumerate(["present", "excused", "absent"]):
        services.committee_meeting_record(
            actor=ACTOR,
            committee=parliament.committee,
            term=parliament.term,
            date=DAY + timedelta(days=offset),
            statuses={member.pk: status},
            reasons={member.pk: "mission"} if status == "excused" else {},
            source="observer",
        )
    # Someone not on the committee cannot be recorded at its meeting.
    with pytest.raises(ValidationError):
        services.committee_meeting_record(
            actor=ACTOR,
            committee=parliament.committee,
            term=parliament.term,
            date=DAY,
            statuses={other.pk: "absent"},
        )
    assert CommitteeAttendance.objects.count() == 3
    response = english(client).get(reverse("parliament:representative", args=[member.pk]))
    text = " ".join(response.content.decode().split())
    assert "Present at 1 of 3 committee meetings." in text
    assert "2 of 3 counting excused absences." in text


# --- The sitting page ---------------------------------------------------------------------


def test_the_sitting_page_shows_the_delay_the_quorum_and_the_reasons(
    parliament, client, django_assert_num_queries
):
    a, b, c, d = parliament.members
    sitting = services.sitting_attendance_record(
        actor=ACTOR,
        term=parliament.term,
        date=DAY,
        number=7,
        statuses={a.pk: "present", b.pk: "excused", c.pk: "absent", d.pk: "present"},
        reasons={b.pk: "mission", c.pk: "unexcused"},
        source="official",
        scheduled_start=time(10, 0),
        actual_start=time(11, 45),
        quorum_reached=False,
    )
    url = reverse("parliament:sitting", args=[sitting.pk])
    with django_assert_num_queries(3):
        response = english(client).get(url)
    text = " ".join(response.content.decode().split())
    assert "Began 105 minutes late (called for 10:00, began 11:45)." in text
    assert "Quorum not reached." in text
    assert "2 of 4 members recorded were present." in text
    assert "Official mission: <strong>1</strong>" in text
    assert "Unexcused: <strong>1</strong>" in text


# --- The official absentee lists ------------------------------------------------------------


def _absentees():
    return (DATA / "absentees.csv").read_bytes()


def test_the_absentee_list_imports_with_its_summary():
    house = House()
    with translation.override("en"):
        summary = csv_import("absentees", _absentees(), actor=ACTOR)
    counts = dict(summary.counts)
    assert counts == {"sittings": 2, "absences": 5, "present": 3, "unchanged": 0}
    # The complete list (sitting 12) records everyone else seated present; the incomplete
    # one (sitting 13) records nobody but its absentees.
    s12 = Sitting.objects.get(number=12)
    s13 = Sitting.objects.get(number=13)
    assert set(
        Attendance.objects.filter(sitting=s12, status="present").values_list("person", flat=True)
    ) == {
        house.salwa.pk,
        house.lama.pk,
        house.yaser.pk,
    }
    assert Attendance.objects.filter(sitting=s13).count() == 2
    assert not Attendance.objects.filter(sitting=s13, status="present").exists()
    again = csv_import("absentees", _absentees(), actor=ACTOR)
    assert dict(again.counts) == {"sittings": 0, "absences": 0, "present": 0, "unchanged": 5}


def test_a_dry_run_of_the_absentee_list_writes_nothing():
    House()
    summary = csv_import("absentees", _absentees(), actor=ACTOR, dry_run=True)
    assert summary.dry_run and dict(summary.counts)["absences"] == 5
    assert not Attendance.objects.exists() and not Sitting.objects.exists()


@pytest.mark.parametrize(
    "number, line, message",
    [
        (
            3,
            "iq-cor/term-5;11/03/2024;12;p-003;نزهة;قائمة رسمية;https://parliament.example/absentees/12;نعم",
            "Line 3, column “السبب”: “نزهة” is not a known reason.",
        ),
        (
            4,
            "iq-cor/term-5;11/03/2024;12;حيدر الجسراوى;إجازة مرضية;قائمة رسمية;https://parliament.example/absentees/12;لا",
            "Line 4, column “القائمة كاملة”: Line 2 gives “yes” for the same sitting",
        ),
        (
            6,
            "iq-cor/term-5;٢٠/٠٥/٢٠٢٤;13;p-099;إعفاء;مراقب;;لا",
            "Line 6, column “النائب”: كرار الوادي was not a member of parliament on 2024-05-20.",
        ),
        (
            5,
            "iq-cor/term-5;٢٠/٠٥/٢٠٢٤;13;p-001;غير معروف;تويتر;;لا",
            "Line 5, column “المصدر”: “تويتر” is not a known source.",
        ),
    ],
)
def test_a_bad_absentee_line_fails_the_whole_file_naming_line_and_column(number, line, message):
    House()
    with translation.override("en"):
        errors = failure("absentees", replace_line("absentees", number, line))
    assert len(errors) == 1
    assert errors[0].startswith(message)


# --- Bill phases per term --------------------------------------------------------------------


def test_a_new_term_starts_with_the_eight_phases_and_each_term_has_its_own(parliament):
    term, _changed = services.term_save(
        actor=ACTOR,
        term=None,
        identifier="term/next",
        legislature=parliament.legislature,
        name="الدورة التالية",
        start_date=date(2030, 1, 1),
    )
    codes = list(BillPhase.objects.filter(term=term).values_list("code", flat=True))
    assert codes == list(Bill.Stage.values)
    services.bill_phase_save(
        actor=ACTOR,
        term=term,
        phase=None,
        code="senate",
        name="مجلس الاتحاد",
        name_en="Federation Council",
    )
    assert BillPhase.objects.filter(term=term, code="senate").exists()
    # The other term's bills cannot use it.
    services.bill_phases_seed(actor=ACTOR, term=parliament.term)
    bill = services.bill_record(actor=ACTOR, term=parliament.term, title="قانون", introduced_on=DAY)
    with pytest.raises(ValidationError):
        services.bill_stage_add(actor=ACTOR, bill=bill, stage="senate", date=DAY)


def test_phases_reorder_and_the_bill_page_shows_the_path_with_dates(
    parliament, client, django_assert_num_queries
):
    services.bill_phases_seed(actor=ACTOR, term=parliament.term)
    committee = BillPhase.objects.get(term=parliament.term, code="committee")
    services.bill_phase_move(actor=ACTOR, phase=committee, step=-1)
    services.bill_phase_move(actor=ACTOR, phase=committee, step=-1)
    order = list(BillPhase.objects.filter(term=parliament.term).values_list("code", flat=True))
    assert order[:4] == ["introduced", "committee", "first_reading", "second_reading"]
    services.bill_phase_save(
        actor=ACTOR,
        term=parliament.term,
        phase=committee,
        name="لجنة",
        name_en="With the committee",
        explanation_en="The committee writes its report.",
    )
    bill = services.bill_record(
        actor=ACTOR, term=parliament.term, title="قانون المياه", introduced_on=DAY
    )
    services.bill_stage_add(actor=ACTOR, bill=bill, stage="committee", date=DAY + timedelta(days=9))
    services.bill_explain(
        actor=ACTOR, bill=bill, explainer="يحمي الأنهار.", explainer_en="It protects rivers."
    )
    url = reverse("parliament:bill", args=[bill.pk])
    # The bill, its term's phases, its stages, sponsors, votes and explanations of votes.
    with django_assert_num_queries(6):
        response = english(client).get(url)
    text = " ".join(response.content.decode().split())
    assert "It protects rivers." in text
    assert text.index("With the committee") < text.index("First reading")
    assert "The committee writes its report." in text
    assert 'aria-current="step"' in text
    # Terminal phases the bill did not reach are not shown as ahead of it.
    assert "Rejected" not in text and "Withdrawn" not in text


def test_the_migration_seeds_phases_and_keeps_every_bill_and_stage(parliament):
    """0004 gives every existing term the eight phases (and a phase for any other code in
    use); bills and their stages keep their codes."""
    migration = importlib.import_module("jisr.parliament.migrations.0004_attend")
    bill = services.bill_record(
        actor=ACTOR, term=parliament.term, title="قانون", introduced_on=DAY, stage="first_reading"
    )
    BillStage.objects.create(bill=bill, stage="old_custom", date=DAY)
    BillPhase.objects.all().delete()
    from django.apps import apps

    migration.seed_phases(apps, None)
    codes = list(BillPhase.objects.filter(term=parliament.term).values_list("code", flat=True))
    assert codes == [*Bill.Stage.values, "old_custom"]
    assert Bill.objects.get().stage == "first_reading"
    assert list(BillStage.objects.values_list("stage", flat=True)) == [
        "introduced",
        "first_reading",
        "old_custom",
    ]
    assert Term.objects.count() == 1


# --- Staff pages ---------------------------------------------------------------------------


def test_staff_record_attendance_with_reasons_timing_and_quorum(parliament, client, organizer):
    a, b, c, _d = parliament.members
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:attendance_new"),
        {
            "term": parliament.term.pk,
            "date": "2026-03-02",
            "number": "3",
            "scheduled_start": "10:00",
            "actual_start": "١٠:٣٠",
            "quorum_reached": "true",
            "default": "present",
            "source": "observer",
            f"member_{b.pk}": "excused:medical",
            f"member_{c.pk}": "absent:unexcused",
        },
    )
    sitting = Sitting.objects.get(number=3)
    assert response.status_code == 302 and response["Location"] == reverse(
        "parliament:sitting", args=[sitting.pk]
    )
    assert (sitting.delay_minutes, sitting.quorum_reached) == (30, True)
    rows = {r.person_id: (r.status, r.reason, r.source) for r in Attendance.objects.all()}
    assert rows[b.pk] == ("excused", "medical", "observer")
    assert rows[c.pk] == ("absent", "unexcused", "observer")
    assert rows[a.pk] == ("present", "", "observer")


def test_staff_add_rename_and_move_phases(parliament, client, organizer):
    services.bill_phases_seed(actor=ACTOR, term=parliament.term)
    signed_in(client, organizer)
    url = reverse("parliament_entry:bill_phases") + f"?term={parliament.term.pk}"
    response = client.post(
        url,
        {
            "term": parliament.term.pk,
            "code": "promulgated",
            "name": "النشر",
            "name_en": "Published",
        },
    )
    assert response.status_code == 302
    phase = BillPhase.objects.get(code="promulgated")
    assert BillPhase.objects.filter(term=parliament.term).order_by("order").last() == phase
    client.post(reverse("parliament_entry:bill_phase_move", args=[phase.pk]), {"direction": "up"})
    assert (
        BillPhase.objects.filter(term=parliament.term).order_by("order").last().code
        != "promulgated"
    )
    response = client.post(
        reverse("parliament_entry:bill_phase_edit", args=[phase.pk]),
        {"code": "changed", "name": "نشر القانون", "name_en": "Published in the gazette"},
    )
    assert response.status_code == 302, response.context["form"].errors
    phase.refresh_from_db()
    assert (phase.code, phase.name) == ("promulgated", "نشر القانون")


# --- The monthly report ----------------------------------------------------------------------


def test_the_monthly_report_shows_presence_both_ways(client, member, organizer):
    from jisr.reports import services as reports

    from ..reports.world import MARCH, World

    world = World(member, organizer)
    services.attendance_record(
        actor=ACTOR,
        sitting=world.sitting,
        statuses={world.members[2].pk: "excused"},
        reasons={world.members[2].pk: "medical"},
    )
    for person, expected in [
        (None, "Members were present in 1 of 3 recorded attendances; 2 of 3 counting excused"),
        (world.members[2], "Present at 0 of 1 sitting whose attendance was recorded; 1 of 1"),
    ]:
        report = reports.report_create(actor=organizer, person=person, start=MARCH[0], end=MARCH[1])
        reports.report_publish(actor=organizer, report=report)
        response = english(client).get(reverse("reports:detail", args=[report.pk]))
        assert expected in " ".join(response.content.decode().split())
