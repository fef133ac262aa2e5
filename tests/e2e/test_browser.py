"""End to end in headless Chromium: languages, sign-up with e-mail verification, sign-in,
and screenshots of the main pages in both languages on a desktop and a 360 px phone.

Every test fails on any console error or uncaught script error in the browser, which is
also how a Content-Security-Policy violation shows up.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from jisr.accounts.models import User
from jisr.parliament import demo as demo_parliament
from jisr.parliament.models import Person, VoteEvent

from ..accounts.factories import PASSWORD, UserFactory
from .conftest import open_header_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 360)
DIRECTION = {"ar": "rtl", "en": "ltr"}
# The font the stylesheet puts first for each language (src/jisr/core/static/jisr/css).
UI_FONT = {"ar": "Jisr Sans Arabic", "en": "Jisr Latin"}
MISSING_PATH = "/this-page-does-not-exist/"


# --- Helpers --------------------------------------------------------------------------------


def expect_language(page: Page, language: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", DIRECTION[language])


def switch_language(page: Page, language: str) -> None:
    """Press the language button in the header, as a visitor would."""
    button = page.locator(
        f"header form.language-switch button[name='language'][value='{language}']"
    )
    expect(button).to_have_count(1)
    open_header_menu(page)
    with page.expect_navigation():
        button.click()
    expect_language(page, language)


def submit_main_form(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").click()


def sign_out(page: Page) -> None:
    open_header_menu(page)
    with page.expect_navigation():
        page.locator("header .account-menu form button[type='submit']").click()
    expect(page.locator("header .account-menu a[href='/accounts/login/']")).to_have_count(1)


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("main form input[name='login']").fill(email)
    page.locator("main form input[name='password']").fill(password)
    submit_main_form(page)
    expect(page).to_have_url(f"{base}/")


def expect_signed_in_as(page: Page, display_name: str) -> None:
    expect(page.locator("header .account-menu a[href='/accounts/profile/']")).to_have_text(
        display_name
    )


def confirmation_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    return match.group(0)


def loaded_font_families(page: Page) -> set[str]:
    families = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family);
        }"""
    )
    return {family.strip("\"'") for family in families}


def check_and_shoot(page: Page, name: str, language: str, folder: Path) -> None:
    """Check the page's language, fonts and width, and save it at each width into
    ``folder`` (the ``screenshots_dir`` fixture)."""
    expect_language(page, language)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800 if width > 600 else 740})
        # The site's own fonts, served from its own origin under its CSP, are in use.
        assert UI_FONT[language] in loaded_font_families(page), f"{name}: fonts not loaded"
        body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert body_font.strip("\"'").startswith(UI_FONT[language]), body_font
        if width == 360:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width + 1, (
                f"{name} in {language} scrolls sideways at {width} px: {scroll_width} px wide"
            )
        page.screenshot(path=folder / f"{name}-{language}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


# --- Tests ----------------------------------------------------------------------------------


def test_languages_sign_up_verification_and_sign_in(
    page: Page, live_server, browser_problems, settings
):
    base = live_server.url
    settings.JISR_SITE_URL = base  # the address e-mailed links start with
    email, display_name = "layla@example.org", "ليلى"

    # Arabic first, whatever language the browser asks for.
    page.goto(f"{base}/")
    expect_language(page, "ar")
    switch_language(page, "en")
    expect(page.locator("header .account-menu a[href='/accounts/signup/']")).to_have_text("Sign up")

    # Sign up in English.
    page.goto(f"{base}/accounts/signup/")
    expect_language(page, "en")
    form = page.locator("main form[method='post']")
    for name in ("email", "display_name", "password1", "password2"):
        expect(form.locator(f"input[name='{name}']")).to_have_count(1)
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='display_name']").fill(display_name)
    form.locator("input[name='password1']").fill(PASSWORD)
    form.locator("input[name='password2']").fill(PASSWORD)
    submit_main_form(page)
    expect(page).to_have_url(f"{base}/accounts/confirm-email/")
    expect_language(page, "en")
    user = User.objects.get(email=email)
    assert user.preferred_language == "en"  # the language the visitor signed up in

    # Verify the e-mail address with the link from the message; confirming takes a POST.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [email]
    assert message.subject == "Confirm your e-mail address"
    link = confirmation_link(message)
    assert link.startswith(f"{base}/")
    page.goto(link)
    expect_language(page, "en")
    expect(page.locator("main")).to_contain_text(email)
    submit_main_form(page)
    expect(page).to_have_url(f"{base}/")
    expect_signed_in_as(page, display_name)
    expect_language(page, "en")

    # Sign out, then back in with e-mail and password: still English, from the profile.
    sign_out(page)
    sign_in(page, base, email, PASSWORD)
    expect_signed_in_as(page, display_name)
    expect_language(page, "en")

    # Back to Arabic while signed in: the choice is saved on the profile.
    switch_language(page, "ar")
    user.refresh_from_db()
    assert user.preferred_language == "ar"

    # A language chosen after signing out is the most recent choice: it wins at the next
    # sign-in and is saved to the profile.
    sign_out(page)
    page.goto(f"{base}/")
    expect_language(page, "ar")  # the profile's language followed the reader out
    switch_language(page, "en")
    sign_in(page, base, email, PASSWORD)
    expect_signed_in_as(page, display_name)
    expect_language(page, "en")
    page.goto(f"{base}/accounts/profile/")
    expect_language(page, "en")
    expect(page.locator("main select[name='preferred_language']")).to_have_value("en")
    user.refresh_from_db()
    assert user.preferred_language == "en"

    browser_problems.assert_none()


