import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from jisr.parliament import services
from jisr.parliament.models import Activity, Attendance, Sitting, Vote, VoteEvent
from jisr.reports.models import Subscription

from ..conftest import assert_error_page, signed_in

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 1)


@pytest.fixture
def busy_member(parliament):
    """A member with 5,000 activities and 2,000 recorded votes."""
    person = parliament.members[0]
    events = VoteEvent.objects.bulk_create(
        VoteEvent(
            term=parliament.term,
            date=DAY + timedelta(days=i % 300),
            motion=f"motion {i}",
            result="passed",
            method=VoteEvent.Method.ROLL_CALL,
            individual_votes_known=True,
            yes_count=1,
        )
        for i in range(2000)
    )
    Vote.objects.bulk_create(
        Vote(vote_event=e, person=person, option="yes", party=parliament.party) for e in events
    )
    Activity.objects.bulk_create(
        Activity(
            person=person,
            term=parliament.term,
            kind=["speech", "committee"][i % 2],
            date=DAY + timedelta(days=i % 300),
            title=f"activity {i}",
            committee=parliament.committee if i % 2 else None,
        )
        for i in range(5000)
    )
    sitting = Sitting.objects.create(term=parliament.term, date=DAY, number=1)
    Attendance.objects.create(sitting=sitting, person=person, status="present")
    return person


def test_a_busy_profile_renders_with_bounded_queries_and_paginates(
    client, busy_member, django_assert_num_queries
):
    url = reverse("parliament:representative", args=[busy_member.pk])
    # 16, and the summary of their votes: the term's votes, theirs, their own with their
    # parties, and their parties' votes on those events (4), their pledges (1), their
    # committee attendance (1); the positions they announced after votes and their
    # explanations of votes (2).
    with django_assert_num_queries(24):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert len(timeline.object_list) == 30
    assert timeline.paginator.count == 5000
    assert response.context["votes"].paginator.count == 2000
    with django_assert_num_queries(24):
        page = client.get(url, {"page": 100, "votes": 50, "kind": "speech"})
    assert page.status_code == 200
    assert 'property="og:title"' in html


def test_scorecard_counts_and_draws_monthly_charts(client, busy_member):
    response = client.get(reverse("parliament:representative", args=[busy_member.pk]))
    card = response.context["card"]
    assert card["votes_cast"] == 2000
    assert card["speeches"] == 2500
    assert card["attendance_rate"] == 100
    assert len(response.context["charts"]) == 2  # votes and speeches
    assert response.content.decode().count("<svg") >= 2


def test_list_filters_by_party_alliance_and_gender(client, parliament):
    url = reverse("parliament:representatives")
    names = lambda r: {p.name for p in r.context["page_obj"].object_list}  # noqa: E731
    assert names(client.get(url, {"party": parliament.party.pk})) == {"علي حسن", "سامي جواد"}
    assert names(client.get(url, {"alliance": parliament.alliance.pk})) == {"علي حسن", "سامي جواد"}
    assert len(names(client.get(url))) == 4
    assert names(client.get(url, {"party": "not-a-number", "page": "x"})) == names(client.get(url))


def test_list_query_count_does_not_grow_with_members(client, parliament, assert_flat_queries):
    def forty_more():
        for i in range(40):
            parliament.add_member(f"نائب رقم {i}", parliament.party)

    url = reverse("parliament:representatives")
    before, after = assert_flat_queries(9, lambda: client.get(url), forty_more)
    assert before.context["page_obj"].paginator.count == 4
    assert after.context["page_obj"].paginator.count == 44


def test_vote_event_page_groups_votes_by_party(client, parliament, django_assert_num_queries):
    votes = {p.pk: "yes" for p in parliament.members} | {parliament.members[1].pk: "no"}
    event = services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="قانون المياه",
        result="passed",
        votes=votes,
    )
    # the event; its votes; the positions announced; the explanations
    with django_assert_num_queries(4):
        response = client.get(reverse("parliament:vote_event", args=[event.pk]))
    groups = {g["name"]: g["tally"] for g in response.context["groups"]}
    assert groups == {"حزب أ": {"yes": 2}, "حزب ب": {"yes": 1, "no": 1}}
    assert "<svg" in response.content.decode()


def test_party_page_shows_seats_per_component_and_group_votes(client, parliament):
    services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY,
        motion="قانون",
        result="passed",
        votes={p.pk: "yes" for p in parliament.members},
    )
    response = client.get(reverse("parliament:organization", args=[parliament.alliance.pk]))
    assert [(party.name, n) for party, n in response.context["seats"]] == [("حزب أ", 2)]
    event = response.context["votes"].object_list[0]
    assert event.group_yes == 2


def test_bill_and_question_pages(client, parliament):
    bill = services.bill_record(
        actor="t",
        term=parliament.term,
        title="قانون",
        introduced_on=DAY,
        sponsors=[parliament.members[0]],
    )
    question = services.question_record(
        actor="t",
        term=parliament.term,
        asked_by=parliament.members[0],
        ministry=parliament.ministry,
        kind="oral",
        asked_on=DAY,
        title="سؤال عن المياه",
    )
    assert "علي حسن" in client.get(reverse("parliament:bill", args=[bill.pk])).content.decode()
    html = client.get(reverse("parliament:question", args=[question.pk])).content.decode()
    assert "سؤال عن المياه" in html


@pytest.mark.parametrize(
    "name", ["representative", "organization", "vote_event", "bill", "question", "photo"]
)
def test_unknown_ids_are_a_translated_404(client, name):
    response = client.get(reverse(f"parliament:{name}", args=[999999]))
    assert_error_page(response, 404)  # the site's page, in Arabic
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_following_a_representative_stores_a_subscription(client, parliament, member):
    person = parliament.members[0]
    url = reverse("parliament:representative", args=[person.pk])
    assert (
        "Sign in to follow" in client.get(url).content.decode()
        or "سجّل" in client.get(url).content.decode()
    )
    signed_in(client, member)
    client.post(
        reverse("reports:follow"),
        {"target": "parliament.person", "id": person.pk, "next": url},
    )
    assert Subscription.objects.filter(subscriber__user=member, target_id=person.pk).exists()
    assert client.get(url).context["following"] is True
    client.post(
        reverse("reports:follow"),
        {"target": "parliament.person", "id": person.pk, "action": "unfollow"},
    )
    assert not Subscription.objects.exists()


def test_follow_refuses_what_cannot_be_followed(client, member):
    signed_in(client, member)
    response = client.post(reverse("reports:follow"), {"target": "accounts.user", "id": member.pk})
    assert_error_page(response, 404)
    assert not Subscription.objects.exists()


def test_fictional_people_are_marked(client, parliament):
    person = parliament.add_member("شخص خيالي", parliament.party, is_fictional=True)
    html = client.get(reverse("parliament:representative", args=[person.pk])).content.decode()
    assert re.search("Fictional|خيالي", html)
