"""The election pages in headless Chromium: both languages, desktop and a 360 px phone, no
console error (so no Content-Security-Policy violation), no sideways scrolling."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from jisr.elections import demo as demo_elections
from jisr.elections.models import Candidate, Election, Seat
from jisr.parliament import demo as demo_parliament

from .test_browser import check_and_shoot, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_election_pages_in_both_languages_on_desktop_and_phone(
    page: Page, live_server, browser_problems, screenshots_dir
):
    base = live_server.url
    demo_parliament.load(io.StringIO())
    demo_elections.load(io.StringIO())
    election = Election.objects.get()
    place = election.constituencies.get(code="iq-bg")
    elected = Seat.objects.filter(run=election.current_run, constituency=place).first()
    candidate = Candidate.objects.get(pk=elected.candidate_id)

    def pages(language: str) -> None:
        page.goto(f"{base}/elections/")
        check_and_shoot(page, "elections", language, screenshots_dir)
        page.goto(f"{base}/elections/{election.pk}/")
        expect(page.locator("svg.hemicycle")).to_be_visible()
        check_and_shoot(page, "election", language, screenshots_dir)
        page.goto(f"{base}/elections/{election.pk}/constituencies/{place.pk}/")
        expect(page.locator("tr.cutoff")).to_have_count(1)
        check_and_shoot(page, "election-constituency", language, screenshots_dir)
        page.goto(f"{base}/elections/{election.pk}/lists/{candidate.electoral_list_id}/")
        check_and_shoot(page, "election-list", language, screenshots_dir)
        page.goto(f"{base}/elections/{election.pk}/candidates/{candidate.pk}/")
        check_and_shoot(page, "election-candidate", language, screenshots_dir)
        page.goto(f"{base}/elections/{election.pk}/check/")
        check_and_shoot(page, "election-check", language, screenshots_dir)

    pages("ar")
    page.goto(f"{base}/")
    switch_language(page, "en")
    pages("en")
    browser_problems.assert_none()
