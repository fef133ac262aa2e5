"""The monthly report as a printable PDF (WeasyPrint): A4, page numbers, the project's
own Noto fonts embedded, Arabic shaped right to left, the charts as vector SVG.

Copying or extracting text from the PDF must give the words as written. Noto's Arabic
fonts build letters from a shared dotless body plus dots, so several letters share a
glyph and the PDF's glyph-to-text map (ToUnicode) alone cannot tell them apart.
``_with_actual_text`` marks each line of non-Latin text with its characters
(``/ActualText``, PDF 1.4 §14.9.4) in the order its glyphs are painted — the order text
extractors expect before they apply the bidirectional algorithm themselves.
"""

import hashlib
import json
import logging
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import presenters
from .models import MonthlyReport

_patched = False
# WeasyPrint and fontTools report every step at INFO: too much for the site's log.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _install_actual_text() -> None:
    global _patched
    if _patched:
        return
    import pydyf
    from weasyprint import draw
    from weasyprint.text.ffi import ffi

    original = draw.draw_text

    def painted_order(textbox) -> str:
        layout = textbox.pango_layout
        layout.reactivate(textbox.style)
        try:
            line, _index = layout.get_first_line()
            data = layout.text.encode()
            parts, run = [], line.runs
            while run != ffi.NULL:
                item = run.data.item
                piece = data[item.offset : item.offset + item.length].decode()
                parts.append(piece[::-1] if item.analysis.level % 2 else piece)
                run = run.next
            return "".join(parts)
        finally:
            layout.deactivate()

    def draw_text(stream, textbox, *args, **kwargs):
        if textbox.text.isascii() or not textbox.text.strip():
            return original(stream, textbox, *args, **kwargs)
        actual = pydyf.Dictionary({"ActualText": pydyf.String(painted_order(textbox))})
        stream.begin_marked_content("Span", actual)
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
    _patched = True


def fonts_css() -> str:
    """The address of the bundled fonts' stylesheet, for a PDF template's <link>."""
    found = finders.find("jisr/css/fonts.css")
    if not isinstance(found, str):
        raise RuntimeError("The static file jisr/css/fonts.css is missing.")
    return Path(found).as_uri()


def css_string(text: str) -> str:
    """``text`` for the inside of a double-quoted CSS string in a <style> element, where
    HTML escaping does not apply: quotes, backslashes, angle brackets and every control
    character (a CR or form feed would end the string) become CSS hex escapes."""
    unsafe = set('"\\<>')
    return "".join(
        f"\\{ord(c):x} " if c in unsafe or ord(c) < 0x20 or ord(c) == 0x7F else c for c in text
    )


def render_html(report: MonthlyReport) -> str:
    context = presenters.report_context(report)
    context.update(presenters.report_urls(report))
    context["fonts_css"] = fonts_css()
    context["language"] = get_language()
    context["site_name"] = settings.JISR_SITE_NAME or _("Jisr")
    context["title_css"] = css_string(context["title"])
    return render_to_string("reports/report_pdf.html", context)


def _cache_name(report: MonthlyReport) -> str | None:
    """Published reports are frozen: their PDF is made once per language, and kept in the
    site's storage (shared by every app server when several run)."""
    if not report.is_published:
        return None
    digest = hashlib.sha256(json.dumps(report.snapshot, sort_keys=True).encode()).hexdigest()
    return f"reports/report-{report.pk}-{get_language()}-{digest[:12]}.pdf"


def report_pdf(report: MonthlyReport) -> bytes:
    cached = _cache_name(report)
    if cached is not None and default_storage.exists(cached):
        with default_storage.open(cached, "rb") as stored:
            return stored.read()
    content = pdf_from_html(render_html(report))
    if cached is not None:
        with suppress(OSError):  # a full disk costs the next reader a new PDF, nothing more
            default_storage.save(cached, ContentFile(content))
    return content


def pdf_from_html(html: str) -> bytes:
    """Any of the site's printable pages (a report, a receipt) as a PDF, with the bundled
    fonts and Arabic text that copies as written. Raises OSError without Pango."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    _install_actual_text()
    # Local files only (the fonts): rendering never reaches out to the network.
    fetcher = URLFetcher(allowed_protocols=["file"])
    return HTML(string=html, base_url=settings.JISR_SITE_URL, url_fetcher=fetcher).write_pdf()
