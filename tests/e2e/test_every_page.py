"""Every page of the site, as each role opens it, in Chromium: Arabic and English, a 360 px
phone and a 1280 px desktop.

On each page, at each width and in each language:

* the header's box is the home page's (same role, language and width), and neither the
  header nor anything in or above it is transformed (one app's CSS once mirrored and
  squashed it on every election page);
* the document does not scroll sideways at 360 px;
* every table wider than its container scrolls inside its own focusable container
  (tabindex="0"), so a keyboard can scroll it too;
* axe-core finds no critical or serious violation.

The pages come from walking the URL resolver (``pages.py``): a new URL name that is neither
in ``PAGES`` nor in ``EXCLUDED`` fails the first test here.

``JISR_SCREENSHOTS_DIR`` set: a full-page screenshot of each page in each language and width
is saved there (``python3 dev.py screenshots`` refreshes docs/screenshots/ this way).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from jisr.core.middleware import LANGUAGE_COOKIE

from .conftest import BrowserProblems, watched_context
from .pages import (
    ANONYMOUS,
    ERROR_PAGES,
    EXCLUDED,
    PAGES,
    ROLES,
    Page,
    World,
    is_excluded,
    pages_for,
    signed_in_client,
    url_names,
)


def test_every_url_name_is_walked():
    names = url_names()
    unknown = sorted(n for n in names if n not in PAGES and not is_excluded(n))
    assert not unknown, (
        "These URL names are neither walked nor excluded; add each to PAGES in "
        f"tests/e2e/pages.py (or, if it is no page a person reads, to EXCLUDED): {unknown}"
    )
    stale = sorted(n for n in [*PAGES, *EXCLUDED] if "*" not in n and n not in names)
    assert not stale, f"PAGES or EXCLUDED name URLs that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_page_in_the_table_opens_for_its_role():
    """The table itself is right: each page answers its role with a page (not a redirect),
    so the browser walk below checks what that role really sees."""
    world = World()
    wrong = []
    for role in ROLES:
        client = signed_in_client(world, role)
        for page in pages_for(world, role):
            response = client.get(page.path)
            status = response.status_code
            expected = int(page.name.split(":")[1]) if page.name.startswith("error:") else 200
            if status != expected:
                wrong.append(f"{page.label} ({page.path}): {status} {response.get('Location', '')}")
    assert not wrong, "Pages that do not open as the table says:\n" + "\n".join(wrong)


# --- The walk in Chromium -------------------------------------------------------------------

E2E = Path(__file__).resolve().parent
LAYOUT_CHECKS = (E2E / "layout_checks.js").read_text(encoding="utf-8")
AXE_SOURCE = (E2E / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            count: v.nodes.length,
        }));
}"""
LANGUAGES = ("ar", "en")
WIDTHS = (1280, 360)
HEIGHT = {1280: 800, 360: 740}

# Faults being fixed elsewhere: (URL name, check) pairs. While one of them is still found,
# the walk is an expected failure (xfail, not strict); any other fault fails it. Keep it empty.
KNOWN_FAULTS: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Fault:
    page: Page
    language: str
    width: int
    check: (
        str  # "header-box", "header-transform", "overflow", "table-scroll", "console", "axe:<id>"
    )
    detail: str

    def __str__(self) -> str:
        return (
            f"{self.page.label} ({self.page.path}) {self.language} {self.width} px: "
            f"{self.check}: {self.detail}"
        )


