"""A member opens a share kit from its campaign's page by clicking, copies a prepared post
with its button, and the kit's short link leads back to the campaign (counted once, no
cookie set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from jisr.campaigns.models import ShortLink

from ..campaigns.kit_helpers import kit_with_posts, organizer
from ..treasury.factories import CampaignFactory
from .test_browser import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_a_kit_is_opened_from_its_campaign_and_a_post_copied(
    page: Page, live_server, browser_problems
):
    campaign = CampaignFactory(is_public=True, title_en="School bags (demo)")
    kit, items = kit_with_posts(organizer(), organizer(), campaign=campaign)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    shots = Path(os.environ.get("JISR_SCREENSHOTS_DIR") or "/tmp/jisr-shots")
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + reverse("treasury:campaign", args=[campaign.pk]))
    switch_language(page, "en")
    page.get_by_role("link", name="Share it with family and friends").click()
    page.wait_for_url(f"**/campaigns/share/{kit.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Share the campaign"
    # The copy button is there (JavaScript), and copies the post's exact text.
    post = next(i for i in items if i.platform == "whatsapp")
    button = page.locator(f'[data-copy-target="kit-text-{post.pk}"]')
    assert button.is_visible()
    button.click()
    assert page.locator(f"#kit-copied-{post.pk}").text_content() == "Copied"
    assert button.inner_text() == "Copied"
    assert page.evaluate("navigator.clipboard.readText()") == post.text
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(OVERFLOW) <= 0, width
        page.screenshot(path=str(shots / f"campaigns-kit-en-{width}.png"), full_page=True)
    # The short link, as printed under the QR code, leads back to the campaign.
    short = page.locator(".kit-short a").get_attribute("href")
    code = short.rsplit("/", 1)[-1]
    cookies = {c["name"] for c in page.context.cookies()}
    page.goto(live_server.url + f"/s/{code}")
    assert page.url == live_server.url + reverse("treasury:campaign", args=[campaign.pk])
    assert {c["name"] for c in page.context.cookies()} == cookies
    assert ShortLink.objects.get(code=code).clicks == 1
    browser_problems.assert_none()


def test_without_javascript_the_text_sits_in_a_box_to_select(
    browser, live_server, browser_problems
):
    from .conftest import watched_context

    kit, items = kit_with_posts(organizer(), organizer())
    context = watched_context(browser, live_server.url, browser_problems, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("campaigns:kit", args=[kit.pk]))
        box = page.locator(f"#kit-text-{items[0].pk}")
        assert box.get_attribute("readonly") is not None
        assert box.input_value() == items[0].text
        assert not page.locator(f'[data-copy-target="kit-text-{items[0].pk}"]').is_visible()
    finally:
        context.close()
    browser_problems.assert_none()
