"""OpenGraph and Twitter card tags on the site's pages, in the demo's world: each public
page's image is its card (an absolute address that answers with a PNG), private and staff
pages get the site's card, no tag holds personal data; and the cards of the whole demo have
0 characters without a glyph."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from jisr.campaigns import cards
from jisr.campaigns.card_drawing import missing_glyphs
from jisr.campaigns.models import Event
from jisr.proposals.models import PUBLIC_ROWS, Proposal
from jisr.reports.models import MonthlyReport
from jisr.treasury.models import Campaign

from ..conftest import signed_in
from ..e2e.pages import MEMBER, ORGANIZER, World

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">')


def tags(response) -> dict[str, str]:
    assert response.status_code == 200
    found = {}
    for name, content in META.findall(response.content.decode()):
        assert name not in found, f"{name} twice"
        found[name] = html.unescape(content)
    return found


def card_path(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, f"not absolute: {url}"
    return parts.path


def assert_png(client, url: str) -> None:
    response = client.get(card_path(url))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert len(b"".join(response.streaming_content)) < 300 * 1024


@pytest.fixture
def world(db):
    return World()


def test_every_card_of_the_demo_has_a_glyph_for_each_character(world):
    subjects = [
        None,
        *Proposal.objects.filter(PUBLIC_ROWS),
        *MonthlyReport.objects.filter(status="published").select_related("person"),
        *Campaign.objects.filter(is_public=True),
        *Event.objects.prefetch_related("timeslots"),
    ]
    drawn = missing = 0
    for subject in subjects:
        for language in ("ar", "en"):
            try:
                card = cards.card_for(subject, language, strict=True)
            except cards.NoCard:  # a members-only or draft event
                continue
            missing += sum(len(missing_glyphs(text)) for text in card.texts())
            drawn += 1
    assert missing == 0
    assert drawn >= 2 * (1 + Proposal.objects.filter(PUBLIC_ROWS).count())


@pytest.mark.parametrize("language", ["ar", "en"])
def test_public_pages_carry_their_own_card(client, world, language):
    client.cookies["jisr_language"] = language
    campaign = Campaign.objects.filter(is_public=True, parent__isnull=True).order_by("pk").first()
    pages = {
        reverse("proposals:detail", args=[world.proposal.pk]): cards.card_path(
            world.proposal, language
        ),
        reverse("reports:detail", args=[world.report.pk]): None,
        reverse("treasury:campaign", args=[campaign.pk]): cards.card_path(campaign, language),
        reverse("home"): cards.card_path(None, language),
        reverse("proposals:list"): cards.card_path(None, language),
    }
    for page, expected in pages.items():
        found = tags(client.get(page))
        assert found["og:locale"] == {"ar": "ar_IQ", "en": "en_GB"}[language]
        assert found["twitter:card"] == "summary_large_image"
        assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
        assert found["twitter:image"] == found["og:image"]
        if expected is not None:
            assert card_path(found["og:image"]) == expected, page
        else:
            assert f"/campaigns/cards/report/{world.report.pk}/{language}-" in found["og:image"]
        assert_png(client, found["og:image"])


def test_private_and_staff_pages_get_the_site_card_and_no_personal_data(client, world):
    member = world.users[MEMBER]
    signed_in(client, member)
    site = cards.card_path(None, "ar")
    for page in (
        reverse("accounts:profile"),
        reverse("proposals:detail", args=[world.draft.pk]),  # the member's own draft
    ):
        found = tags(client.get(page))
        assert card_path(found["og:image"]) == site, page
        text = " ".join(found.values())
        for value in (member.email, member.display_name):
            assert value not in text, (page, value)
    organizer = world.users[ORGANIZER]
    signed_in(client, organizer)
    found = tags(client.get(reverse("proposals_staff:dashboard")))
    assert card_path(found["og:image"]) == site


def test_a_public_proposal_page_names_no_author_in_its_tags(client, world):
    proposal = world.proposal
    found = tags(client.get(reverse("proposals:detail", args=[proposal.pk])))
    author = proposal.author
    text = " ".join(found.values())
    assert author.display_name not in text and author.email not in text
