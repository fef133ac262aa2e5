"""A published statement's PDF read back as a person reads it: page 1 rasterized and read by
OCR (the reports' tools, ``tests/reports/test_pdf_ocr.py``) in Arabic and English; its text
layer has the frozen text, the listed organizations and the count of the unnamed."""

import pytest
from django.utils import translation

from jisr.coalition.services import statements as services
from jisr.coalition.statement_pdf import statement_pdf

from ..reports.test_pdf_ocr import best_match, normalize, ocr_tools, page_one  # noqa: F401
from .factories import DelegateFactory
from .statement_factories import open_statement

pytestmark = pytest.mark.django_db

TEXT = "نطالب بتمكين المواطنين المقيمين في الخارج من التصويت في جميع الانتخابات"
TEXT_EN = "We call for citizens living abroad to be able to vote in every election"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_statement_pdf_reads_back_by_ocr(ocr_tools, organizer, tmp_path, language):  # noqa: F811
    statement = open_statement(
        organizer,
        threshold=1,
        title="بيان حق التصويت",
        title_en="The right to vote",
        text=TEXT,
        text_en=TEXT_EN,
    )
    services.statement_sign_organization(
        delegate=DelegateFactory(
            organization__name="جمعية الجسر الثقافية", organization__name_en="Bridge Association"
        ),
        statement=statement,
        listed=True,
    )
    services.statement_sign_organization(
        delegate=DelegateFactory(), statement=statement, listed=False
    )
    statement = services.statement_publish(actor=organizer, statement=statement)
    with translation.override(language):
        content = statement_pdf(statement)
        unnamed = translation.ngettext(
            "and %(counter)s organization that signed without being named",
            "and %(counter)s organizations that signed without being named",
            1,
        ) % {"counter": 1}
    assert content.startswith(b"%PDF")
    (tmp_path / f"statement-{language}.pdf").write_bytes(content)
    layer, ocr = page_one(content, tmp_path, language)
    # The text layer: both texts, the hash, the listed organization, the unnamed counted.
    flat = " ".join(layer.split())
    assert normalize(TEXT) in normalize(layer)
    assert normalize(TEXT_EN) in normalize(layer)
    assert statement.sha256 in flat
    assert ("Bridge Association" if language == "en" else "جمعية الجسر الثقافية") in flat
    assert normalize(unnamed) in normalize(layer)
    # OCR of the picture reads the text in the page's script.
    expected = TEXT if language == "ar" else TEXT_EN
    score = best_match(normalize(expected), normalize(ocr))
    assert score >= 0.8, f"OCR could not read the {language} text (ratio {score:.2f}):\n{ocr}"
