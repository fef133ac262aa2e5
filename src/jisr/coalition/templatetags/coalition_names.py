"""Names in the page's language: ``{{ organization|name_here }}`` is the English name on an
English page when there is one, the Arabic name otherwise (organizations, coalitions and
working groups all have ``name`` and ``name_en``); ``{{ coalition|charter_here }}`` the same
for a coalition's charter."""

from django import template

from ..coalition_selectors import in_language

register = template.Library()


@register.filter
def name_here(obj) -> str:
    return in_language(obj.name, obj.name_en)


@register.filter
def title_here(listing) -> str:
    return in_language(listing.title, listing.title_en)


@register.filter
def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines), each to be shown in its own
    direction (``<p dir="auto">``): an Arabic paragraph and its English translation."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@register.filter
def charter_here(coalition) -> str:
    return in_language(coalition.charter, coalition.charter_en)
