"""How each vote was taken: the method on every vote event, individual votes only for a roll
call (the service, the model and the database refuse others), announced positions and
explanations shown as such, never as votes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from jisr.core.models import AuditEntry
from jisr.parliament import services
from jisr.parliament.models import AnnouncedPosition, Vote, VoteEvent, VoteExplanation

from .factories import BillFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 1)


def hands(parliament, **kwargs):
    return services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion=kwargs.pop("motion", "قرار برفع الأيدي"),
        result="passed",
        votes={},
        method=VoteEvent.Method.SHOW_OF_HANDS,
        **kwargs,
    )


def test_every_vote_event_carries_a_method_in_the_database():
    with connection.cursor() as cursor:
        columns = {
            c.name: c
            for c in connection.introspection.get_table_description(cursor, "parliament_voteevent")
        }
    assert columns["method"].null_ok is False
    assert columns["individual_votes_known"].null_ok is False


def test_a_roll_call_records_votes_and_other_methods_refuse_them(parliament):
    member = parliament.members[0]
    event = services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="نداء بالاسم",
        result="passed",
        votes={member.pk: "yes"},
    )
    assert (event.method, event.individual_votes_known) == ("roll_call", True)
    for method in ("show_of_hands", "secret_ballot", "unknown"):
        with pytest.raises(ValidationError) as caught:
            services.vote_event_record(
                actor="t",
                term=parliament.term,
                date=DAY,
                motion=f"قرار {method}",
                result="passed",
                votes={member.pk: "yes"},
                method=method,
            )
        assert "method" in caught.value.message_dict
    assert VoteEvent.objects.count() == 1


def test_a_vote_without_individual_votes_keeps_announced_totals_only(parliament):
    event = hands(parliament, counts={"yes": 180, "no": 40})
    assert (event.individual_votes_known, event.yes_count, event.no_count) == (False, 180, 40)
    assert not event.votes.exists()
    unknown = services.vote_event_record(
        actor="t", term=parliament.term, date=DAY, motion="قرار", result="failed", votes={}
    )
    assert (unknown.method, unknown.has_counts) == ("unknown", False)
    audit = AuditEntry.objects.filter(action="vote_event.recorded", object_id=str(event.pk)).get()
    assert audit.data == {"votes": 0, "method": "show_of_hands"}


def test_the_model_refuses_a_vote_where_individual_votes_are_unknown(parliament):
    event = hands(parliament)
    with pytest.raises(ValidationError):
        Vote.objects.create(vote_event=event, person=parliament.members[0], option="yes")
    assert not Vote.objects.exists()


def test_the_database_refuses_a_vote_where_individual_votes_are_unknown(parliament):
    """Whatever writes it (bulk_create skips save): the trigger refuses the row."""
    event = hands(parliament)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.bulk_create(
            [Vote(vote_event=event, person=parliament.members[0], option="no")]
        )
    assert not Vote.objects.exists()


def test_the_database_refuses_marking_recorded_votes_unknown(parliament):
    event = services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="نداء",
        result="passed",
        votes={parliament.members[0].pk: "yes"},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteEvent.objects.filter(pk=event.pk).update(individual_votes_known=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Known individual votes only for a roll call (a check constraint).
        VoteEvent.objects.filter(pk=event.pk).update(method="show_of_hands")
    event.refresh_from_db()
    assert (event.method, event.individual_votes_known) == ("roll_call", True)


def test_the_method_is_corrected_audited_and_a_roll_call_with_votes_stays_one(parliament):
    event = hands(parliament)
    assert services.vote_event_set_method(actor="t", event=event, method="secret_ballot")
    assert AuditEntry.objects.filter(action="vote_event.method_set").get().data == {
        "from": "show_of_hands",
        "to": "secret_ballot",
    }
    known = services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="نداء",
        result="passed",
        votes={parliament.members[0].pk: "yes"},
    )
    with pytest.raises(ValidationError):
        services.vote_event_set_method(actor="t", event=known, method="show_of_hands")


def test_an_announced_position_needs_a_source_a_member_and_a_date_after_the_vote(parliament):
    event = hands(parliament)
    member = parliament.members[0]
    base = {"actor": "t", "vote_event": event, "person": member, "position": "for"}
    with pytest.raises(ValidationError) as caught:
        services.announced_position_record(**base, source_kind="press", date=DAY)
    assert "url" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.announced_position_record(
            **base, source_kind="press", date=DAY - timedelta(days=1), quote="قلت"
        )
    assert "date" in caught.value.message_dict
    item = services.announced_position_record(
        **base, source_kind="press", date=DAY, url="https://example.org/a"
    )
    assert AnnouncedPosition.objects.get() == item
    # Never counted: the vote's totals do not move.
    event.refresh_from_db()
    assert not event.has_counts


def test_an_explanation_is_about_one_vote_or_one_bill(parliament):
    event = hands(parliament)
    bill = BillFactory(term=parliament.term)
    member = parliament.members[0]
    common = {"actor": "t", "person": member, "text": "لأن", "source": "speech", "date": DAY}
    with pytest.raises(ValidationError):
        services.vote_explanation_record(**common)
    with pytest.raises(ValidationError):
        services.vote_explanation_record(**common, vote_event=event, bill=bill)
    services.vote_explanation_record(**common, vote_event=event)
    services.vote_explanation_record(**common, bill=bill)
    assert VoteExplanation.objects.count() == 2
    assert AuditEntry.objects.filter(action="vote_explanation.recorded").count() == 2


def test_the_vote_page_says_how_it_was_taken_with_exact_queries(
    client, parliament, django_assert_num_queries
):
    event = hands(parliament, is_key=True)
    member = parliament.members[1]
    services.announced_position_record(
        actor="t",
        vote_event=event,
        person=member,
        position="against",
        source_kind="statement",
        date=DAY + timedelta(days=1),
        quote="رفضتُ القرار",
    )
    services.vote_explanation_record(
        actor="t",
        person=member,
        vote_event=event,
        text="رفضتُه لأنه يمدد بلا سبب",
        source="press",
        date=DAY + timedelta(days=2),
    )
    client.cookies["jisr_language"] = "en"
    # the event; the positions announced; the explanations (no query for votes)
    with django_assert_num_queries(3):
        response = client.get(reverse("parliament:vote_event", args=[event.pk]))
    html = response.content.decode()
    assert "By show of hands: individual votes were not recorded." in html
    assert "Key vote" in html
    assert "Votes by party" not in html
    assert 'class="vote vote-' not in html
    assert "announced: Against" in html
    assert "Explanation" in html and "رفضتُه لأنه يمدد بلا سبب" in html
    assert "not a recorded vote" in html
    # No count was announced: none is drawn.
    assert "vote-bar" not in html
    page = client.get(reverse("parliament:representative", args=[member.pk])).content.decode()
    assert "announced: Against" in page and "رفضتُه لأنه يمدد بلا سبب" in page
    listing = client.get(reverse("parliament:vote_events")).content.decode()
    assert "Show of hands" in listing and "No count published" in listing


def test_the_page_on_how_votes_are_recorded(client):
    client.cookies["jisr_language"] = "en"
    response = client.get(reverse("parliament:vote_methods"))
    assert response.status_code == 200
    assert "Jisr never invents a vote that nobody recorded." in response.content.decode()


def test_the_staff_form_records_a_vote_by_show_of_hands_without_member_votes(
    client, parliament, organizer
):
    from ..conftest import signed_in

    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:vote_event_new"),
        {
            "term": parliament.term.pk,
            "motion": "قرار برفع الأيدي",
            "date": "2026-03-01",
            "result": "passed",
            "method": "show_of_hands",
            "is_key": "on",
            "default": "yes",
            f"member_{parliament.members[0].pk}": "no",
        },
    )
    assert response.status_code == 302
    event = VoteEvent.objects.get()
    assert (event.method, event.individual_votes_known, event.is_key) == (
        "show_of_hands",
        False,
        True,
    )
    assert not Vote.objects.exists()


def test_a_vote_by_show_of_hands_is_not_in_a_members_denominator(parliament):
    from jisr.parliament import selectors

    member = parliament.members[0]
    services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="نداء",
        result="passed",
        votes={member.pk: "yes"},
    )
    hands(parliament)
    summary = selectors.vote_summary(member, parliament.term, None)
    # One roll call, voted in; the show of hands is nobody's missed vote.
    assert (summary["events"], summary["cast"]) == (1, 1)
