"""Staff find their work by clicking: a moderator, an organizer and a representative's
office each sign in (staff with their authenticator app's code) and reach their work
queue only by clicking from the home page, in Arabic and English, on a 1280 px desktop
and a 360 px phone. Nothing overflows sideways; screenshots go to a temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import Page, expect

from jisr.accounts.roles import Role
from jisr.proposals import services
from jisr.proposals.states import Status

from ..accounts.factories import PASSWORD, UserFactory
from ..proposals.staff_fixtures import World, proposal_in
from .conftest import open_header_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("JISR_E2E_SCREENSHOTS", tempfile.gettempdir())) / "jisr-staff"
DIRECTION = {"ar": "rtl", "en": "ltr"}
TITLES = {
    "moderator": "مقترح ينتظر الإشراف عليه",
    "organizer": "مقترح جاهز للتسليم إلى النواب",
    "office": "مقترح سُلِّم إلى النائب وينتظر جوابه",
}
# Where each role's work waits, and the link on the staff home (or header) leading there.
QUEUES = {
    "moderator": "/staff/proposals/moderation/",
    "organizer": "/staff/proposals/#ready",
    "office": "/staff/proposals/office/",
}


def _world(role: str, language: str):
    world = World()
    people = world.people
    proposal_in(Status.SUBMITTED, world, title=TITLES["moderator"])
    ready = proposal_in(Status.PUBLISHED, world, title=TITLES["organizer"])
    services.proposal_pick(actor=people.organizer, proposal=ready, picked=True)
    proposal_in(Status.DELIVERED, world, title=TITLES["office"])
    user = people.get(role)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def _totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = get_adapter().decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _click(page: Page, selector: str) -> None:
    if selector.startswith("header"):
        open_header_menu(page)
    link = page.locator(selector).first
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()


def _sign_in_from_home(page: Page, base: str, user, width: int) -> None:
    """Open the home page at this width and sign in with the password, by clicking."""
    page.set_viewport_size({"width": width, "height": 740 if width < 600 else 800})
    page.goto(f"{base}/")
    _click(page, "header .account-menu a[href='/accounts/login/']")
    page.locator("main form input[name='login']").fill(user.email)
    page.locator("main form input[name='password']").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").first.click()


def _no_sideways_overflow(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows sideways by {overflow} px"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    _no_sideways_overflow(page)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("role", ["moderator", "organizer", "office"])
def test_each_role_reaches_its_queue_by_clicking(
    page: Page, live_server, browser_problems, role, language, width
):
    user = _world(role, language)
    base = live_server.url
    _sign_in_from_home(page, base, user, width)
    if role != "office":  # staff confirm with their authenticator app
        expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
        page.locator("main form input[name='code']").fill(_totp_code(user))
        with page.expect_navigation():
            page.locator("main form button[type='submit']").first.click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
    name = f"{role}-{language}-{width}"
    _shoot(page, f"{name}-1-home")

    queue = QUEUES[role]
    if role == "office":
        # The office's inbox is in the header, with how many answers it owes.
        inbox = page.locator(f"header .account-menu a[href='{queue}']")
        expect(inbox.locator(".badge")).to_have_text("1")
        _click(page, f"header .account-menu a[href='{queue}']")
    else:
        _click(page, "header .account-menu a[href='/staff/']")
        expect(page).to_have_url(f"{base}/staff/")
        _shoot(page, f"{name}-2-staff-home")
        # What needs them now, linked to the list it counts.
        waiting = page.locator(f"main .waiting-list a[href='{queue}']")
        expect(waiting).to_contain_text("1")
        _click(page, f"main .waiting-list a[href='{queue}']")
    expect(page).to_have_url(f"{base}{queue}")
    expect(page.locator("main")).to_contain_text(TITLES[role])
    _shoot(page, f"{name}-3-queue")
    if role == "moderator":
        # The staff menu offers only pages the moderator may open (moderators rate pledges).
        menu = page.locator("nav.staff-nav a")
        hrefs = {menu.nth(i).get_attribute("href") for i in range(menu.count())}
        assert hrefs == {"/staff/", "/staff/proposals/moderation/", "/staff/pledges/"}, hrefs
        _click(page, f"main table a:text('{TITLES['moderator']}')")
        _shoot(page, f"{name}-4-moderate")
    browser_problems.assert_none()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_two_factor_set_up_on_the_phone_and_back_to_work(
    page: Page, live_server, browser_problems, language, width
):
    organizer = UserFactory(roles=[Role.ORGANIZER], preferred_language=language)
    base = live_server.url
    _sign_in_from_home(page, base, organizer, width)
    _click(page, "header .account-menu a[href='/staff/']")
    if "/reauthenticate/" in page.url:  # setting up two-factor asks for the password again
        page.locator("main form input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type='submit']").first.click()
    assert page.url.startswith(f"{base}/accounts/2fa/totp/activate/"), page.url
    secret = page.locator("#totp-secret")
    expect(secret).to_have_css("direction", "ltr")
    # The whole secret shows: nothing clipped at either end, whatever the direction.
    clipped = secret.evaluate("e => e.scrollWidth - e.clientWidth")
    assert clipped <= 0, clipped
    code_text = secret.inner_text().strip()
    assert len(code_text) >= 16 and " " not in code_text
    expect(page.locator("main a[href^='otpauth://totp/']")).to_be_visible()
    expect(page.locator("button[data-copy-target='totp-secret']")).to_be_visible()
    _shoot(page, f"totp-{language}-{width}-1-set-up")
    code = format_hotp_value(hotp_value(code_text, next(iter(yield_hotp_counters_from_time()))))
    page.locator("main form input[name='code']").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").first.click()
    assert page.url.startswith(f"{base}/accounts/2fa/recovery-codes/"), page.url
    expect(page.locator("main .recovery-codes li")).not_to_have_count(0)
    _shoot(page, f"totp-{language}-{width}-2-recovery-codes")
    # Not a dead end: "continue" leads back to the page they asked for.
    _click(page, "main a.button[href='/staff/']")
    expect(page).to_have_url(f"{base}/staff/")
    browser_problems.assert_none()
