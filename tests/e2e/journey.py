"""Helpers for the core-loop journey: people who only click, in one language and one width.

A person in the journey opens the home page, or a link from an e-mail, and from there only
clicks what the pages show: links and buttons found by their accessible names, read from the
site's own catalogs in the journey's language (so the test follows the wording). Every step
is counted per role and saved as a screenshot in the test's temporary folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from collections import Counter
from pathlib import Path

from django.core import mail
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from .conftest import BrowserProblems, open_header_menu, watched_context

DIRECTION = {"ar": "rtl", "en": "ltr"}


def totp_code(secret: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for a base32 ``secret`` (RFC 6238:
    HMAC-SHA1 over 30-second steps, dynamic truncation per RFC 4226)."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def link_in_mail(to: str, pattern: str) -> str:
    """The newest link matching ``pattern`` in the mail sent to ``to`` (from the outbox)."""
    for message in reversed(mail.outbox):
        if to in message.to:
            match = re.search(pattern, message.body)
            if match:
                return match.group(0)
    sent = [(m.to, m.subject) for m in mail.outbox]
    raise AssertionError(f"no link like {pattern!r} in the mail to {to}; sent: {sent}")


class Journey:
    """One run of the journey: a language, a window width, a folder of screenshots and a
    count of the steps each role takes."""

    def __init__(
        self,
        browser,
        base_url: str,
        problems: BrowserProblems,
        *,
        language: str,
        width: int,
        folder: Path,
    ):
        self.browser, self.base_url, self.problems = browser, base_url, problems
        self.language, self.width = language, width
        self.folder = folder / f"{language}-{width}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.steps: Counter[str] = Counter()
        self.shots = 0
        self.contexts = []
        self.started = time.monotonic()

    def t(self, message: str, **values) -> str:
        """``message`` as the site shows it in the journey's language."""
        with translation.override(self.language):
            text = translation.gettext(message)
        return text % values if values else text

    def person(self, role: str, *, javascript: bool = True) -> Person:
        height = 740 if self.width < 600 else 800
        context = watched_context(
            self.browser,
            self.base_url,
            self.problems,
            viewport={"width": self.width, "height": height},
            locale={"ar": "ar-IQ", "en": "en-GB"}[self.language],
            java_script_enabled=javascript,
        )
        self.contexts.append(context)
        return Person(self, role, context.new_page())

    def close(self) -> None:
        for context in self.contexts:
            context.close()


class Person:
    """Someone in one role, with a browser of their own."""

    def __init__(self, journey: Journey, role: str, page: Page):
        self.journey, self.role, self.page = journey, role, page
        self.t = journey.t

    # --- What a person does ------------------------------------------------------------

    def step(self, what: str) -> None:
        """Count one step of this role and save the screen it led to."""
        journey = self.journey
        journey.steps[self.role] += 1
        journey.shots += 1
        print(f"{time.monotonic() - journey.started:6.1f}s {self.role}: {what}")
        self.page.screenshot(
            path=journey.folder / f"{journey.shots:02d}-{self.role}-{what}.png", full_page=True
        )

    def open_home(self) -> None:
        self.page.goto(self.journey.base_url + "/")
        self.read_in_my_language()
        self.step("home")

    def open_mail_link(self, url: str, what: str) -> None:
        assert url.startswith(self.journey.base_url + "/"), url
        self.page.goto(url)
        self.read_in_my_language()
        self.step(what)

    def read_in_my_language(self) -> None:
        """Jisr opens in Arabic (and the offices' e-mails are in Arabic): a person who
        reads English presses the language button first."""
        if self.page.locator("html").get_attribute("lang") != self.journey.language:
            self.choose_language()
        self.expect_language()

    def choose_language(self) -> None:
        """Press the language button in the header (inside the menu on a phone)."""
        self.open_menu()
        language = self.journey.language
        with self.page.expect_navigation():
            self.page.locator(f"header button[name='language'][value='{language}']").click()
        self.expect_language()

    def expect_language(self) -> None:
        html = self.page.locator("html")
        if html.get_attribute("lang") == self.journey.language:
            expect(html).to_have_attribute("dir", DIRECTION[self.journey.language])

    def open_menu(self) -> None:
        open_header_menu(self.page)

    def header_link(self, message: str, what: str, **values) -> None:
        self.open_menu()
        name = self.t(message, **values)
        self.follow(self.page.locator("header").get_by_role("link", name=name).first, what)

    def link(
        self, message: str, what: str, *, exact: bool = False, within: str = "main", **values
    ) -> None:
        name = self.t(message, **values)
        target = self.page.locator(within).get_by_role("link", name=name, exact=exact).first
        self.follow(target, what)

    def link_text(self, text: str, what: str) -> None:
        """A link named by what a person wrote (a proposal's title)."""
        self.follow(self.page.locator("main").get_by_role("link", name=text).first, what)

    def button(self, message: str, what: str, *, within: str | Locator = "main", **values) -> None:
        area = self.page.locator(within) if isinstance(within, str) else within
        target = area.get_by_role("button", name=self.t(message, **values), exact=True).first
        self.follow(target, what)

    def follow(self, target: Locator, what: str) -> None:
        expect(target).to_be_visible()
        with self.page.expect_navigation():
            target.click()
        self.expect_language()
        self.step(what)

    def field(self, label: str, within: Locator | None = None) -> Locator:
        """The field labelled ``label`` (a message), with or without the label's colon."""
        name = re.compile(rf"^\s*{re.escape(self.t(label))}\s*:?\s*$")
        return (within or self.page.locator("main")).get_by_label(name)

    def fill(self, label: str, value: str, within: Locator | None = None) -> None:
        self.field(label, within).fill(value)

    def choose(self, label: str, option: str) -> None:
        self.field(label).select_option(label=option)

    def expect_text(self, text: str) -> None:
        expect(self.page.locator("main")).to_contain_text(text)

    # --- Signing in --------------------------------------------------------------------

    def sign_in(self, email: str, password: str, *, secret: str | None = None) -> None:
        """From the header's "Sign in": e-mail and password, then the authenticator's code
        for staff."""
        self.header_link("Sign in", "sign-in")
        self.page.locator("main input[name='login']").fill(email)
        self.page.locator("main input[name='password']").fill(password)
        self.button("Sign in", "signed-in")
        if secret is not None:
            self.enter_code(secret, "two-factor")

    def enter_code(self, secret: str, what: str) -> None:
        self.page.locator("main input[name='code']").fill(totp_code(secret))
        with self.page.expect_navigation():
            self.page.locator("main form button[type='submit']").first.click()
        self.step(what)
