"""The top of a representative's profile: a photo or initials, party and governorate, and a
plain-language summary of their votes computed from the recorded votes only."""

from datetime import date

import pytest
from django.urls import reverse

from jisr.core.middleware import LANGUAGE_COOKIE
from jisr.parliament import services
from jisr.parliament.models import Person, Vote, VoteEvent

pytestmark = pytest.mark.django_db
Y, N, A = Vote.Option.YES, Vote.Option.NO, Vote.Option.ABSENT


def profile(client, person) -> str:
    client.cookies[LANGUAGE_COOKIE] = "en"
    html = client.get(reverse("parliament:representative", args=[person.pk])).content.decode()
    return html[
        html.index('class="hero profile-head"') : html.index(
            "</header>", html.index("profile-head")
        )
    ]


def record(parliament, day, votes):
    services.vote_event_record(
        actor="system:test",
        term=parliament.term,
        date=date(2026, 3, day),
        motion=f"قرار {day}",
        result=VoteEvent.Result.PASSED,
        votes={p.pk: option for p, option in votes},
    )


def test_the_summary_counts_only_what_was_recorded(client, parliament):
    ali, maryam, sami, _nour = parliament.members  # ali and sami sit for party A
    huda = parliament.add_member("هدى علي", parliament.party)
    record(parliament, 1, [(ali, Y), (sami, Y), (maryam, N)])  # with the party
    record(parliament, 2, [(ali, N), (sami, Y)])  # party split evenly: not counted
    record(parliament, 3, [(ali, A), (sami, Y), (huda, Y)])  # absent: not cast
    record(parliament, 4, [(ali, N), (sami, Y), (huda, Y)])  # against the party
    html = profile(client, ali)
    assert "Voted in 3 of 4 recorded votes this term." in html
    assert "Voted as most of their party did in 1 of 2 votes (50%)." in html
    assert f'href="/parties/{parliament.party.pk}/"' in html and "حزب أ" in html


def test_no_vote_recorded_says_so_and_invents_nothing(client, parliament):
    html = profile(client, parliament.members[0])
    assert "No vote has been recorded in the current term yet." in html
    assert "%" not in html


def test_without_a_photo_the_profile_opens_with_initials():
    assert Person(name="سلوى النجمي").initials == "س\u200cن"  # the article is skipped
    assert Person(name="Ali").initials == "A"


def test_initials_avatar_on_the_page(client, parliament):
    html = profile(client, parliament.members[0])  # علي حسن
    assert '<span class="avatar" aria-hidden="true">ع\u200cح</span>' in html
