"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright.

JISR_BROWSER_TESTS decides what happens when Chromium is not there:

* ``off``: every browser test is skipped;
* ``required`` (CI): a missing Chromium is an error, never a skip;
* ``on`` or unset: the browser tests are skipped, saying why.

No test may reach the internet: Chromium runs with its background services off, and every
request to another host than the live server is blocked and fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
E2E_DIR = Path(__file__).resolve().parent
# Bounded waits: a page of this site loads in well under a second from the live server.
TIMEOUT_MS = 10_000


def browser_tests_mode() -> str:
    return os.environ.get("JISR_BROWSER_TESTS", "on").strip().lower() or "on"


def _skip_reason() -> str | None:
    mode = browser_tests_mode()
    if mode == "off":
        return "browser tests are turned off (JISR_BROWSER_TESTS=off)"
    if mode != "required" and not CHROMIUM.exists():
        return (
            f"Chromium is not installed at {CHROMIUM}; install the Debian package 'chromium' "
            "to run the browser tests (JISR_BROWSER_TESTS=required makes this an error)"
        )
    return None


def pytest_collection_modifyitems(config, items):
    # Skipped before any fixture runs, so a skipped run sets up no database or server.
    reason = _skip_reason()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("e2e") and E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium for the tests of a module."""
    reason = _skip_reason()
    if reason is not None:  # the collection hook has normally skipped the test already
        pytest.skip(reason)
    if not CHROMIUM.exists():
        pytest.fail(
            f"JISR_BROWSER_TESTS=required but Chromium is missing at {CHROMIUM}. "
            "Install it with: apt-get install chromium",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is in the test lock file
        pytest.fail(f"Playwright is not installed: {error}", pytrace=False)

    # While Playwright's sync API is alive it marks its event loop as running in this
    # thread, between calls too, so Django takes the (synchronous) test code for async code
    # and refuses ORM calls, including pytest-django's own database flush after each test.
    # This is Playwright's and Django's documented work-around, limited to the browser's life.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserProblems:
    """Everything that went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    # Console errors a test provokes on purpose, such as the 404 a missing page answers with.
    expected: list[str] = field(default_factory=list)

    def expect_console_error(self, text: str) -> None:
        self.expected.append(text)

    def unexpected(self) -> list[str]:
        console = [
            message
            for message in self.console_errors
            if not any(expected in message for expected in self.expected)
        ]
        return (
            [f"console error: {m}" for m in console]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request to another host: {u}" for u in self.blocked_requests]
        )

    def assert_none(self) -> None:
        problems = self.unexpected()
        assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


def watched_context(browser, base_url: str, problems: BrowserProblems, **options):
    """A fresh browser context (no cookies) whose pages report console and script errors
    into ``problems``, and which blocks (and records) every request to another host."""
    options = {
        "viewport": {"width": 1280, "height": 800},
        "locale": "en-US",  # Jisr must open in Arabic whatever the browser asks for
        "service_workers": "block",
        **options,
    }
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    allowed = urlsplit(base_url).netloc

    def only_the_live_server(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or parts.netloc == allowed:
            route.continue_()
        else:
            problems.blocked_requests.append(url)
            route.abort("blockedbyclient")

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            problems.console_errors.append(f"{message.text} [{where}]")

    def watch(page):
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.page_errors.append(str(error)))

    context.route("**/*", only_the_live_server)
    context.on("page", watch)
    return context


@pytest.fixture
def page(browser, live_server, browser_problems: BrowserProblems) -> Iterator:
    """A fresh browser context (no cookies) on a 1280 px wide window, watched for errors.

    Each test must end with ``browser_problems.assert_none()``.
    """
    context = watched_context(browser, live_server.url, browser_problems)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshots_dir(tmp_path) -> Path:
    """Where tests save screenshots: ``JISR_SCREENSHOTS_DIR`` when set (``python3 dev.py
    screenshots`` sets it to docs/screenshots/), else a temporary folder, so a test run never
    changes the checkout."""
    chosen = os.environ.get("JISR_SCREENSHOTS_DIR", "").strip()
    folder = Path(chosen).resolve() if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_header_menu(page) -> None:
    """On a phone the header's links sit in a disclosure: open it when it is closed, as a
    person would before following one of them."""
    menu = page.locator("header details.site-menu")
    if menu.count() and menu.get_attribute("open") is None:
        summary = menu.locator("summary")
        if summary.is_visible():
            summary.click()
