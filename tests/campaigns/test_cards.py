"""Share cards served by the site: each kind of card, its hashed address and the redirect
from a stale one, the disk cache, and what a card never shows."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jisr.campaigns import cards
from jisr.campaigns.models import Event, EventAudience, EventStatus, Timeslot
from jisr.proposals import services as proposal_services
from jisr.reports import services as report_services
from jisr.treasury import ledger, selectors
from jisr.treasury import services as treasury_services
from jisr.treasury.models import Account, Method

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..proposals.conftest import publish
from ..treasury.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def fetch_png(client, url: str):
    response = client.get(path_of(url))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "image/png"
    data = b"".join(response.streaming_content)
    return response, data


@pytest.fixture
def proposal(db, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    topic = proposal_services.topic_save(actor="system:test", name="الخدمات", name_en="Services")
    author = UserFactory(display_name="صاحبة المقترح السرية", email="author.secret@example.org")
    return publish(
        author,
        topic,
        title="تسهيل تجديد جوازات السفر في القنصليات",
        body="نقترح فتح مواعيد مسائية لتجديد الجوازات.",
    )


def test_the_proposal_card_is_served_as_a_png_with_a_long_cache_life(client, proposal):
    url = cards.card_url(proposal, "ar")
    assert re.fullmatch(
        rf"http://[^/]+/campaigns/cards/proposal/{proposal.pk}/ar-[0-9a-f]{{16}}\.png", url
    )
    response, data = fetch_png(client, url)
    assert len(data) < 300 * 1024
    assert Image.open(io.BytesIO(data)).size == (1200, 630)
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]


def test_the_address_changes_with_the_support_count_and_the_old_one_redirects(
    client, proposal, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    before = cards.card_url(proposal, "en")
    fetch_png(client, before)
    supporter = UserFactory()
    proposal_services.support_add(actor=supporter, proposal=proposal)
    proposal.refresh_from_db()
    after = cards.card_url(proposal, "en")
    assert after != before
    assert cards.card_url(proposal, "ar") != after  # one address per language
    response = client.get(path_of(before))
    assert response.status_code == 302
    assert response["Location"] == path_of(after)
    fetch_png(client, after)
    # The disk cache holds the current card only.
    files = sorted(p.name for p in (tmp_path / "cards" / "proposal" / str(proposal.pk)).iterdir())
    assert files == [path_of(after).rsplit("/", 1)[1]]


def test_a_card_shows_no_author_and_never_exists_for_a_hidden_proposal(client, proposal):
    card = cards.card_for(proposal, "ar", strict=True)
    text = " ".join(card.texts())
    assert "صاحبة المقترح السرية" not in text and "author.secret" not in text
    assert card.title == proposal.title
    url = cards.card_url(proposal, "ar")
    proposal.hidden = True
    proposal.save(update_fields=["hidden"])
    with pytest.raises(cards.NoCard):
        cards.card_url(proposal, "ar")
    assert client.get(path_of(url)).status_code == 404


def test_a_proposal_card_counts_its_supporters_in_the_language(proposal):
    proposal.support_count = 3
    english = cards.card_for(proposal, "en", strict=True)
    assert [(f.value, f.label) for f in english.figures] == [("3", "supporters")]
    assert english.kicker == "Proposal" and english.language == "en"
    assert cards.card_for(proposal, "ar", strict=True).rtl


def _paid_gifts(campaign, amounts):
    for gross in amounts:
        treasury_services.contribution_record(
            actor=None,
            campaign=campaign,
            method=Method.CASH,
            currency=campaign.currency,
            gross=gross,
            name="Fictional Donor",
            attested=True,
        )


def test_the_campaign_progress_card_draws_its_figure_from_the_ledger(client):
    campaign = CampaignFactory(is_public=True, goal=100_000)
    _paid_gifts(campaign, [5000] * 8)
    raised = -ledger.balance(Account.INCOME, campaign=campaign)
    assert raised == 40_000
    total = selectors.campaign_totals(campaign.currency)[campaign.pk]
    assert total.shown
    card = cards.card_for(campaign, "en", strict=True)
    assert card.figures[0].value == "400.00 USD"
    assert card.figures[0].label == "of 1,000.00 USD"
    assert (card.figures[1].value, card.figures[1].label) == ("8", "gifts")
    assert card.progress == 40
    arabic = cards.card_for(campaign, "ar", strict=True)
    # The amount is isolated left to right inside the Arabic card.
    assert arabic.figures[0].value == "\u2066400.00 USD\u2069"
    before = cards.card_url(campaign, "ar")
    fetch_png(client, before)
    _paid_gifts(campaign, [10_000])
    assert cards.card_url(campaign, "ar") != before  # a new gift, a new card
    assert cards.card_for(campaign, "en").progress == 50


def test_a_campaign_with_too_few_gifts_shows_its_goal_not_its_total():
    campaign = CampaignFactory(is_public=True, goal=100_000)
    _paid_gifts(campaign, [7777])
    card = cards.card_for(campaign, "en", strict=True)
    assert card.progress is None
    assert [(f.value, f.label) for f in card.figures] == [("1,000.00 USD", "goal")]
    assert "77.77" not in " ".join(card.texts())


def test_a_private_campaign_has_no_card(client):
    campaign = CampaignFactory(is_public=False)
    with pytest.raises(cards.NoCard):
        cards.card_url(campaign, "ar")
    assert (
        client.get(f"/campaigns/cards/campaign/{campaign.pk}/ar-0123456789abcdef.png").status_code
        == 404
    )


def _event(**fields):
    event = Event.objects.create(
        kind="town_hall",
        title="لقاء مفتوح مع النائب",
        title_en="Town hall with our representative",
        city="ستوكهولم",
        address="Secret street 12, flat 3",
        status=EventStatus.PUBLISHED,
        **fields,
    )
    start = timezone.make_aware(datetime.datetime(2031, 11, 14, 18, 0))
    Timeslot.objects.create(
        event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    return Event.objects.prefetch_related("timeslots").get(pk=event.pk)


def test_the_event_card_gives_the_date_in_words_and_the_city_never_the_address(client):
    event = _event()
    arabic = cards.card_for(event, "ar", strict=True)
    assert arabic.title == "لقاء مفتوح مع النائب"
    date_line = arabic.lines[0]
    assert "تشرين الثاني" in date_line and "الجمعة" in date_line and "2031" in date_line
    # The time is not isolated left to right: «6:00 م» reads right in an Arabic line.
    assert date_line.endswith("، 6:00 م")
    assert arabic.lines[1] == "ستوكهولم"
    english = cards.card_for(event, "en", strict=True)
    assert english.title == "Town hall with our representative"
    assert english.lines[0].startswith("Friday 14 November 2031")
    assert english.kicker == "Town hall with a representative"
    assert "Secret" not in " ".join(arabic.texts() + english.texts())
    fetch_png(client, cards.card_url(event, "en"))


def test_members_only_and_draft_events_have_no_card(client):
    hidden = _event(audience=EventAudience.MEMBERS)
    with pytest.raises(cards.NoCard):
        cards.card_url(hidden, "ar")
    assert (
        client.get(f"/campaigns/cards/event/{hidden.pk}/ar-0123456789abcdef.png").status_code == 404
    )
    Event.objects.filter(pk=hidden.pk).update(
        audience=EventAudience.PUBLIC, status=EventStatus.DRAFT
    )
    assert (
        client.get(f"/campaigns/cards/event/{hidden.pk}/ar-0123456789abcdef.png").status_code == 404
    )


def test_the_report_card_shows_its_period_and_headline_figures(client):
    report = report_services.report_create(
        actor="system:test", start=datetime.date(2026, 10, 1), end=datetime.date(2026, 10, 31)
    )
    with pytest.raises(cards.NoCard):  # a draft has no card
        cards.card_url(report, "en")
    report = report_services.report_publish(actor="system:test", report=report)
    card = cards.card_for(report, "en", strict=True)
    assert card.title == "The organization's report: October 2026"
    assert [f.label for f in card.figures] == [
        "Activities recorded",
        "Votes cast",
        "Proposals delivered",
        "Answers received",
    ]
    assert "تشرين الأول" in cards.card_for(report, "ar", strict=True).title
    fetch_png(client, cards.card_url(report, "ar"))


def test_the_site_card_and_unknown_addresses(client):
    url = cards.card_url(None, "ar")
    assert "/campaigns/cards/site/0/ar-" in url
    fetch_png(client, url)
    assert client.get("/campaigns/cards/site/1/ar-0123456789abcdef.png").status_code == 404
    assert client.get("/campaigns/cards/proposal/999999/ar-0123456789abcdef.png").status_code == 404


def test_the_opengraph_card_adds_no_query_to_a_page(client, proposal, monkeypatch):
    """The hook reads what the page already holds: the same queries with and without it."""
    signed_in(client, UserFactory())  # a member: the page cache serves only visitors
    page = reverse("proposals:detail", args=[proposal.pk])
    with CaptureQueriesContext(connection) as with_card:
        response = client.get(page)
    assert f"/campaigns/cards/proposal/{proposal.pk}/ar-" in response.content.decode()
    config = apps.get_app_config("campaigns")
    monkeypatch.setattr(type(config), "og_image", lambda self, request, context: None)
    with CaptureQueriesContext(connection) as without:
        response = client.get(page)
    assert "/campaigns/cards/" not in response.content.decode()
    assert len(with_card) == len(without)


def test_a_missing_font_leaves_pages_with_the_static_image(client, monkeypatch, tmp_path):
    from jisr.campaigns import card_drawing

    monkeypatch.setattr(card_drawing, "REGULAR", tmp_path / "gone.ttf")
    card_drawing.font_fingerprint.cache_clear()
    card_drawing.covered.cache_clear()
    try:
        response = client.get(reverse("home"))
    finally:
        card_drawing.font_fingerprint.cache_clear()
        card_drawing.covered.cache_clear()
    assert response.status_code == 200
    content = response.content.decode()
    assert "/static/jisr/img/og.png" in content and "/campaigns/cards/" not in content
