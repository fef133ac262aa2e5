"""Merging a duplicate record of a representative into the one kept: every row of every
app that points at a person moves, nothing is lost or deleted by cascade, the duplicate is
deleted only when nothing refers to it, and its old address leads to the person kept."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jisr.elections.models import Candidate
from jisr.parliament import services
from jisr.parliament.models import (
    Attendance,
    ContactDetail,
    MergedPerson,
    Person,
    PersonIdentifier,
    Vote,
    VoteEvent,
)
from jisr.proposals.models import Delivery, OfficeAccount
from jisr.proposals.states import Status
from jisr.reports import services as reports
from jisr.reports.models import MonthlyReport, Subscription

from ..elections.conftest import election  # noqa: F401  (a fixture)
from ..proposals.staff_fixtures import World, deliver, office_account, proposal_in
from ..reports.factories import VisitorFactory, subscribe

pytestmark = pytest.mark.django_db

ACTOR = "system:test"
DAY = date(2026, 3, 4)


def _a_row_in_every_table(world: World, duplicate: Person, an_election) -> dict:
    """One row per relation that can point at a person, all pointing at the duplicate."""
    house, organizer = world.parliament, world.people.organizer
    term = house.term
    seat = services.membership_create(
        actor=ACTOR,
        person=duplicate,
        organization=house.legislature,
        term=term,
        on_behalf_of=house.party,
        start_date=term.start_date,
    )
    sitting = services.sitting_get_or_create(actor=ACTOR, term=term, date=DAY, number=7)
    services.membership_create(
        actor=ACTOR,
        person=duplicate,
        organization=house.committee,
        term=term,
        start_date=term.start_date,
    )
    meeting = services.committee_meeting_record(
        actor=ACTOR,
        committee=house.committee,
        term=term,
        date=DAY,
        statuses={duplicate.pk: "excused"},
        reasons={duplicate.pk: "mission"},
    )
    event = services.vote_event_record(
        actor=ACTOR,
        term=term,
        date=DAY,
        motion="قانون الدمج",
        result=VoteEvent.Result.PASSED,
        votes={duplicate.pk: Vote.Option.YES},
    )
    bill = services.bill_record(
        actor=ACTOR, term=term, title="قانون المياه", introduced_on=DAY, sponsors=[duplicate]
    )
    targeted = proposal_in(Status.PUBLISHED, world, targets=[duplicate])
    delivered = proposal_in(Status.PUBLISHED, world)
    candidate = Candidate.objects.filter(election=an_election).first()
    candidate.person = duplicate
    candidate.save()
    earlier = Person.objects.create(name="سجل أقدم")
    MergedPerson.objects.create(old_id=earlier.pk, person=duplicate)
    earlier_pk = earlier.pk
    earlier.delete()
    return {
        "membership": seat,
        "vote": Vote.objects.get(vote_event=event, person=duplicate),
        "announced position": services.announced_position_record(
            actor=ACTOR,
            vote_event=services.vote_event_record(
                actor=ACTOR,
                term=term,
                date=DAY,
                motion="قرار برفع الأيدي",
                result=VoteEvent.Result.PASSED,
                votes={},
                method=VoteEvent.Method.SHOW_OF_HANDS,
            ),
            person=duplicate,
            position="for",
            source_kind="statement",
            date=DAY,
            quote="صوتنا مع القرار",
        ),
        "explanation": services.vote_explanation_record(
            actor=ACTOR,
            person=duplicate,
            vote_event=event,
            text="شرح",
            source="statement",
            date=DAY,
        ),
        "activity": services.activity_record(
            actor=ACTOR, person=duplicate, term=term, kind="speech", date=DAY, title="كلمة"
        ),
        "question": services.question_record(
            actor=ACTOR,
            term=term,
            asked_by=duplicate,
            ministry=house.ministry,
            kind="written",
            asked_on=DAY,
            title="سؤال",
        ),
        "attendance": (
            services.attendance_record(
                actor=ACTOR, sitting=sitting, statuses={duplicate.pk: "present"}
            ),
            Attendance.objects.get(sitting=sitting, person=duplicate),
        )[1],
        "committee attendance": meeting.attendance.get(person=duplicate),
        "other name": duplicate.other_names.create(name="علي حسن الموسوي"),
        "contact": ContactDetail.objects.create(person=duplicate, kind="email", value="o@x.org"),
        "identifier": PersonIdentifier.objects.create(
            person=duplicate, scheme="wikidata", identifier="Q1"
        ),
        "bill": bill,
        "candidacy": candidate,
        "proposal addressed to": targeted,
        "delivery": deliver(delivered, organizer, [duplicate])[0],
        "office": OfficeAccount.objects.get(user=office_account(duplicate)),
        "monthly report": reports.report_create(
            actor=ACTOR, person=duplicate, start=date(2026, 3, 1), end=date(2026, 3, 31)
        ),
        "follow": subscribe(VisitorFactory(), duplicate),
        "merged earlier": MergedPerson.objects.get(old_id=earlier_pk),
        "pledge made": _pledge_of(duplicate),
        "earlier pk": earlier_pk,
    }


def _pledge_of(person):
    from ..pledges.factories import PledgeFactory

    pledge = PledgeFactory()
    pledge.people.add(person)
    return pledge


def test_a_duplicate_with_a_row_in_every_table_merges_whole(client, election):  # noqa: F811
    world = World()
    keep = world.parliament.members[0]
    duplicate = services.person_create(actor=ACTOR, name="علی حسن", allow_same_name=True)
    rows = _a_row_in_every_table(world, duplicate, election)
    # The test covers every relation there is: a new one must be added here (and merged).
    relations = {
        r.related_model
        for r in Person._meta.get_fields()
        if r.is_relation and r.auto_created and not r.concrete
    }
    covered = {type(row) for row in rows.values() if not isinstance(row, int)}
    assert relations <= covered, relations - covered
    follower = rows["follow"].subscriber
    subscribe(follower, keep)  # follows both: keeps one follow

    old_pk = duplicate.pk
    services.person_merge(actor=ACTOR, keep=keep, duplicate=duplicate)

    assert not Person.objects.filter(pk=old_pk).exists()
    for name, row in rows.items():
        if isinstance(row, int) or name == "follow":  # the follow is checked below
            continue
        row.refresh_from_db()
        if name == "bill":
            assert list(row.sponsors.all()) == [keep]
        elif name == "pledge made":
            assert list(row.people.all()) == [keep]
        elif name == "proposal addressed to":
            assert list(row.targets.all()) == [keep]
        elif name == "question":
            assert row.asked_by == keep
        elif name == "delivery" or name == "office":
            assert row.representative == keep
        else:
            assert row.person == keep, name
    kind = ContentType.objects.get_for_model(Person)
    assert Subscription.objects.filter(subscriber=follower, target_type=kind).count() == 1
    assert Subscription.objects.get(subscriber=follower).target_id == keep.pk
    assert keep.other_names.filter(name="علی حسن").exists()
    # The old addresses lead to the person kept, the earlier merge's too.
    for old in (old_pk, rows["earlier pk"]):
        response = client.get(reverse("parliament:representative", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == reverse("parliament:representative", args=[keep.pk])


def test_a_merge_that_would_clash_is_refused_and_changes_nothing(election):  # noqa: F811
    world = World()
    keep = world.parliament.members[0]
    duplicate = services.person_create(actor=ACTOR, name="علی حسن", allow_same_name=True)
    proposal = proposal_in(Status.PUBLISHED, world)
    deliver(proposal, world.people.organizer, [keep, duplicate])
    with translation.override("en"), pytest.raises(ValidationError, match="delivered to both"):
        services.person_merge(actor=ACTOR, keep=keep, duplicate=duplicate)
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert Delivery.objects.filter(representative=duplicate).count() == 1
    assert not MergedPerson.objects.exists()


def test_the_organizer_sees_why_a_merge_is_refused(client, election):  # noqa: F811
    from ..conftest import signed_in

    world = World()
    keep = world.parliament.members[0]
    duplicate = services.person_create(actor=ACTOR, name="علی حسن", allow_same_name=True)
    for person in (keep, duplicate):
        reports.report_create(
            actor=ACTOR, person=person, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    signed_in(client, world.people.organizer)
    response = client.post(
        reverse("parliament_entry:person_merge", args=[keep.pk]), {"duplicate": duplicate.pk}
    )
    assert response.status_code == 200  # shown again, not a server error
    with translation.override(world.people.organizer.preferred_language or "ar"):
        expected = translation.gettext(
            "Both records have a monthly report for the same period; delete one first."
        )
    assert expected in response.content.decode()
    assert MonthlyReport.objects.filter(person=duplicate).exists()
