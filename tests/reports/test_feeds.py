"""RSS, Atom and iCalendar feeds, and the links to them in every page's head."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.core.middleware import LANGUAGE_COOKIE
from jisr.reports import ical, services

from ..parliament.factories import SittingFactory
from .world import MARCH, World

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(member, organizer):
    return World(member, organizer)


def _rss_titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def _atom_titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_feeds_of_a_representative_a_party_a_proposal_and_a_topic(
    client, world, django_assert_num_queries
):
    person = reverse("reports:feed_person_rss", args=[world.person.pk])
    with django_assert_num_queries(3):
        titles = _rss_titles(client.get(person))
    assert any("مداخلة عن الكهرباء" in t for t in titles)
    assert any("قانون حماية المغتربين" in t for t in titles)
    assert _atom_titles(client.get(reverse("reports:feed_person_atom", args=[world.person.pk])))
    party = _rss_titles(client.get(reverse("reports:feed_group_rss", args=[world.party.pk])))
    assert party == ["قانون حماية المغتربين"]
    alliance = _atom_titles(
        client.get(reverse("reports:feed_group_atom", args=[world.alliance.pk]))
    )
    assert alliance == ["قانون حماية المغتربين"]  # through its party
    proposal = _rss_titles(
        client.get(reverse("reports:feed_proposal_rss", args=[world.proposal.pk]))
    )
    assert any("Answer from" in t for t in proposal) and any("Delivered" in t for t in proposal)
    topic = _rss_titles(client.get(reverse("reports:feed_topic_rss", args=[world.topic.pk])))
    assert topic == ["تسهيل تجديد الجوازات"]
    assert (
        client.get(reverse("reports:feed_group_rss", args=[world.ministry.pk])).status_code == 404
    )
    assert client.get(reverse("reports:feed_person_rss", args=[999999])).status_code == 404


def test_the_site_feed_has_everything_new(client, world, organizer):
    report = services.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    services.report_publish(actor=organizer, report=report)
    titles = _rss_titles(client.get(reverse("reports:feed_site_rss")))
    assert any("The organization's report" in t for t in titles)
    assert any("تسهيل تجديد الجوازات" in t for t in titles)
    assert any("قانون حماية المغتربين" in t for t in titles)
    assert _atom_titles(client.get(reverse("reports:feed_site_atom")))


def test_pages_link_their_feeds_in_the_head(client, world):
    page = client.get(reverse("parliament:representative", args=[world.person.pk]))
    head = page.content.decode().split("</head>")[0]
    rss = reverse("reports:feed_person_rss", args=[world.person.pk])
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Feed of this page" href="{rss}">'
        in head
    )
    assert reverse("reports:feed_site_atom") in head
    assert 'type="text/calendar"' in head
    group = client.get(reverse("parliament:organization", args=[world.party.pk])).content.decode()
    assert reverse("reports:feed_group_rss", args=[world.party.pk]) in group.split("</head>")[0]


def test_the_calendar_is_valid_icalendar(client, world):
    upcoming = SittingFactory(
        term=world.term,
        date=timezone.localdate() + timedelta(days=3),
        number=12,
        title="جلسة، لمناقشة; الموازنة " + "طويلة " * 20,
    )
    response = client.get(reverse("reports:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert f"UID:sitting-{upcoming.pk}@" in unfolded
    assert f"DTSTART;VALUE=DATE:{upcoming.date:%Y%m%d}" in unfolded
    assert "SUMMARY:جلسة\\، لمناقشة\\; الموازنة" not in unfolded  # the Arabic comma stays
    assert "SUMMARY:جلسة، لمناقشة\\; الموازنة" in unfolded


def test_ical_escaping_and_folding():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ical.fold("SUMMARY:" + "ب" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ب" * 60


def test_feeds_name_their_language_and_carry_written_text_as_text(client, world):
    from jisr.proposals.models import Answer

    written = "<b>جسر</b> & <i>الجالية</i>"  # an office's answer, as it typed it
    assert Answer.objects.filter(delivery__proposal=world.proposal).update(text=written)
    url = reverse("reports:feed_proposal_rss", args=[world.proposal.pk])
    client.cookies[LANGUAGE_COOKIE] = "ar"
    root = ET.fromstring(client.get(url).content)
    assert root.find("channel").findtext("language") == "ar"
    descriptions = [item.findtext("description") for item in root.iter("item")]
    # Read as HTML by every reader, the escaped note shows its angle brackets as written.
    assert "&lt;b&gt;جسر&lt;/b&gt; &amp; &lt;i&gt;الجالية&lt;/i&gt;" in descriptions
    client.cookies[LANGUAGE_COOKIE] = "en"
    english = client.get(url)
    assert ET.fromstring(english.content).find("channel").findtext("language") == "en"
    # Atom declares the summary text: the reader shows exactly what was written.
    atom = ET.fromstring(
        client.get(reverse("reports:feed_proposal_atom", args=[world.proposal.pk])).content
    )
    summaries = atom.iter("{http://www.w3.org/2005/Atom}summary")
    assert ("text", written) in [(s.get("type"), s.text) for s in summaries]


def test_ical_text_never_carries_a_bare_carriage_return():
    assert ical.escape("سطر\rآخر\r\nثالث") == "سطر\\nآخر\\nثالث"
