"""The comparison page: two to four representatives side by side, each figure with its
denominator and method, per-person votes only where they are known, a pinned number of
queries."""

from datetime import date

import pytest
from django.urls import reverse

from jisr.parliament import services
from jisr.parliament.compare import compare
from jisr.parliament.models import Question, Vote, VoteEvent

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 1)


@pytest.fixture
def votes(parliament):
    """Members 0 and 2 sit for party A (with a fifth member), 1 and 3 for party B."""
    m0, m1, m2, m3 = parliament.members
    m4 = parliament.add_member("هدى ناصر", parliament.party)
    table = {
        "E1": {m0: "yes", m1: "yes", m2: "no", m3: "yes"},
        "E2": {m0: "yes", m1: "no", m2: "yes", m3: "no", m4: "yes"},
        "E3": {m0: "absent", m1: "yes", m2: "yes", m3: "yes"},
        "E4": {m0: "no", m2: "yes", m4: "yes"},
    }
    for i, (motion, cast) in enumerate(table.items()):
        event = VoteEvent.objects.create(
            term=parliament.term,
            date=DAY.replace(day=i + 1),
            motion=motion,
            result="passed",
            method=VoteEvent.Method.ROLL_CALL,
            individual_votes_known=True,
        )
        party = {m0: parliament.party, m2: parliament.party, m4: parliament.party}
        Vote.objects.bulk_create(
            Vote(
                vote_event=event,
                person=person,
                option=option,
                party=party.get(person, parliament.other_party),
            )
            for person, option in cast.items()
        )
    other = services.organization_create(
        actor="system:test", name="وزارة التربية", classification="ministry"
    )
    for person, ministry, answered in [
        (m0, parliament.ministry, DAY),
        (m0, parliament.ministry, None),
        (m1, other, None),
    ]:
        Question.objects.create(
            term=parliament.term,
            asked_by=person,
            ministry=ministry,
            kind="written",
            asked_on=DAY,
            title="سؤال",
            answered_on=answered,
        )
    return parliament


def test_the_figures_carry_their_denominators(votes):
    m0, m1, m2, m3 = votes.members
    result = compare([m0, m1, m2, m3])
    by_person = {c.person: c for c in result.columns}
    # E3's absence is not a vote cast.
    assert [by_person[m].cast for m in (m0, m1, m2, m3)] == [3, 3, 4, 3]
    # m0: E1 party A split (yes/no) is left out; E2 with the majority; E4 against it.
    assert (by_person[m0].deviation.part, by_person[m0].deviation.whole) == (1, 2)
    assert (by_person[m2].deviation.part, by_person[m2].deviation.whole) == (0, 3)
    assert (by_person[m1].deviation.part, by_person[m1].deviation.whole) == (0, 3)
    pairs = {(p.first, p.second): (p.same.part, p.same.whole) for p in result.pairs}
    assert len(pairs) == 6
    assert pairs[(m0, m1)] == (1, 2)  # E1 same, E2 different; E3 m0 absent, E4 m1 did not vote
    assert pairs[(m1, m3)] == (3, 3)
    assert (by_person[m0].asked, by_person[m0].answered) == (2, 1)
    ministries = {m["name"]: (m["answered"], m["asked"]) for m in result.ministries}
    assert ministries == {"وزارة الصحة": (1, 2), "وزارة التربية": (0, 1)}


def test_only_vote_events_with_known_votes_count(votes, monkeypatch):
    from jisr.parliament import compare as module

    m0, m1 = votes.members[:2]
    known = VoteEvent.objects.filter(motion="E2")
    monkeypatch.setattr(module, "known_vote_events", lambda: known)
    result = compare([m0, m1])
    assert [c.cast for c in result.columns] == [1, 1]
    assert (result.pairs[0].same.part, result.pairs[0].same.whole) == (0, 1)


def test_the_page_with_four_people_has_pinned_queries(votes, client, django_assert_num_queries):
    client.cookies["jisr_language"] = "en"
    query = "&".join(f"p={m.pk}" for m in votes.members)
    with django_assert_num_queries(6):
        page = client.get(reverse("parliament:compare") + "?" + query)
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 of 2 votes (50%)" in html  # m0's deviation, with its denominator
    assert "voted the same way 3 times out of 3 votes they both cast (100%)" in html
    assert 'href="#method-deviation"' in html and 'id="method-deviation"' in html
    assert "score" not in html.lower().replace("no overall score", "")
    assert "rank" not in html.lower().replace("no ranking", "")


def test_one_or_five_people_are_refused_with_a_message(votes, client):
    client.cookies["jisr_language"] = "en"
    one = client.get(reverse("parliament:compare") + f"?p={votes.members[0].pk}")
    assert "Choose two to four representatives." in one.content.decode()
    five = votes.add_member("سلمى", votes.party)
    query = "&".join(f"p={m.pk}" for m in [*votes.members, five])
    page = client.get(reverse("parliament:compare") + "?" + query)
    assert "Choose two to four representatives." in page.content.decode()
    assert "Side by side" not in page.content.decode()


def test_the_empty_form_shows_the_method(parliament, client):
    client.cookies["jisr_language"] = "en"
    page = client.get(reverse("parliament:compare"))
    assert page.status_code == 200
    assert "How it is counted" in page.content.decode()