def test_pages_in_both_languages_on_desktop_and_phone(
    page: Page, live_server, browser_problems, screenshots_dir
):
    base = live_server.url
    user = UserFactory(email="sami@example.org", display_name="سامي", preferred_language="ar")
    demo_parliament.load(io.StringIO())
    person = Person.objects.filter(activities__isnull=False).order_by("pk").first()
    vote_event = VoteEvent.objects.order_by("pk").first()
    # Chromium logs the 404 status of the missing page as a console error: that one is wanted.
    browser_problems.expect_console_error(f"status of 404 (Not Found) [{base}{MISSING_PATH}]")

    def public_pages(language: str) -> None:
        page.goto(f"{base}/")
        check_and_shoot(page, "home", language, screenshots_dir)
        page.goto(f"{base}/accounts/signup/")
        check_and_shoot(page, "signup", language, screenshots_dir)
        page.goto(f"{base}/accounts/login/")
        check_and_shoot(page, "login", language, screenshots_dir)
        page.goto(f"{base}/representatives/")
        check_and_shoot(page, "representatives", language, screenshots_dir)
        page.goto(f"{base}/representatives/{person.pk}/")
        expect(page.locator("svg.chart").first).to_be_visible()
        check_and_shoot(page, "representative", language, screenshots_dir)
        page.goto(f"{base}/votes/{vote_event.pk}/")
        check_and_shoot(page, "vote-event", language, screenshots_dir)
        response = page.goto(f"{base}{MISSING_PATH}")
        assert response is not None and response.status == 404
        expect(page.locator("main .error-page")).to_have_count(1)
        check_and_shoot(page, "404", language, screenshots_dir)

    public_pages("ar")
    page.goto(f"{base}/")
    switch_language(page, "en")
    public_pages("en")

    sign_in(page, base, user.email, PASSWORD)  # in English, the language just chosen
    expect_signed_in_as(page, user.display_name)
    page.goto(f"{base}/accounts/profile/")
    check_and_shoot(page, "profile", "en", screenshots_dir)
    switch_language(page, "ar")
    expect(page).to_have_url(f"{base}/accounts/profile/")
    check_and_shoot(page, "profile", "ar", screenshots_dir)

    browser_problems.assert_none()
