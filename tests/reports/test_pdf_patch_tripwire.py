"""A tripwire for the one place Jisr reaches into WeasyPrint's internals.

``reports/pdf.py`` wraps ``weasyprint.draw.draw_text`` to mark Arabic lines with their
characters (``/ActualText``), and walks Pango's runs through ``weasyprint.text.ffi``. Those
are not public API: a new WeasyPrint may move them without notice. So the version is
pinned exactly (``pyproject.toml``), and this test fails first when it changes, naming what
to check before the pin moves."""

import inspect

import weasyprint
from weasyprint import draw
from weasyprint.text import ffi

PINNED = "70.0"


def test_weasyprint_is_the_version_the_actual_text_patch_was_checked_against():
    assert weasyprint.__version__ == PINNED, (
        f"WeasyPrint {weasyprint.__version__} is installed; reports/pdf.py patches "
        f"weasyprint.draw.draw_text as it was in {PINNED}. Read the new draw_text and the "
        "Pango run walk, run tests/reports/test_pdf_ocr.py and the text-extraction tests, "
        "then update PINNED and the pin in pyproject.toml."
    )


def test_the_internals_the_patch_uses_are_where_it_expects_them():
    parameters = list(inspect.signature(draw.draw_text).parameters)
    assert parameters[:2] == ["stream", "textbox"]
    assert hasattr(ffi, "ffi") and hasattr(ffi.ffi, "NULL")


def test_the_patch_is_installed_when_a_pdf_is_made(monkeypatch):
    from jisr.reports import pdf

    original = draw.draw_text
    monkeypatch.setattr(pdf, "_patched", False)
    monkeypatch.setattr(draw, "draw_text", original)
    pdf._install_actual_text()
    assert draw.draw_text is not original
    assert draw.draw_text.__name__ == "draw_text"
