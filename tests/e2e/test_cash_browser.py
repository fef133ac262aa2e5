"""A treasurer counts a collection in the browser: the form with the euro's notes and
coins fits a 360 px phone in Arabic and English, and what is typed (Arabic-Indic digits
included) becomes a sheet waiting for its second signature."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from jisr.accounts.roles import Role
from jisr.treasury.models.cash import CountSheet

from ..accounts.factories import UserFactory
from ..conftest import session_cookie, with_mfa
from ..treasury.factories import CampaignFactory
from .test_browser import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_a_treasurer_counts_a_collection_on_a_phone(page: Page, live_server, browser_problems):
    campaign = CampaignFactory(currency="EUR", title_en="Hall (demo)")
    treasurer = with_mfa(UserFactory(roles=[Role.TREASURER]))
    page.context.add_cookies(
        [{"name": "sessionid", "value": session_cookie(treasurer), "url": live_server.url}]
    )
    shots = Path(os.environ.get("JISR_SCREENSHOTS_DIR") or "/tmp/jisr-shots")
    shots.mkdir(parents=True, exist_ok=True)
    form = f"{live_server.url}{reverse('treasury_staff:cash_sheet_new')}?campaign={campaign.pk}"
    for language in ("ar", "en"):
        if language == "en":
            switch_language(page, "en")
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(form)
            assert page.locator("html").get_attribute("lang") == language
            assert page.evaluate(OVERFLOW) <= 0, (language, width)
            page.screenshot(
                path=str(shots / f"treasury-cash-count-form-{language}-{width}.png"),
                full_page=True,
            )
    page.fill("#id_label", "Dinner (demo)")
    page.fill("#id_n_5000", "٢")
    page.fill("#id_n_500", "1")
    page.fill("#id_gifts", "100; Sara Fictional\n5; Omar Fictional")
    page.check("#id_attested")
    page.get_by_role("button", name="Save and sign").click()
    page.wait_for_url("**/staff/treasury/cash/*/")
    sheet = CountSheet.objects.get()
    assert (sheet.total, sheet.counted_by_id, sheet.is_signed) == (10500, treasurer.pk, False)
    assert "Waiting for the second signature" in page.content()
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(shots / "treasury-cash-sheet-en-360.png"), full_page=True)
    browser_problems.assert_none()
