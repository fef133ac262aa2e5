"""The monthly report's PDF, read as a person reads it: page 1 rasterized (pdftoppm) and read
back by OCR (tesseract), in Arabic and in English.

The text layer (pdftotext) can be right while the picture is wrong: with Debian's
fonts-noto-core installed, the bundled fonts' old family names ("Noto Naskh Arabic", "Noto
Sans Arabic") let the system's fonts of the same names stand in for some weights, and every
bold heading and digit of the Arabic PDF was drawn with the wrong glyphs.

Needs poppler-utils, tesseract-ocr and tesseract-ocr-ara (and fonts-noto-core on the machine
to prove the names do not collide). Skipped, saying why, when the tools are missing, except
where JISR_OCR_TESTS=required (CI): then a missing tool fails.
"""

import difflib
import html
import os
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.utils import translation

from jisr.reports import pdf, services

from .world import MARCH, World

pytestmark = pytest.mark.django_db

ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
MATCH = 0.8


def _required() -> bool:
    return os.environ.get("JISR_OCR_TESTS", "").strip().lower() == "required"


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("pdftoppm", "pdftotext", "tesseract") if not shutil.which(tool)]
    if "tesseract" not in missing:
        languages = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True
        ).stdout.split()
        missing += [f"tesseract-ocr-{code}" for code in ("ara", "eng") if code not in languages]
    return missing


@pytest.fixture
def ocr_tools():
    missing = _missing_tools()
    if missing:
        message = (
            f"OCR of the PDF needs {', '.join(missing)} "
            "(apt-get install poppler-utils tesseract-ocr tesseract-ocr-ara)"
        )
        if _required():
            pytest.fail(f"JISR_OCR_TESTS=required: {message}", pytrace=False)
        pytest.skip(message)
    if _required() and not shutil.which("fc-list"):
        pytest.fail("JISR_OCR_TESTS=required: fc-list (fontconfig) is missing", pytrace=False)
    if _required():
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True)
        # The fault only shows where the system has Noto fonts of the old names.
        assert "Noto Naskh Arabic" in families.stdout, (
            "JISR_OCR_TESTS=required: install fonts-noto-core, so that this test proves the "
            "PDF's fonts cannot be replaced by the system's"
        )


def normalize(text: str) -> str:
    """Fold what OCR cannot be expected to see: diacritics, tatweel, spacing, case,
    presentation forms and bidi marks."""
    text = unicodedata.normalize("NFKC", text)
    text = ARABIC_MARKS.sub("", text)
    return "".join(c for c in text.casefold() if c.isalnum())


def pieces_in_script(heading: str, language: str) -> list[str]:
    """The parts of ``heading`` the OCR language can read: in English, the Latin runs
    around an Arabic name (tesseract's English model does not read Arabic script)."""
    if language == "ar":
        return [heading]
    return [piece for piece in re.split(r"[\u0600-\u06ff]+", heading) if len(normalize(piece)) >= 3]


def best_match(heading: str, text: str) -> float:
    """The best difflib ratio of ``heading`` against any stretch of ``text`` near its
    length (both normalized)."""
    size = len(heading)
    best = 0.0
    for length in range(max(1, size - 3), size + 4):
        for start in range(0, max(1, len(text) - length + 1)):
            matcher = difflib.SequenceMatcher(None, heading, text[start : start + length])
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
    return best


def page_one(content: bytes, tmp_path, language: str) -> tuple[str, str]:
    """Return (text layer, OCR) of the PDF's first page."""
    path = tmp_path / f"report-{language}.pdf"
    path.write_bytes(content)
    layer = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    prefix = tmp_path / f"page-{language}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    ocr = subprocess.run(
        ["tesseract", f"{prefix}.png", "-", "-l", {"ar": "ara", "en": "eng"}[language]],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return layer, ocr


HEADINGS = ["In figures", "Activities by type", "Votes", "Attendance", "Bills and questions"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_headings_of_page_one_read_back_by_ocr(
    ocr_tools, member, organizer, tmp_path, language
):
    world = World(member, organizer)
    report = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    report = services.report_publish(actor=organizer, report=report)
    with translation.override(language):
        content = pdf.report_pdf(report)
        title = html.unescape(pdf.render_html(report).split("<h1>", 1)[1].split("</h1>", 1)[0])
        headings = [translation.gettext(h) for h in HEADINGS]
    layer, ocr = page_one(content, tmp_path, language)
    layer, read = normalize(layer), normalize(ocr)
    # The headings page 1 holds, by its text layer (right even when the glyphs are wrong).
    expected = [title] + [h for h in headings if normalize(h) in layer]
    assert len(expected) >= 3, f"page 1 holds too few headings to judge: {expected}"
    scores = {
        piece: best_match(normalize(piece), read)
        for heading in expected
        for piece in pieces_in_script(heading, language)
    }
    unreadable = {heading: round(score, 2) for heading, score in scores.items() if score < MATCH}
    assert not unreadable, (
        f"headings of the {language} PDF that OCR cannot read back (best ratio < {MATCH}): "
        f"{unreadable}\nOCR read:\n{ocr}"
    )
