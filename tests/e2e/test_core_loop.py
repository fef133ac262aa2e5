"""The core loop in a real browser, reached only by clicking.

Everyone starts on the home page or at a link taken from an e-mail the site sent (the
outbox), and from there only clicks what the pages offer, found by the names the catalogs
give them in the run's language: a member signs up and confirms, writes a proposal in
Arabic and is shown the similar one first; a new moderator sets up two-factor
authentication from the prompt and publishes it; a second member supports it (only a
published proposal can be supported), which makes it ready; an organizer delivers
it to two representatives; one office answers through the signed link of the delivery
e-mail, the other through its inbox; the organizer adds a milestone and an outcome; the
author gets the news by e-mail; the organizer publishes a monthly report after its
confirmation page, and its PDF reads back by OCR. Also a visitor's double opt-in.

The whole loop runs in Arabic on a 360 px phone; the key steps run again in English on a
1280 px desktop. Screenshots of every step go to the test's temporary folder.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from jisr.accounts.roles import Role
from jisr.parliament.models import ContactDetail
from jisr.proposals import services as proposals
from jisr.proposals.models import OfficeAccount, Proposal
from jisr.proposals.states import Status
from jisr.reports import digests
from jisr.reports.models import DigestRun, Frequency, MonthlyReport, Subscription

from ..accounts.factories import PASSWORD, UserFactory
from ..parliament.conftest import Parliament
from ..reports.test_pdf_ocr import best_match, normalize, ocr_tools, page_one  # noqa: F401
from .journey import Journey, link_in_mail, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOPIC = {"ar": "الخدمات", "en": "Services"}
EXISTING_TITLE = "تسهيل تجديد جوازات السفر"
TITLE = "تسهيل تجديد جوازات السفر للطلاب في البصرة"
BODY = (
    "نقترح فتح مواعيد مسائية لتجديد جوازات السفر للطلاب في البصرة، "
    "لأن المواعيد الصباحية تتعارض مع الدوام الدراسي."
)
ANSWER_BY_LINK = "سنطرح المقترح على وزارة الداخلية في الجلسة القادمة."
ANSWER_IN_INBOX = "نؤيد المقترح وسنتابعه مع مديرية الجوازات."
MILESTONE = "وافقت مديرية الجوازات على فتح مواعيد مسائية تجريبية."


class World:
    """What exists before the journey: a parliament, a topic, a published proposal like the
    one the member will write, and the staff and offices (accounts are created by the
    technical admin, not in the journey)."""

    def __init__(self, settings, site_url: str):
        settings.JISR_SITE_URL = site_url  # the address the e-mails' links start with
        settings.JISR_PROPOSALS_PREMODERATION = True
        settings.JISR_SUPPORT_THRESHOLD = 1  # one support makes it ready for delivery
        self.parliament = Parliament()
        self.by_link, self.by_inbox = self.parliament.members[:2]
        ContactDetail.objects.create(
            person=self.by_link, kind="email", value="office.ali@example.org"
        )
        self.topic = proposals.topic_save(
            actor="system:test", name=TOPIC["ar"], name_en=TOPIC["en"]
        )
        earlier = UserFactory()
        existing = proposals.proposal_save_draft(
            actor=earlier,
            title=EXISTING_TITLE,
            topic=self.topic,
            body="نقترح مواعيد مسائية لتجديد جوازات السفر.",
        )
        proposals.proposal_submit(actor=earlier, proposal=existing)
        self.supporter = UserFactory(email="supporter@example.org", display_name="سعاد")
        self.moderator = UserFactory(email="moderator@example.org", roles=[Role.MODERATOR])
        self.organizer = UserFactory(email="organizer@example.org", roles=[Role.ORGANIZER])
        self.organizer_secret = generate_totp_secret()
        TOTP.activate(self.organizer, self.organizer_secret)
        # The earlier proposal was published by a moderator who has left.
        veteran = UserFactory(roles=[Role.MODERATOR])
        TOTP.activate(veteran, generate_totp_secret())
        proposals.proposal_moderate(actor=veteran, proposal=existing, target=Status.PUBLISHED)
        self.office = UserFactory(
            email="office.maryam@example.org", roles=[Role.REPRESENTATIVE_OFFICE]
        )
        OfficeAccount.objects.create(user=self.office, representative=self.by_inbox)


@pytest.fixture
def world(settings, live_server):
    return World(settings, live_server.url)


@pytest.fixture
def journey(request, browser, live_server, browser_problems, tmp_path):
    language, width = request.param
    run = Journey(
        browser, live_server.url, browser_problems, language=language, width=width, folder=tmp_path
    )
    yield run
    run.close()
    print(
        f"\n{language} at {width} px: {sum(run.steps.values())} steps {dict(run.steps)}, "
        f"screenshots in {run.folder}"
    )


# --- The parts of the loop, one per role and moment ------------------------------------------


def sign_up_and_confirm(journey: Journey, email: str, name: str):
    author = journey.person("member")
    author.open_home()
    author.header_link("Sign up", "sign-up")
    author.page.locator("main input[name='email']").fill(email)
    author.page.locator("main input[name='display_name']").fill(name)
    author.page.locator("main input[name='password1']").fill(PASSWORD)
    author.page.locator("main input[name='password2']").fill(PASSWORD)
    author.button("Sign up", "check-your-mail")
    author.open_mail_link(
        link_in_mail(email, r"https?://\S+/accounts/confirm-email/\S+/"), "confirm-email"
    )
    author.button("Confirm", "confirmed")
    return author


def write_a_proposal(author, journey: Journey) -> Proposal:
    author.header_link("Proposals", "proposals")
    author.link("New proposal", "new-proposal", within="main nav")
    author.fill("Title", TITLE)
    author.fill("Your proposal", BODY)
    author.choose("Topic", TOPIC[journey.language])
    author.button("Submit", "is-it-already-proposed")
    # The "is it already proposed?" step: the published proposal that looks the same.
    expect(author.page.locator("h1")).to_have_text(journey.t("Is it already proposed?"))
    author.expect_text(EXISTING_TITLE)
    author.button("Submit mine anyway", "submitted")
    author.expect_text(TITLE)
    return Proposal.objects.get(title=TITLE)


def set_up_two_factor_and_publish(journey: Journey, world: World) -> None:
    moderator = journey.person("moderator")
    moderator.open_home()
    moderator.sign_in(world.moderator.email, PASSWORD)
    # A staff member without two-factor authentication is prompted to set it up.
    moderator.header_link("Staff", "staff-prompt")
    if moderator.page.locator("main input[name='password']").count():  # asked again first
        moderator.page.locator("main input[name='password']").fill(PASSWORD)
        moderator.button("Confirm", "reauthenticated")
    secret = moderator.page.locator("#totp-secret").inner_text().strip()
    moderator.page.locator("main input[name='code']").fill(totp_code(secret))
    moderator.button("Turn on two-factor authentication", "two-factor-on")
    moderator.link("I have kept the codes: continue", "recovery-codes-done")
    moderator.link("Moderation queue", "moderation-queue")
    moderator.link_text(TITLE, "proposal-to-moderate")
    moderator.page.get_by_role("radio", name=moderator.t("Approve and publish")).check()
    moderator.button("Record the decision", "published")


def support(journey: Journey, world: World) -> None:
    supporter = journey.person("second-member")
    supporter.open_home()
    supporter.sign_in(world.supporter.email, PASSWORD)
    supporter.header_link("Proposals", "proposals")
    supporter.link_text(TITLE, "proposal")
    supporter.button("Support this proposal", "supported")


def deliver(journey: Journey, world: World):
    organizer = journey.person("organizer")
    organizer.open_home()
    organizer.sign_in(world.organizer.email, PASSWORD, secret=world.organizer_secret)
    organizer.header_link("Staff", "staff-home")
    organizer.link("Proposals dashboard", "proposals-dashboard")
    organizer.link_text(TITLE, "proposal")
    organizer.link("Deliver", "deliver", exact=True)
    for person in (world.by_link, world.by_inbox):
        organizer.page.locator("main").get_by_label(person.name).first.check()
    organizer.field("E-mail the office a link to answer").check()
    organizer.button("Record the delivery", "delivered")
    return organizer


def answer_by_link(journey: Journey) -> None:
    office = journey.person("office-by-link")
    office.open_mail_link(
        link_in_mail("office.ali@example.org", r"https?://\S+/proposals/answer/\S+/"),
        "answer-link",
    )
    office.expect_text(TITLE)
    office.fill("The representative's answer", ANSWER_BY_LINK)
    office.button("Send the answer", "answered")


def answer_in_inbox(journey: Journey, world: World) -> None:
    office = journey.person("office-inbox")
    office.open_home()
    office.sign_in(world.office.email, PASSWORD)
    office.header_link("Office inbox", "inbox")
    waiting = office.page.locator("main article").filter(has_text=TITLE)
    office.fill("The representative's answer", ANSWER_IN_INBOX, within=waiting)
    office.button("Send the answer", "answered", within=waiting)


def follow_up(organizer) -> None:
    organizer.page.reload()
    organizer.link("Milestones", "milestones", exact=True)
    organizer.fill("What happened", MILESTONE)
    organizer.fill("Progress (%)", "40")
    organizer.button("Add", "milestone-added")
    organizer.link("Status and outcome", "outcome", exact=True)
    organizer.choose("New status", organizer.t("In progress"))
    organizer.button("Change", "in-progress")


def author_reads_the_news(author, email: str) -> None:
    # The worker sends members their notices by e-mail ("immediately" unless they chose
    # otherwise): one run over the journey's last hour, as its tick would plan it.
    now = timezone.now()
    run = DigestRun.objects.create(
        frequency=Frequency.IMMEDIATELY, period_start=now - timedelta(hours=1), period_end=now
    )
    digests.build(run.pk)
    author.open_mail_link(link_in_mail(email, r"https?://\S+/proposals/\d+/\S*"), "news")
    author.expect_text(MILESTONE)
    author.expect_text(author.t("In progress"))


def publish_a_report(journey: Journey, organizer, tmp_path) -> str:
    """The organizer prepares this month's report, confirms on its preview page, and the
    published PDF's first page reads back by OCR. Returns the report's title."""
    organizer.header_link("Staff", "staff-home")
    organizer.link("Monthly reports", "reports")
    organizer.link("Prepare a report", "new-report")
    today = timezone.localdate()
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩" if journey.language == "ar" else "0123456789")
    organizer.fill("Year", str(today.year).translate(digits))
    organizer.fill("Month", str(today.month).translate(digits))
    organizer.button("Create the draft", "report-draft")
    organizer.link("Publish…", "publish-preview")
    organizer.expect_text(TITLE)  # the preview shows the month's deliveries and answers
    # The confirmation step previews the report and publishes nothing yet.
    assert not MonthlyReport.objects.filter(status=MonthlyReport.Status.PUBLISHED).exists()
    organizer.button("Yes, publish this report", "report-published")
    title = organizer.page.locator("main h1").first.inner_text().strip()
    pdf = organizer.page.locator("main").get_by_role("link", name=organizer.t("Download the PDF"))
    # Drawing the PDF takes seconds (WeasyPrint), more on a busy machine.
    response = organizer.page.request.get(
        journey.base_url + pdf.get_attribute("href"), timeout=60_000
    )
    assert response.ok and response.headers["content-type"] == "application/pdf"
    _layer, ocr = page_one(response.body(), tmp_path, journey.language)
    assert best_match(normalize(title), normalize(ocr)) >= 0.8, (title, ocr)
    return title


def subscribe(journey: Journey, email: str) -> None:
    """A visitor follows the monthly report by e-mail: the form, then the link in the
    confirmation e-mail (double opt-in)."""
    visitor = journey.person("subscriber")
    visitor.open_home()
    visitor.header_link("Reports", "reports")
    visitor.link("Subscribe", "subscribe", exact=True)
    visitor.choose("What to follow", visitor.t("The organization's monthly report"))
    visitor.fill("Your e-mail address", email)
    visitor.field(
        "I agree to receive these e-mails at the chosen frequency. I can stop them "
        "at any time with one click, from any of them."
    ).check()
    visitor.button("Send me the confirmation link", "check-your-mail")
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()
    link = link_in_mail(email, r"https?://\S+/reports/subscribe/confirm/\S+/")
    visitor.open_mail_link(link, "confirm")
    visitor.button("Yes, confirm", "subscribed")
    assert Subscription.objects.filter(subscriber__email=email, confirmed_at__isnull=False)


# --- The journeys ------------------------------------------------------------------------------


@pytest.mark.parametrize("journey", [("ar", 360)], indirect=True, ids=["ar-360"])
@pytest.mark.usefixtures("ocr_tools")
def test_the_whole_loop_in_arabic_on_a_phone(journey, world, browser_problems, tmp_path):
    author = sign_up_and_confirm(journey, "layla@example.org", "ليلى")
    write_a_proposal(author, journey)
    set_up_two_factor_and_publish(journey, world)
    support(journey, world)
    organizer = deliver(journey, world)
    answer_by_link(journey)
    answer_in_inbox(journey, world)
    follow_up(organizer)
    author_reads_the_news(author, "layla@example.org")
    publish_a_report(journey, organizer, tmp_path)
    subscribe(journey, "reader@example.org")
    browser_problems.assert_none()


@pytest.mark.parametrize("journey", [("en", 1280)], indirect=True, ids=["en-1280"])
@pytest.mark.usefixtures("ocr_tools")
def test_the_key_steps_in_english_on_a_desktop(journey, world, browser_problems, tmp_path):
    """The same people in English, on a wide screen: everything but the office inbox, the
    follow-up and the subscription, which the Arabic run covers."""
    author = sign_up_and_confirm(journey, "layla@example.org", "Layla")
    write_a_proposal(author, journey)
    set_up_two_factor_and_publish(journey, world)
    support(journey, world)
    organizer = deliver(journey, world)
    answer_by_link(journey)
    publish_a_report(journey, organizer, tmp_path)
    browser_problems.assert_none()
