"""Search in headless Chromium: the header's box, suggestions as you type (htmx, under the
strict Content-Security-Policy), the results page at desktop and phone widths, and the same
box without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jisr.search import services
from jisr.search.documents import Document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def documents(db):
    services.index_documents(
        [
            Document(
                "person",
                1,
                url="/representatives/1/",
                title="حيدر العبادي",
                names=("Haider al-Abadi",),
                title_is_name=True,
            ),
            Document(
                "bill",
                2,
                url="/bills/2/",
                title="قانون الموازنة العامة",
                text="يُنظِّم القانونُ الموازنةَ العامة لسنة ٢٠٢٤ ويحدد مسؤوليات الوزارات",
            ),
        ]
    )


def test_suggestions_appear_as_you_type_and_the_box_submits(
    page: Page, live_server, documents, browser_problems, tmp_path
):
    page.goto(live_server.url + "/")
    box = page.locator("header form.site-search input[name='q']")
    box.press_sequentially("العباد", delay=40)
    suggestion = page.locator("#site-search-suggestions a[href='/representatives/1/']")
    expect(suggestion).to_be_visible()
    expect(suggestion.locator("mark")).to_have_text("العبادي")
    page.screenshot(path=tmp_path / "suggestions.png")
    box.fill("الموازنه")
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator("main h3 a mark").first).to_have_text("الموازنة")
    expect(page.locator("main .snippet mark").first).to_have_text("الموازنةَ")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        page.screenshot(path=tmp_path / f"results-{width}.png", full_page=True)
    browser_problems.assert_none()


def test_the_box_works_without_javascript(browser, live_server, documents, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.locator("header form.site-search input[name='q']").fill("Haider al-Abadi")
        with page.expect_navigation():
            page.locator("header form.site-search button[type='submit']").click()
        expect(page.locator("main h3 a[href='/representatives/1/']")).to_be_visible()
    finally:
        context.close()
