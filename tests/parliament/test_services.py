"""The parliament services: the rules that staff forms and imports share."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jisr.core.models import AuditEntry
from jisr.parliament import services
from jisr.parliament.models import Activity, Bill, Person, Vote, VoteEvent

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 1)


def all_votes(parliament, option="yes"):
    return {p.pk: option for p in parliament.members}


def test_a_vote_event_records_every_vote_counts_and_party(parliament):
    votes = all_votes(parliament) | {parliament.members[1].pk: "no"}
    event = services.vote_event_record(
        actor="system:test",
        term=parliament.term,
        date=DAY,
        motion="قانون",
        result="passed",
        votes=votes,
    )
    assert (event.yes_count, event.no_count, event.abstain_count) == (3, 1, 0)
    first = Vote.objects.get(vote_event=event, person=parliament.members[0])
    assert first.party == parliament.party
    assert AuditEntry.objects.filter(action="vote_event.recorded").count() == 1


def test_a_vote_by_someone_who_was_not_a_member_that_day_writes_nothing(parliament):
    late = parliament.add_member("وافد جديد", parliament.party, start_date=date(2026, 6, 1))
    stranger = services.person_create(actor="system:test", name="ليس نائبا")
    for outsider in (late, stranger):
        with pytest.raises(ValidationError) as error:
            services.vote_event_record(
                actor="system:test",
                term=parliament.term,
                date=DAY,
                motion="قانون",
                result="passed",
                votes=all_votes(parliament) | {outsider.pk: "yes"},
            )
        assert error.value.code == "not_a_member"
        assert outsider.name in error.value.messages[0]
    assert not VoteEvent.objects.exists()
    assert not Vote.objects.exists()


def test_dates_outside_the_term_are_refused(parliament):
    with pytest.raises(ValidationError):
        services.vote_event_record(
            actor="system:test",
            term=parliament.term,
            date=date(2025, 12, 31),
            motion="x",
            result="passed",
            votes=all_votes(parliament),
        )


def test_unknown_vote_options_are_refused(parliament):
    with pytest.raises(ValidationError):
        services.vote_event_record(
            actor="system:test",
            term=parliament.term,
            date=DAY,
            motion="x",
            result="passed",
            votes=all_votes(parliament, option="maybe"),
        )


def test_correcting_a_vote_updates_counts_and_is_audited(parliament):
    event = services.vote_event_record(
        actor="system:test",
        term=parliament.term,
        date=DAY,
        motion="قانون",
        result="passed",
        votes=all_votes(parliament),
    )
    vote = Vote.objects.get(vote_event=event, person=parliament.members[0])
    services.vote_correct(actor="system:test", vote=vote, option="abstain")
    event.refresh_from_db()
    assert (event.yes_count, event.abstain_count) == (3, 1)
    entry = AuditEntry.objects.get(action="vote.corrected")
    assert entry.data == {"from": "yes", "to": "abstain"}


def test_a_name_that_folds_to_an_existing_persons_is_flagged(parliament):
    # Stored as "نور هادي"; typed with ھ (Kurdish heh) and a diacritic.
    with pytest.raises(services.PossibleDuplicate) as error:
        services.person_create(actor="system:test", name="نُور ھادي")
    assert error.value.matches == [parliament.members[3]]
    services.person_create(actor="system:test", name="نُور ھادي", allow_same_name=True)
    assert Person.objects.filter(name_key=parliament.members[3].name_key).count() == 2


def test_merging_moves_everything_and_keeps_the_other_spelling(parliament):
    keep = parliament.members[0]
    duplicate = services.person_create(actor="system:test", name="علی حسن", allow_same_name=True)
    services.activity_record(
        actor="system:test",
        person=keep,
        term=parliament.term,
        kind="speech",
        date=DAY,
        title="كلمة",
    )
    from jisr.parliament.models import Membership

    Membership.objects.create(person=duplicate, organization=parliament.committee)
    services.person_merge(actor="system:test", keep=keep, duplicate=duplicate)
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert keep.memberships.filter(organization=parliament.committee).exists()
    assert keep.other_names.filter(name="علی حسن").exists()


def test_bills_questions_and_activities_feed_the_timeline(parliament):
    author = parliament.members[0]
    bill = services.bill_record(
        actor="system:test",
        term=parliament.term,
        title="قانون المياه",
        introduced_on=DAY,
        sponsors=[author, parliament.members[1]],
    )
    services.bill_stage_add(actor="system:test", bill=bill, stage="passed", date=date(2026, 5, 1))
    question = services.question_record(
        actor="system:test",
        term=parliament.term,
        asked_by=author,
        ministry=parliament.ministry,
        kind="written",
        asked_on=DAY,
        title="سؤال",
    )
    services.question_answer(actor="system:test", question=question, answered_on=date(2026, 4, 1))
    services.activity_record(
        actor="system:test",
        person=author,
        term=parliament.term,
        kind="committee",
        date=DAY,
        title="اجتماع",
        committee=parliament.committee,
    )
    bill.refresh_from_db()
    assert bill.stage == Bill.Stage.PASSED
    assert list(bill.stages.values_list("stage", flat=True)) == ["introduced", "passed"]
    kinds = sorted(Activity.objects.filter(person=author).values_list("kind", flat=True))
    assert kinds == ["bill", "committee", "question"]


@pytest.mark.parametrize(
    "call, field",
    [
        (
            lambda p: services.bill_stage_add(
                actor="t",
                bill=services.bill_record(actor="t", term=p.term, title="x", introduced_on=DAY),
                stage="passed",
                date=date(2026, 1, 2),
            ),
            "date",
        ),
        (
            lambda p: services.question_record(
                actor="t",
                term=p.term,
                asked_by=p.members[0],
                ministry=p.committee,
                kind="oral",
                asked_on=DAY,
                title="x",
            ),
            "ministry",
        ),
        (
            lambda p: services.activity_record(
                actor="t", person=p.members[0], term=p.term, kind="committee", date=DAY, title="x"
            ),
            "committee",
        ),
        (lambda p: services.person_create(actor="t", name="مولود", birth_year=1700), "birth_year"),
    ],
)
def test_inconsistent_records_are_refused_with_the_field_named(parliament, call, field):
    with pytest.raises(ValidationError) as error:
        call(parliament)
    assert field in error.value.message_dict


def test_attendance_is_recorded_then_corrected(parliament):
    from jisr.parliament.models import Attendance, Sitting

    sitting = Sitting.objects.create(term=parliament.term, date=DAY, number=1)
    statuses = {p.pk: "present" for p in parliament.members}
    assert services.attendance_record(actor="t", sitting=sitting, statuses=statuses) == 4
    statuses[parliament.members[0].pk] = "excused"
    assert services.attendance_record(actor="t", sitting=sitting, statuses=statuses) == 1
    assert Attendance.objects.get(person=parliament.members[0]).status == "excused"
