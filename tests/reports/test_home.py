"""The reports' blocks on the front page: the latest published report for everyone, and
for a signed-in member what changed lately on what they follow."""

from datetime import date

import pytest
from django.test import Client

from jisr.core.middleware import LANGUAGE_COOKIE
from jisr.reports import services

from ..conftest import signed_in
from .factories import subscribe
from .world import MARCH, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, organizer):
    return World(member, organizer)


def published(organizer, *, person=None, start=MARCH[0], end=MARCH[1]):
    report = services.report_create(actor=organizer, person=person, start=start, end=end)
    services.report_publish(actor=organizer, report=report)
    return report


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_front_page_leads_with_the_latest_published_report(client, world, organizer):
    published(organizer, start=date(2026, 2, 1), end=date(2026, 2, 28))
    march = published(organizer)
    on_one = published(organizer, person=world.person)  # same period: the organization's leads
    draft = services.report_create(
        actor=organizer, person=None, start=date(2026, 4, 1), end=date(2026, 4, 30)
    )
    html = home(client)
    lead = html[html.index('class="home-block home-lead') :]
    lead = lead[: lead.index("</section>")]
    assert f'href="/reports/{march.pk}/"' in lead and "March 2026" in lead
    assert f"/reports/{march.pk}/report.pdf" in lead
    assert "Votes cast" in lead  # its headline figures, from the published snapshot
    assert f"/reports/{draft.pk}/" not in html and f"/reports/{on_one.pk}/" not in lead


def test_without_a_report_the_lead_says_what_will_come(client, db):
    html = home(client)
    assert "No monthly report has been published yet" in html
    assert "/reports/subscribe/?what=report" in html


def test_a_member_sees_what_changed_on_what_they_follow(client, world, member, organizer):
    subscriber = services.member_subscriber(member)
    subscribe(subscriber, world.person)
    subscribe(subscriber, world.proposal)
    subscribe(subscriber, world.idle)
    html = home(signed_in(client, member))
    block = html[html.index('id="home-following"') :]
    block = block[: block.index("</section>")]
    # Recorded just now: the speech and the vote of the representative, the proposal's way.
    assert f'href="/representatives/{world.person.pk}/"' in block
    assert "قانون حماية المغتربين" in block and f'href="/votes/{world.event.pk}/"' in block
    assert f'href="/proposals/{world.proposal.pk}/"' in block and "New status: Delivered" in block
    assert "Nothing new." in block  # the representative who did nothing lately
    assert "https://jisr.example.org" not in block  # links on this site, not the e-mail's


def test_a_member_who_follows_nothing_is_told_how(client, member):
    html = home(signed_in(client, member))
    assert "You follow nothing yet" in html
    assert 'href="/representatives/"' in html


def test_visitors_never_see_a_members_block(client, world, member):
    subscribe(services.member_subscriber(member), world.person)
    html = home(client)
    assert 'id="home-following"' not in html


def test_following_costs_the_same_whatever_is_followed(
    client, world, member, django_assert_num_queries
):
    subscriber = services.member_subscriber(member)
    for target in [*world.members, world.party, world.proposal, world.topic, None]:
        subscribe(subscriber, target)
    signed_in(client, member)
    # Session, user, roles, unread notices; the eight queries of the other blocks (no
    # election yet; the next events; the community's organizations); the subscriber, the
    # subscriptions and one query per kind of thing followed (4); the news of each kind:
    # people 4, parties 3, proposals 4, topics 1, the monthly report 1.
    with django_assert_num_queries(4 + 8 + 2 + 4 + 13):
        html = home(client)
    assert html.count('class="changes"') >= 2


def test_the_front_page_is_cached_for_visitors(client, world, organizer, settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    first = home(client)
    published(organizer)
    again = Client()
    again.cookies[LANGUAGE_COOKIE] = "en"
    assert home(again) == first  # a visitor within the cache's lifetime gets the copy
    caches["pages"].clear()
    assert "March 2026" in home(again)
