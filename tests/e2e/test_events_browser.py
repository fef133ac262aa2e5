"""A member finds an event from the front page and registers on a phone, by clicking only:
the address appears once registered, with the check-in code; "My events" lists it; a
visitor never sees the address. English, because the button names are found by their
text (the Arabic catalog gets the event strings at merge)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jisr.campaigns.models import EventFormat, Registration

from ..accounts.factories import UserFactory
from ..campaigns.factories import EventFactory, TimeslotFactory
from ..conftest import session_cookie
from .test_browser import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
ADDRESS = "شارع السر 7"


def test_a_member_registers_for_an_event_from_the_front_page(
    page: Page, live_server, browser_problems
):
    event = EventFactory(format=EventFormat.HYBRID, title_en="Reading evening (demo)")
    TimeslotFactory(event=event, capacity=2, starts_at=timezone.now() + datetime.timedelta(days=2))
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/")
    switch_language(page, "en")
    page.get_by_role("link", name="Reading evening (demo)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading evening (demo)")
    assert ADDRESS not in page.content()  # a visitor
    expect(page.get_by_role("link", name="Sign in to register")).to_be_visible()

    member = UserFactory(preferred_language="en")
    page.context.add_cookies(
        [{"name": "sessionid", "value": session_cookie(member), "url": live_server.url}]
    )
    page.reload()
    assert ADDRESS not in page.content()  # a member not registered
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    registration = Registration.objects.get(user=member)
    expect(page.get_by_text(registration.code).first).to_be_visible()
    assert ADDRESS in page.content()
    assert page.evaluate(OVERFLOW) <= 0
    page.goto(live_server.url + "/campaigns/")
    page.get_by_role("link", name="My events").click()
    expect(page.get_by_text(registration.code)).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    browser_problems.assert_none()
