"""An organizer runs an event in the browser, by clicking from the staff home: creates it,
adds its time, publishes it, then checks a member in by the code they show (typed in lower
case with a space), in English; the check-in page fits a 360 px phone in both languages."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jisr.accounts.roles import Role
from jisr.campaigns.models import Event, Registration

from ..accounts.factories import UserFactory
from ..conftest import session_cookie, with_mfa
from .test_browser import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _click(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    with page.expect_navigation():
        locator.click()


def test_an_organizer_creates_publishes_and_checks_in(page: Page, live_server, browser_problems):
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER], preferred_language="en"))
    member = UserFactory(display_name="Salma (test)", email="salma@example.org")
    page.context.add_cookies(
        [{"name": "sessionid", "value": session_cookie(organizer), "url": live_server.url}]
    )
    shots = Path(os.environ.get("JISR_SCREENSHOTS_DIR") or "/tmp/jisr-shots")
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/staff/")
    _click(page, page.locator("main a[href='/staff/campaigns/events/']").first)
    _click(page, page.get_by_role("link", name="New event"))
    page.select_option("#id_kind", "house_gathering")
    page.check("input[name=format][value=in_person]")
    page.check("input[name=audience][value=members]")
    page.fill("#id_title", "جلسة بيتية للتجربة")
    page.fill("#id_title_en", "Test house gathering")
    page.fill("#id_city", "Malmö")
    page.fill("#id_address", "Test street 1")
    page.select_option("#id_photo_consent", "none")
    _click(page, page.get_by_role("button", name="Save"))
    event = Event.objects.get()
    assert event.status == "draft"
    assert "Add at least one time that has not started yet." in page.content()

    day = timezone.localdate() + datetime.timedelta(days=7)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_starts", "18:00")
    page.fill("#id_ends", "20:00")
    page.fill("#id_capacity", "١٢")
    _click(page, page.get_by_role("button", name="Add the time"))
    slot = event.timeslots.get()
    assert slot.capacity == 12
    _click(page, page.get_by_role("button", name="Publish the event"))
    event.refresh_from_db()
    assert event.status == "published"
    assert "Published: members can now register." in page.content()

    # The member's side registers them; here the row is written as it would write it.
    Registration.objects.create(timeslot=slot, user=member, status="confirmed", code="H4KX7PQ2")
    _click(page, page.get_by_role("link", name="Check-in at the door"))
    page.fill("#id_code", "h4kx 7pq2")
    _click(page, page.get_by_role("button", name="Check in", exact=True))
    expect(page.locator("main")).to_contain_text("Welcome, Salma (test): checked in.")
    assert "salma@example.org" not in page.content()
    assert Registration.objects.get().checked_in_at is not None
    checkin = page.url
    for language in ("en", "ar"):
        if language == "ar":
            switch_language(page, "ar")
            page.goto(checkin)
        page.set_viewport_size({"width": 360, "height": 800})
        assert page.evaluate(OVERFLOW) <= 0, language
        page.screenshot(path=str(shots / f"event-checkin-{language}-360.png"), full_page=True)
    browser_problems.assert_none()
