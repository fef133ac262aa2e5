"""The site's header is the same on every election page as on the home page.

An app's stylesheet once styled ``.bar`` (its result bars) and mirrored it in Arabic, and the
header is ``<div class="bar">``: under /elections/ the header was flipped and squashed. Here
the header's box, measured in the browser, must equal the home page's in both languages at
360 and 1280 px, and nothing in it or above it may carry a CSS transform.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from jisr.elections import demo as demo_elections
from jisr.elections.models import Candidate, Election, Seat
from jisr.parliament import demo as demo_parliament

from ..accounts.factories import UserFactory
from ..conftest import session_cookie, with_mfa
from .test_browser import switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 360)

HEADER_STATE = """() => {
    const header = document.querySelector("header.site-header");
    const box = (element) => {
        const r = element.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map((n) => Math.round(n));
    };
    const transformed = [];
    const seen = [];
    for (let node = header; node; node = node.parentElement) seen.push(node);
    seen.push(...header.querySelectorAll("*"));
    for (const element of seen) {
        const style = getComputedStyle(element);
        if (style.transform !== "none" || style.scale !== "none" || style.rotate !== "none"
            || style.translate !== "none") {
            transformed.push(element.tagName.toLowerCase() + "." + element.className);
        }
    }
    const bar = header.firstElementChild;
    return {header: box(header), bar: box(bar), brand: box(header.querySelector(".brand")),
            transformed};
}"""


def _header(page: Page) -> dict:
    return page.evaluate(HEADER_STATE)


def _expect_quotients_read_in_the_pages_direction(page: Page, language: str) -> None:
    """ "Votes ÷ divisor = quotient" reads like its column header: votes first in the
    reading direction (at the right in Arabic), as every other cell of the table does."""
    cell = page.locator("table.quotients tr.won td.num:has(bdi)").first
    votes, quotient = cell.locator("bdi").first, cell.locator("bdi").last
    votes_x, quotient_x = votes.bounding_box()["x"], quotient.bounding_box()["x"]
    if language == "ar":
        assert votes_x > quotient_x, "the quotient cell reads left to right in Arabic"
    else:
        assert votes_x < quotient_x


def _election_paths() -> list[str]:
    election = Election.objects.get()
    place = election.constituencies.get(code="iq-bg")
    seat = Seat.objects.filter(run=election.current_run, constituency=place).first()
    candidate = Candidate.objects.get(pk=seat.candidate_id)
    public = [
        "/elections/",
        f"/elections/{election.pk}/",
        f"/elections/{election.pk}/constituencies/{place.pk}/",
        f"/elections/{election.pk}/lists/{candidate.electoral_list_id}/",
        f"/elections/{election.pk}/candidates/{candidate.pk}/",
        f"/elections/{election.pk}/check/",
    ]
    staff = [
        reverse("elections_staff:index"),
        reverse("elections_staff:manage", args=[election.pk]),
        reverse("elections_staff:allocate", args=[election.pk]),
        reverse("elections_staff:official", args=[election.pk, place.pk]),
        reverse("elections_staff:certify", args=[election.pk]),
    ]
    return public + staff


def test_the_header_on_every_election_page_is_the_home_pages(
    page: Page, live_server, browser_problems
):
    demo_parliament.load(io.StringIO())
    demo_elections.load(io.StringIO())
    paths = _election_paths()
    # An organizer, so that the staff election pages (same stylesheet) are measured too; the
    # home page is measured signed in as well, so the account menu is the same.
    organizer = with_mfa(UserFactory(roles=["organizer"]))
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": session_cookie(organizer),
                "url": live_server.url,
            }
        ]
    )
    base = live_server.url
    measured = 0
    for language in ("ar", "en"):
        if language == "en":
            page.goto(f"{base}/")
            switch_language(page, "en")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(f"{base}/")
            assert page.locator("html").get_attribute("lang") == language
            home = _header(page)
            assert home["transformed"] == [], home
            for path in paths:
                response = page.goto(f"{base}{path}")
                assert response.status == 200, path
                here = _header(page)
                where = f"{path} in {language} at {width} px"
                assert here["transformed"] == [], f"{where}: transformed {here['transformed']}"
                assert here["header"] == home["header"], f"{where}: header box {here} != {home}"
                assert here["bar"] == home["bar"], f"{where}: header row {here} != {home}"
                assert here["brand"] == home["brand"], f"{where}: brand {here} != {home}"
                measured += 1
                if "/constituencies/" in path and width == 1280:
                    _expect_quotients_read_in_the_pages_direction(page, language)
    assert measured == 2 * len(WIDTHS) * len(paths)
    browser_problems.assert_none()


def test_the_header_search_box_reads_in_the_pages_direction_until_typed_in(
    page: Page, live_server, browser_problems
):
    """dir="auto" on an empty input laid the Arabic placeholder out left to right."""
    page.goto(f"{live_server.url}/")
    box = page.locator("header input[type='search']")
    direction = "el => getComputedStyle(el).direction"
    assert box.evaluate(direction) == "rtl"
    box.fill("Python 3.12")
    assert box.evaluate(direction) == "ltr"  # typed text keeps its own direction
    box.fill("الكهرباء")
    assert box.evaluate(direction) == "rtl"
    switch_language(page, "en")
    box = page.locator("header input[type='search']")
    assert box.evaluate(direction) == "ltr"
    box.fill("الكهرباء")
    assert box.evaluate(direction) == "rtl"
    browser_problems.assert_none()
