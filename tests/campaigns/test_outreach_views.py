"""Outreach's pages: the figures a visitor sees, a member's commitment and report, "my list"
(which has nothing to submit), share links without tracking, and the organizers' pages."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.campaigns.models.outreach import (
    Ask,
    AskStatus,
    Commitment,
    Participation,
    Script,
    Tally,
)
from jisr.core.middleware import LANGUAGE_COOKIE

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .outreach_factories import AskFactory, ask_with_scripts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)  # its Monday


def english(client):
    client.cookies[LANGUAGE_COOKIE] = "en"
    return client


def reports(ask, members: int, day: datetime.date, contacted=2, will_vote=1, registered=1):
    """``members`` different members each report once on ``day``."""
    for _ in range(members):
        commitment = Commitment.objects.create(
            ask=ask, member=UserFactory(), will_do=True, committed_on=ask.opens_on
        )
        Participation.objects.create(commitment=commitment, on=day)
        Tally.objects.create(
            ask=ask, on=day, contacted=contacted, will_vote=will_vote, registered=registered
        )


def test_the_ask_page_shows_a_week_of_ten_members_and_hides_a_week_of_nine(
    client, django_assert_num_queries
):
    ask = ask_with_scripts()
    reports(ask, 10, LAST_WEEK - datetime.timedelta(days=7))  # shown
    reports(ask, 9, LAST_WEEK + datetime.timedelta(days=1), contacted=7)  # hidden
    reports(ask, 12, TODAY, contacted=9)  # this week: not yet
    with django_assert_num_queries(5):
        response = english(client).get(reverse("campaigns:ask", args=[ask.pk]))
    assert response.status_code == 200
    weeks = response.context["figures"].weeks
    assert [(w.suppressed, w.members, w.contacted) for w in weeks] == [
        (False, 10, 20),
        (True, None, None),
    ]
    text = response.content.decode()
    assert "fewer than 10" in text
    assert ">20<" in text  # the shown week's contacted, and the total of the weeks shown
    assert ">63<" not in text and ">83<" not in text  # never the hidden week in a total
    assert "8.3" in text and "8.6" in text and "no effect" in text
    assert response.context["committed"] == 31


def test_the_outreach_totals_cost_the_same_with_more_asks(client, assert_flat_queries):
    ask_with_scripts()
    path = reverse("campaigns:reach")

    def more():
        for _ in range(3):
            ask = ask_with_scripts()
            reports(ask, 10, LAST_WEEK)

    before, after = assert_flat_queries(5, lambda: english(client).get(path), more)
    assert len(after.context["asks"]) == len(before.context["asks"]) + 3
    assert "not shown yet" in before.content.decode()


def test_drafts_are_not_public(client):
    draft = ask_with_scripts(status=AskStatus.DRAFT)
    for name in ("campaigns:ask", "campaigns:ask_list"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("campaigns:reach")).content.decode()


def _links(html: str) -> list[str]:
    return re.findall(r'href="(https://(?:wa\.me|t\.me)/[^"]*)"', html)


def test_share_links_carry_the_chosen_script_and_no_tracking(client):
    ask = ask_with_scripts(link="https://example.org/register")
    response = client.get(reverse("campaigns:ask", args=[ask.pk]) + "?script=ar-iq")
    links = _links(response.content.decode())
    assert len(links) == 2
    iraqi = Script.objects.get(ask=ask, dialect="ar-iq").text
    for link in links:
        parts = urlsplit(link.replace("&amp;", "&"))
        query = parse_qs(parts.query)
        assert set(query) <= {"text", "url"}
        assert not any(k.startswith("utm") for k in query)
        assert iraqi in " ".join(v for values in query.values() for v in values)
    wa, tg = (urlsplit(link.replace("&amp;", "&")) for link in links)
    assert (wa.netloc, wa.path, tg.netloc, tg.path) == ("wa.me", "/", "t.me", "/share/url")
    assert parse_qs(tg.query)["url"] == ["https://example.org/register"]


def test_my_list_page_has_nothing_to_submit_and_says_so_without_javascript(
    client, django_assert_num_queries
):
    ask = ask_with_scripts()
    with django_assert_num_queries(2):
        response = english(client).get(reverse("campaigns:ask_list", args=[ask.pk]))
    html = response.content.decode()
    section = html[html.index("data-reach-list") : html.index("</section>")]
    assert "<form" in section and "name=" not in section and "action=" not in section
    assert 'method="post"' not in section
    assert "The list needs JavaScript" in html and "Nothing is ever sent to us" in html
    assert "campaigns/outreach/my-list.js" in html
    assert len(_links(html)) == 4  # the message's two, and the template's for each entry


def test_a_member_commits_then_reports(client, django_assert_num_queries):
    ask, member = ask_with_scripts(), UserFactory(preferred_language="en")
    signed_in(client, member)
    commit = reverse("campaigns:ask_commit", args=[ask.pk])
    report = reverse("campaigns:ask_report", args=[ask.pk])
    assert client.get(report).url == commit  # commit first
    with django_assert_num_queries(5):
        assert client.get(commit).status_code == 200
    planned = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(commit, {"will_do": "yes", "planned_on": planned})
    assert response.url == reverse("campaigns:ask_list", args=[ask.pk])
    assert Commitment.objects.get(member=member).planned_on.isoformat() == planned
    with django_assert_num_queries(6):
        assert client.get(report).status_code == 200
    response = client.post(report, {"contacted": "٣", "will_vote": "2", "registered": "0"})
    assert response.url == reverse("campaigns:ask", args=[ask.pk])
    tally = Tally.objects.get()
    assert (tally.contacted, tally.will_vote, tally.registered) == (3, 2, 0)
    again = client.post(report, {"contacted": "3", "will_vote": "2", "registered": "0"})
    assert "already reported today" in again.content.decode()
    assert Tally.objects.count() == 1
    # the ask page now says what the member answered, and offers the report again
    page = client.get(reverse("campaigns:ask", args=[ask.pk])).content.decode()
    assert "You said you will do it" in page and report in page


def test_a_report_larger_than_the_people_contacted_is_refused(client):
    ask, member = ask_with_scripts(), UserFactory(preferred_language="en")
    Commitment.objects.create(ask=ask, member=member, will_do=True, committed_on=TODAY)
    signed_in(client, member)
    response = client.post(
        reverse("campaigns:ask_report", args=[ask.pk]),
        {"contacted": "2", "will_vote": "3", "registered": "0"},
    )
    assert response.status_code == 200
    assert "more than the number of people you contacted" in response.content.decode()
    assert not Tally.objects.exists()


def test_a_visitor_is_sent_to_sign_in_to_commit(client):
    ask = ask_with_scripts()
    response = client.get(reverse("campaigns:ask_commit", args=[ask.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- organizers -----------------------------------------------------------------------


def test_an_organizer_writes_an_ask_and_its_scripts_and_publishes_it(client, organizer):
    signed_in(client, organizer)
    opens = TODAY.isoformat()
    closes = (TODAY + datetime.timedelta(days=20)).isoformat()
    reminder = (TODAY + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        reverse("campaigns_staff:reach_ask_new"),
        {
            "title": "ذكّر ثلاثة",
            "what_to_do": "أرسل الرسالة.",
            "people": "٣",
            "opens_on": opens,
            "closes_on": closes,
            "reminder_1": reminder,
        },
    )
    ask = Ask.objects.get()
    assert response.url == reverse("campaigns_staff:reach_ask_scripts", args=[ask.pk])
    assert [r.on.isoformat() for r in ask.reminders.all()] == [reminder]
    publish = reverse("campaigns_staff:reach_ask_publish", args=[ask.pk])
    client.post(publish)
    ask.refresh_from_db()
    assert ask.status == AskStatus.DRAFT  # no script yet
    client.post(
        reverse("campaigns_staff:reach_ask_scripts", args=[ask.pk]),
        {"ar": "نص", "ar-iq": "نص عراقي", "ckb": "", "en": "Text"},
    )
    assert sorted(ask.scripts.values_list("dialect", flat=True)) == ["ar", "ar-iq", "en"]
    client.post(publish)
    ask.refresh_from_db()
    assert ask.status == AskStatus.PUBLISHED and ask.published_on == TODAY


def test_a_reminder_outside_the_window_is_refused(client, organizer):
    signed_in(client, organizer)
    ask = AskFactory(status=AskStatus.DRAFT)
    response = client.post(
        reverse("campaigns_staff:reach_ask_edit", args=[ask.pk]),
        {
            "title": ask.title,
            "what_to_do": ask.what_to_do,
            "people": "3",
            "opens_on": ask.opens_on.isoformat(),
            "closes_on": ask.closes_on.isoformat(),
            "reminder_1": (ask.closes_on + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200 and not ask.reminders.exists()


def test_members_cannot_open_the_organizers_pages(client):
    signed_in(client, UserFactory())
    assert client.get(reverse("campaigns_staff:reach_asks")).status_code == 403
