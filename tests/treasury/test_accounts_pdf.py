"""The annual summary PDF, read as a person reads it: page 1 rasterized and read back by OCR
in Arabic and in English (the reports' PDF check, tests/reports/test_pdf_ocr.py), and its
text layer holds the year's figures to the cent."""

import datetime
import re
import subprocess

import pytest
from django.utils import translation
from django.utils.dateformat import format as date_format

from jisr.treasury import annual, services
from jisr.treasury.models import Method

from ..reports.test_pdf_ocr import (  # noqa: F401 -- ocr_tools is a fixture
    MATCH,
    best_match,
    normalize,
    ocr_tools,
    page_one,
    pieces_in_script,
)
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
HEADINGS = ["Totals of the year", "By month", "By campaign"]
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def year():
    campaign = CampaignFactory(title="حملة المدارس", title_en="Schools campaign")
    for n in range(3):
        services.contribution_record(
            actor=None,
            campaign=campaign,
            method=Method.CASH,
            currency="USD",
            gross=12_345 + n,
            fee=45,
            name="Fictional Summary-Donor",
            attested=True,
            received_on=datetime.date(YEAR, 2 + n, 10),
        )
    services.transfer_to_centre(
        actor=None,
        campaign=campaign,
        currency="USD",
        amount=5_000,
        transferred_on=datetime.date(YEAR, 6, 1),
    )
    return campaign


@pytest.mark.usefixtures("ocr_tools")
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_summary_pdf_reads_back_by_ocr(year, tmp_path, language):
    try:
        content = annual.summary_pdf(YEAR, language)
    except OSError:
        pytest.skip("WeasyPrint has no Pango on this machine")
    with translation.override(language):
        title = translation.gettext("Annual accounts %(year)s") % {"year": YEAR}
        headings = [title, *(translation.gettext(h) for h in HEADINGS)]
        february = date_format(datetime.date(YEAR, 2, 1), "F Y")
    if language == "ar":
        # Until the lead compiles the catalogs, new headings are still English here, and
        # Arabic OCR does not read Latin: judge the Arabic ones, the campaign and a month.
        headings = [h for h in headings if ARABIC.search(h)]
        expected = [*headings, "حملة المدارس", february]
    else:
        expected = [*headings, "Schools campaign", february]
    layer, ocr = page_one(content, tmp_path, language)
    read = normalize(ocr)
    for heading in headings:
        assert normalize(heading) in normalize(layer), heading
    scores = {
        piece: best_match(normalize(piece), read)
        for heading in expected
        for piece in pieces_in_script(heading, language)
    }
    unreadable = {h: round(s, 2) for h, s in scores.items() if s < MATCH}
    assert not unreadable, f"{language}: OCR cannot read {unreadable}\nOCR read:\n{ocr}"
    # The year's income, to the cent, and the transfer to the centre.
    assert "370.38" in layer  # 123.45 + 123.46 + 123.47
    assert "50.00" in layer
    assert "Fictional" not in layer and "Summary-Donor" not in layer


@pytest.mark.usefixtures("ocr_tools")
def test_the_summary_pdf_carries_the_slices_sha256(year, tmp_path):
    content = annual.summary_pdf(YEAR, "en")
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert annual.summary(YEAR).sha256 in "".join(text.split())
