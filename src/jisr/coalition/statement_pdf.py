"""A published statement as a PDF (WeasyPrint, the reports' fonts and Arabic handling:
``reports.pdf.pdf_from_html``): the frozen text in Arabic and English, its SHA-256, the
listed organizations and people, and the COUNT of those who signed without being named."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jisr.reports.pdf import css_string, fonts_css, pdf_from_html

from .models import Statement
from .statement_selectors import signers


def render_html(statement: Statement) -> str:
    title = (
        statement.title if get_language() == "ar" or not statement.title_en else statement.title_en
    )
    context = {
        "statement": statement,
        "title": title,
        "title_css": css_string(title),
        "signers": signers(statement),
        "fonts_css": fonts_css(),
        "language": get_language(),
        "site_name": settings.JISR_SITE_NAME or _("Jisr"),
    }
    return render_to_string("coalition/statements/statement_pdf.html", context)


def statement_pdf(statement: Statement) -> bytes:
    """Made once per page as rendered: an erased signer's name changes the page, so the
    file's name is the digest of its HTML."""
    html = render_html(statement)
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    cached = Path(settings.MEDIA_ROOT) / "coalition" / f"statement-{statement.pk}-{digest}.pdf"
    if cached.exists():
        return cached.read_bytes()
    content = pdf_from_html(html)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(content)
    return content
