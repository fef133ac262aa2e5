"""The organization's monthly report shows the treasury's money in and out of the month,
with the transparency page's small-cell rule, on the page and in the PDF, frozen when the
report is published; a representative's report has no money section."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.reports import pdf
from jisr.reports import services as reports
from jisr.treasury import selectors, services
from jisr.treasury.models import Method
from jisr.treasury.money import format_minor

from ..reports.world import World
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
OCTOBER = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
DONOR = "Fictional Reportdonor"


def _gift(campaign, gross, day):
    return services.contribution_record(
        actor=None,
        campaign=campaign,
        method=Method.CASH,
        currency=campaign.currency,
        gross=gross,
        name=DONOR,
        display="name",
        attested=True,
        received_on=day,
    )


@pytest.fixture
def money():
    campaign = CampaignFactory(title="حملة المدارس", title_en="Schools campaign")
    for n in range(6):
        _gift(campaign, 1000 + n * 100, datetime.date(2026, 11, 3 + n))
    for n in range(7):
        _gift(campaign, 3000 + n, datetime.date(2026, 9, 9))
    services.transfer_to_centre(
        actor=None,
        campaign=campaign,
        currency="USD",
        amount=1234,
        transferred_on=datetime.date(2026, 11, 20),
    )
    return campaign


def _report(organizer, period, person=None):
    return reports.report_create(actor=organizer, person=person, start=period[0], end=period[1])


def _page(client, report) -> str:
    client.cookies["jisr_language"] = "en"  # the test reads the English page
    with translation.override("en"):
        response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_organizations_report_shows_the_months_money(client, organizer, money):
    report = reports.report_publish(actor=organizer, report=_report(organizer, NOVEMBER))
    text = _page(client, report)
    assert "Money in and out" in text
    assert format_minor(sum(1000 + n * 100 for n in range(6)), "USD") in text  # 75.00 USD
    assert format_minor(1234, "USD") in text  # sent to the centre
    assert DONOR.split()[1] not in text  # a donor who chose to be named is still not here


def test_a_month_of_fewer_than_five_gifts_hides_its_income_as_the_page_does(
    client, organizer, money
):
    for n in range(2):
        _gift(money, 2000 + n, datetime.date(2026, 10, 9))
    october = reports.report_publish(actor=organizer, report=_report(organizer, OCTOBER))
    text = _page(client, october)
    assert "fewer than 5 gifts: not shown" in text
    assert format_minor(2000 + 2001, "USD") not in text
    # October alone is hidden, so the smallest other month (November, 6 gifts) is hidden
    # with it, or the year's total minus the rest would give October away.
    page = selectors.transparency()
    assert [line.shown for line in page.months] == [False, False, True]  # Nov, Oct, Sep
    november = reports.report_publish(actor=organizer, report=_report(organizer, NOVEMBER))
    assert "fewer than 5 gifts: not shown" in _page(client, november)
    assert format_minor(7500, "USD") not in _page(client, november)


def test_the_published_report_keeps_its_figures(client, organizer, money):
    report = reports.report_publish(actor=organizer, report=_report(organizer, NOVEMBER))
    _gift(money, 99_900, datetime.date(2026, 11, 28))
    text = _page(client, report)
    assert format_minor(sum(1000 + n * 100 for n in range(6)), "USD") in text
    assert format_minor(99_900 + sum(1000 + n * 100 for n in range(6)), "USD") not in text


def test_a_representatives_report_and_a_month_without_money_have_no_section(
    client, member, organizer, money
):
    world = World(member, organizer)
    on_person = reports.report_publish(
        actor=organizer, report=_report(organizer, NOVEMBER, person=world.person)
    )
    assert "Money in and out" not in _page(client, on_person)
    march = reports.report_publish(
        actor=organizer,
        report=_report(organizer, (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))),
    )
    assert "Money in and out" not in _page(client, march)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_pdf_shows_the_money_section(organizer, money, tmp_path, language):
    report = reports.report_publish(actor=organizer, report=_report(organizer, NOVEMBER))
    with translation.override(language):
        try:
            content = pdf.report_pdf(report)
        except OSError:
            pytest.skip("WeasyPrint has no Pango on this machine")
        heading = translation.gettext("Money in and out")
    path = tmp_path / f"report-{language}.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "75.00" in text and "12.34" in text
    if language == "en":
        assert heading in text
