"""A member finds the representatives to address among many, with and without JavaScript,
by clicking: the Find box narrows the list (the server does it when there is no
JavaScript), namesakes are told apart by party and governorate, and what was typed in the
rest of the form is kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jisr.proposals import services as proposals
from jisr.proposals.models import Proposal

from ..accounts.factories import PASSWORD, UserFactory
from ..parliament.conftest import Parliament
from .journey import Journey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = {"ar": "إنارة شوارع حي الجامعة", "en": "Street lights for the university quarter"}
BODY = "نقترح إنارة الشوارع المظلمة قرب الجامعة لأن الطلاب يعودون ليلاً."
OTHERS = [
    "زينب عادل",
    "حسين ماجد",
    "كريم فاضل",
    "هدى سلمان",
    "يوسف ناصر",
    "رنا عباس",
    "عمر طارق",
    "سلمى رعد",
    "باسم خليل",
    "ليلى جميل",
    "مصطفى وليد",
]


class World:
    """Sixteen representatives, two of them called «علي حسن», one in each party."""

    def __init__(self):
        self.parliament = Parliament()  # «علي حسن» of party أ among its four
        for name in OTHERS:
            self.parliament.add_member(name, self.parliament.party)
        self.namesake = self.parliament.add_member(
            "علي حسن", self.parliament.other_party, allow_same_name=True
        )
        self.topic = proposals.topic_save(actor="system:test", name="الخدمات", name_en="Services")
        self.email = "member@example.org"
        UserFactory(email=self.email)


@pytest.fixture
def world(live_server):
    return World()


def _start_a_proposal(member, world: World, language: str) -> None:
    member.open_home()
    member.sign_in(world.email, PASSWORD)
    member.header_link("Proposals", "proposals")
    member.link("New proposal", "new-proposal", within="main nav")
    member.fill("Title", TITLE[language])
    member.fill("Your proposal", BODY)
    member.choose("Topic", world.topic.name if language == "ar" else "Services")


def _options(member):
    fieldset = member.page.locator("main fieldset").filter(has=member.page.locator("#id_targets"))
    return fieldset.locator("#id_targets label:visible")


def _submit_to_the_namesake(member, world: World, language: str) -> None:
    party = world.parliament.other_party.name
    member.page.locator("#id_targets label").filter(has_text=party).filter(
        has_text="علي حسن"
    ).click()
    member.button("Submit", "submitted")
    member.expect_text(TITLE[language])
    proposal = Proposal.objects.get(title=TITLE[language])
    assert list(proposal.targets.all()) == [world.namesake]


@pytest.mark.parametrize("language,width", [("ar", 360), ("en", 1280)])
def test_find_without_javascript_is_done_by_the_server(
    world, browser, live_server, browser_problems, tmp_path, language, width
):
    journey = Journey(
        browser, live_server.url, browser_problems, language=language, width=width, folder=tmp_path
    )
    member = journey.person("member", javascript=False)
    _start_a_proposal(member, world, language)
    expect(_options(member)).to_have_count(16)
    member.fill("Find in this list", "علي")
    member.button("Find", "found")
    # The namesakes, told apart; everything typed is still there; nothing was saved.
    labels = _options(member)
    expect(labels).to_have_count(2)
    expect(labels.filter(has_text=world.parliament.party.name)).to_have_count(1)
    expect(labels.filter(has_text=world.parliament.other_party.name)).to_have_count(1)
    expect(member.field("Title")).to_have_value(TITLE[language])
    expect(member.page.locator(".error-summary")).to_have_count(0)
    assert not Proposal.objects.filter(title=TITLE[language]).exists()
    _submit_to_the_namesake(member, world, language)
    journey.close()
    browser_problems.assert_none()


def test_find_with_javascript_narrows_as_one_types(
    world, browser, live_server, browser_problems, tmp_path
):
    journey = Journey(
        browser, live_server.url, browser_problems, language="ar", width=360, folder=tmp_path
    )
    member = journey.person("member")
    _start_a_proposal(member, world, "ar")
    expect(member.page.locator("[data-find-button]")).to_have_count(0)  # nothing to press
    member.field("Find in this list").type("عل")
    expect(_options(member)).to_have_count(2)
    member.field("Find in this list").press("Enter")  # stays on the page
    member.field("Find in this list").fill("")
    member.field("Find in this list").type("حسن")
    expect(_options(member)).to_have_count(2)
    member.step("narrowed")
    _submit_to_the_namesake(member, world, "ar")
    journey.close()
    browser_problems.assert_none()