class Walk:
    """One role's pages in one language, each loaded once, checked at both widths."""

    def __init__(
        self, tab, base_url: str, problems: BrowserProblems, shots: Path | None, references
    ):
        self.tab = tab
        self.seconds: dict[str, float] = {}
        self.base = base_url
        self.problems = problems
        self.shots = shots
        self.faults: list[Fault] = []
        # The home page's header box by (role, language, width), shared by every walk.
        self.references = references

    def visit(self, page_info: Page, language: str) -> None:
        tab = self.tab
        seen = len(self.problems.unexpected())
        with self.timed("load"):
            tab.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT[WIDTHS[0]]})
            tab.goto(self.base + page_info.path, wait_until="load")
            tab.evaluate("document.fonts.ready.then(() => true)")
        # The page's own console errors (a CSP violation among them).
        for problem in self.problems.unexpected()[seen:]:
            self.fault(page_info, language, WIDTHS[0], "console", problem)
        for width in WIDTHS:
            if width != WIDTHS[0]:
                tab.set_viewport_size({"width": width, "height": HEIGHT[width]})
            self.check(tab, page_info, language, width)

    @contextmanager
    def timed(self, phase: str):
        started = time.monotonic()
        yield
        self.seconds[phase] = self.seconds.get(phase, 0) + time.monotonic() - started

    def fault(self, page_info, language, width, check, detail) -> None:
        self.faults.append(Fault(page_info, language, width, check, detail))

    def check(self, tab, page_info: Page, language: str, width: int) -> None:
        with self.timed("layout"):
            found = tab.evaluate(LAYOUT_CHECKS)
        if found["lang"] != language:
            self.fault(page_info, language, width, "language", f"the page is in {found['lang']}")
        if found["header"] is None:
            self.fault(page_info, language, width, "header-box", "no site header (body > header)")
        elif page_info.name == "home":
            self.references[page_info.role, language, width] = found["header"]
        else:
            # Error pages never look at the user (they render with the database down), so
            # their header is a visitor's.
            role = ANONYMOUS if page_info.name in ERROR_PAGES else page_info.role
            reference = self.references.get((role, language, width))
            if found["header"] != reference:
                self.fault(
                    page_info,
                    language,
                    width,
                    "header-box",
                    f"{found['header']} instead of the home page's {reference}",
                )
        for detail in found["transforms"]:
            self.fault(page_info, language, width, "header-transform", detail)
        if width == 360 and found["scrollWidth"] > found["innerWidth"]:
            self.fault(
                page_info,
                language,
                width,
                "overflow",
                f"{found['scrollWidth']} px wide in a {found['innerWidth']} px window; "
                f"sticking out: {'; '.join(found['overflowing']) or '?'}",
            )
        for detail in found["tables"]:
            self.fault(page_info, language, width, "table-scroll", detail)
        with self.timed("axe"):
            violations = tab.evaluate(AXE_RUN)
        for violation in violations:
            self.fault(
                page_info,
                language,
                width,
                f"axe:{violation['id']}",
                f"{violation['impact']}: {violation['help']} ({violation['count']} elements, "
                f"e.g. {', '.join(violation['targets'])})",
            )
        if self.shots is not None:
            name = f"{page_info.name.replace(':', '-').replace('_', '-')}-{page_info.role}"
            with self.timed("screenshots"):
                tab.screenshot(path=self.shots / f"{name}-{language}-{width}.png", full_page=True)


def speak(world: World, context, base_url: str, role: str, language: str) -> None:
    """Open the pages in ``language``: the reader's cookie, and the profile of a member."""
    user = world.users.get(role)
    if user is not None:
        type(user).objects.filter(pk=user.pk).update(preferred_language=language)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": base_url}])


@pytest.mark.e2e
@pytest.mark.timeout(1800)
@pytest.mark.django_db(transaction=True)
def test_every_page_keeps_its_frame_and_passes_axe(browser, live_server):
    started = time.monotonic()
    world = World()
    shots_env = os.environ.get("JISR_SCREENSHOTS_DIR", "").strip()
    shots = Path(shots_env).resolve() if shots_env else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    # JISR_WALK_PAGES=elections,staff:dashboard walks only the URL names starting so.
    only = tuple(p for p in os.environ.get("JISR_WALK_PAGES", "").split(",") if p)
    faults: list[Fault] = []
    seconds: dict[str, float] = {}
    references: dict[tuple[str, str, int], dict] = {}
    visits = 0
    for role in ROLES:
        problems = BrowserProblems()
        for _who, path in ERROR_PAGES.values():  # Chromium logs an error page's own status
            problems.expect_console_error(f"[{live_server.url}{path}]")
        # axe sets inline styles, which the CSP refuses (no page of the site is named).
        problems.expect_console_error("The action has been blocked. []")
        context = watched_context(browser, live_server.url, problems)
        # axe-core in every page, through the DevTools protocol (the site's CSP allows no
        # script of ours); it only defines window.axe until AXE_RUN calls it.
        context.add_init_script(script=AXE_SOURCE)
        if role in world.users:
            client = signed_in_client(world, role)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        try:
            tab = context.new_page()
            for language in LANGUAGES:
                speak(world, context, live_server.url, role, language)
                walk = Walk(tab, live_server.url, problems, shots, references)
                for page_info in pages_for(world, role):
                    if not only or page_info.name == "home" or page_info.name.startswith(only):
                        walk.visit(page_info, language)
                        visits += 1
                faults += walk.faults
                for phase, spent in walk.seconds.items():
                    seconds[phase] = seconds.get(phase, 0) + spent
        finally:
            context.close()
    elapsed = time.monotonic() - started
    phases = ", ".join(f"{phase} {spent:.0f} s" for phase, spent in seconds.items())
    print(
        f"\nwalked {visits} page loads, each at {len(WIDTHS)} widths, in {elapsed:.0f} s ({phases})"
    )
    for fault in faults:
        print(fault)
    unexpected = [f for f in faults if (f.page.name, f.check) not in KNOWN_FAULTS]
    assert not unexpected, f"{len(unexpected)} faults on the site's pages:\n" + "\n".join(
        map(str, unexpected)
    )
    stale = KNOWN_FAULTS - {(f.page.name, f.check) for f in faults}
    if stale:
        print(f"KNOWN_FAULTS no longer found (remove them): {sorted(stale)}")
    if faults:
        pytest.xfail(f"{len(faults)} known faults remain (KNOWN_FAULTS)")
