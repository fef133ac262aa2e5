"""The share cards' drawing (``campaigns/card_drawing.py``, no database): size, shaping,
glyph coverage, the content hash, and the start-up check for raqm."""

import io
import os
import shutil
import subprocess
import unicodedata

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from jisr.campaigns import card_checks, card_drawing
from jisr.campaigns.card_drawing import (
    BOLD,
    Card,
    Figure,
    MissingGlyphs,
    check,
    drawable,
    missing_glyphs,
    png,
)

LONG_AR = (
    "إعادة فتح مكتب الجوازات في القنصلية العامة لتسهيل معاملات الجالية (٢٠٢٦) وتقليل أوقات "
    "الانتظار الطويلة التي يعاني منها المراجعون كل أسبوع — ١٠٠٪ من الطلبات"
)


def _card(**changes) -> Card:
    fields = {
        "language": "ar",
        "site": "جسر",
        "kicker": "مقترح",
        "title": LONG_AR,
        "figures": (Figure("1,234", "مؤيدًا"),),
        "footer": "jisr.example.org",
    }
    return Card(**{**fields, **changes})


@pytest.mark.parametrize(
    "card",
    [
        _card(),
        _card(language="en", title="Reopen the passport office (100% needed) — " * 6),
        _card(
            figures=(Figure("\u20661,250.00 USD\u2069", "من هدف"), Figure("87", "تبرعًا")),
            progress=40,
        ),
        _card(figures=(), lines=("الجمعة 13 تشرين الثاني 2026", "ستوكهولم")),
    ],
    ids=["arabic", "english", "progress", "event"],
)
def test_a_card_is_a_1200_by_630_png_under_300_kb(card):
    data = png(card)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(data) < 300 * 1024, f"{len(data) // 1024} KB"


def test_the_font_has_every_character_a_card_writes():
    text = (
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأؤإئىة ًٌٍَُِّْ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ، ؛ ؟ ٪ "
        "پچژگکی ڕڵێۆ ABCXYZ abcxyz 0123456789 ( ) % — – « » . , : ; ! ? ' \" / & @ # € é ö"
    )
    assert missing_glyphs(text) == []


def test_a_character_without_a_glyph_is_refused_or_dropped():
    title = "مقترح 🙂 جديد 漢"
    assert missing_glyphs(title) == ["🙂", "漢"]
    with pytest.raises(MissingGlyphs) as refused:
        check(_card(title=title))
    assert "U+1F642" in str(refused.value) and "U+6F22" in str(refused.value)
    with pytest.raises(MissingGlyphs):
        png(_card(title=title))
    assert drawable(title) == "مقترح جديد"
    # Compatibility forms are folded to letters the font has rather than dropped.
    assert drawable("ＡＢＣ") == "ABC"


def test_the_address_changes_with_what_the_card_shows():
    card = _card()
    assert card.digest() == _card().digest()
    assert card.digest() != _card(figures=(Figure("1,235", "مؤيدًا"),)).digest()
    assert card.digest() != _card(language="en").digest()
    assert card.digest() != _card(title=LONG_AR + ".").digest()


def _draw(word: str, layout) -> Image.Image:
    font = ImageFont.truetype(str(BOLD), 64, layout_engine=layout)
    image = Image.new("L", (700, 120), 255)
    ImageDraw.Draw(image).text((20, 20), word, font=font, fill=0)
    return image


def test_arabic_is_shaped_with_raqm():
    """The same word drawn by raqm and by Pillow's basic layout differ (joined forms and
    HarfBuzz's positioning); the OCR test below proves raqm's drawing reads as Arabic."""
    word = "الجالية"
    raqm = _draw(word, ImageFont.Layout.RAQM)
    assert ImageChops.invert(raqm).getbbox() is not None  # something was drawn
    assert ImageChops.difference(raqm, _draw(word, ImageFont.Layout.BASIC)).getbbox()


def _ocr_missing() -> str:
    if not shutil.which("tesseract"):
        return "tesseract"
    languages = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "" if "ara" in languages.stdout.split() else "tesseract-ocr-ara"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c.isalnum())


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_card_reads_back_by_ocr(language, tmp_path):
    missing = _ocr_missing()
    if missing:
        message = f"OCR of the card needs {missing} (apt-get install tesseract-ocr-ara)"
        if os.environ.get("JISR_OCR_TESTS", "").strip().lower() == "required":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    title = {"ar": "تسهيل تجديد جوازات السفر", "en": "Easier passport renewals"}[language]
    card = _card(language=language, title=title, kicker="", figures=())
    path = tmp_path / "card.png"
    path.write_bytes(png(card))
    read = subprocess.run(
        ["tesseract", str(path), "-", "-l", {"ar": "ara", "en": "eng"}[language]],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    # Each word of the title, shaped and in order, is read back: unjoined or reversed
    # letters are not Arabic words to tesseract.
    assert _fold(title) in _fold(read), read


def test_the_system_check_fails_without_raqm(monkeypatch):
    assert card_checks.raqm_installed() == []
    monkeypatch.setattr(card_checks, "raqm_available", lambda: False)
    [error] = card_checks.raqm_installed()
    assert error.id == "jisr.campaigns.E001"
    assert "libraqm" in error.hint


def test_drawing_refuses_to_run_without_raqm(monkeypatch):
    card_drawing._font.cache_clear()
    monkeypatch.setattr(card_drawing, "raqm_available", lambda: False)
    try:
        with pytest.raises(card_drawing.LayoutUnavailable):
            png(_card())
    finally:
        card_drawing._font.cache_clear()


def test_the_system_check_fails_without_the_font(monkeypatch, tmp_path):
    assert card_checks.card_fonts_present() == []
    monkeypatch.setattr(card_checks, "BOLD", tmp_path / "JisrCard-Bold.ttf")
    [error] = card_checks.card_fonts_present()
    assert error.id == "jisr.campaigns.E002"
    assert "JisrCard-Bold.ttf" in error.msg
