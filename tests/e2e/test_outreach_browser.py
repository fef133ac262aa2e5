"""A member keeps "my list" of people to remind, commits, shares the message and reports
numbers — and no name from the list ever leaves the browser: every request the browser
makes (to this site, and the share links it opens) is read, URL and body, for them."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from jisr.campaigns.models.outreach import Commitment, Tally

from ..accounts.factories import UserFactory
from ..campaigns.outreach_factories import ask_with_scripts
from ..conftest import session_cookie
from .conftest import watched_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = ["Umm Ali Zfict", "أبو حسن الخيالي", "K.M.Q"]
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _forms(text: str) -> list[str]:
    return [text, quote(text), quote_plus(text), quote(text, safe=""), text.encode().hex()]


def _add(page: Page, name: str) -> None:
    page.fill("#reach-new-name", name)
    page.locator("[data-reach-add] button[type='submit']").click()


def test_my_list_never_leaves_the_browser(page: Page, live_server, browser_problems):
    ask = ask_with_scripts(link="https://example.org/register")
    member = UserFactory(preferred_language="en")
    context = page.context
    context.add_cookies(
        [{"name": "sessionid", "value": session_cookie(member), "url": live_server.url}]
    )
    seen: list[tuple[str, str]] = []
    page.on("request", lambda r: seen.append((r.url, r.post_data or "")))
    context.on("request", lambda r: seen.append((r.url, r.post_data or "")))
    shared: list[str] = []

    def share_target(route):
        # WhatsApp and Telegram are never reached: the link is recorded, and answered here.
        shared.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="shared")

    context.route("https://wa.me/**", share_target)
    context.route("https://t.me/**", share_target)
    shots = Path(os.environ.get("JISR_SCREENSHOTS_DIR") or "/tmp/jisr-shots")
    shots.mkdir(parents=True, exist_ok=True)

    base = live_server.url
    my_list = f"{base}{reverse('campaigns:ask_list', args=[ask.pk])}"
    page.goto(my_list)
    expect(page.locator("[data-reach-needs-js]")).to_be_hidden()
    for name in NAMES:
        _add(page, name)
    expect(page.locator("[data-reach-name]")).to_have_text(NAMES)
    page.locator("[data-reach-done]").first.check()
    page.reload()  # kept in this browser
    expect(page.locator("[data-reach-name]")).to_have_text(NAMES)
    expect(page.locator("[data-reach-done]").first).to_be_checked()
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(OVERFLOW) <= 0, width
        page.screenshot(path=str(shots / f"outreach-my-list-en-{width}.png"), full_page=True)

    # Share from an entry: the member's app opens with the message, never with the name.
    with context.expect_page() as opened:
        page.locator(".reach-entry [data-reach-share='whatsapp']").first.click()
    opened.value.close()

    # Commit, from the ask's page.
    page.goto(f"{base}{reverse('campaigns:ask', args=[ask.pk])}?script=ar-iq")
    page.locator(f"a[href='{reverse('campaigns:ask_commit', args=[ask.pk])}']").click()
    page.check("input[name='will_do'][value='yes']")
    planned = timezone.localdate() + datetime.timedelta(days=2)
    page.fill("#id_planned_on", planned.isoformat())
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").click()
    assert page.url == my_list
    expect(page.locator("[data-reach-name]")).to_have_text(NAMES)
    with context.expect_page() as opened:
        page.locator(".reach-share a[href^='https://t.me/']").click()
    opened.value.close()

    # Report the numbers.
    page.goto(f"{base}{reverse('campaigns:ask_report', args=[ask.pk])}")
    page.fill("#id_contacted", "3")
    page.fill("#id_will_vote", "2")
    page.fill("#id_registered", "1")
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").click()

    assert Commitment.objects.get(member=member).planned_on == planned
    tally = Tally.objects.get()
    assert (tally.contacted, tally.will_vote, tally.registered) == (3, 2, 1)
    # The requests were seen (the two forms' bodies, the two share links) …
    bodies = [body for _url, body in seen if body]
    assert any("will_do=yes" in body for body in bodies)
    assert any("contacted=3" in body for body in bodies)
    assert len(shared) == 2 and shared[0].startswith("https://wa.me/?text=")
    assert "t.me/share/url" in shared[1]
    # … and not one carries a name from the list, in any encoding.
    for url, body in seen + [(url, "") for url in shared]:
        for name in NAMES:
            for form in _forms(name):
                assert form not in url and form not in body, (name, url)
    browser_problems.assert_none()


def test_without_javascript_the_list_page_says_so(browser, live_server, browser_problems):
    ask = ask_with_scripts()
    context = watched_context(browser, live_server.url, browser_problems, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{reverse('campaigns:ask_list', args=[ask.pk])}")
        expect(page.locator("[data-reach-needs-js]")).to_be_visible()
        expect(page.locator("[data-reach-list]")).to_be_hidden()
        expect(page.locator(".reach-share a")).to_have_count(2)  # the message still goes
    finally:
        context.close()
    browser_problems.assert_none()
