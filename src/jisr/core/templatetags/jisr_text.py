"""Small pieces of text that depend on the reading direction and the language:
``{% reading_arrow %}`` and ``{{ items|join_list }}``."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from ..lists import list_separator

register = template.Library()


@register.simple_tag
def reading_arrow() -> str:
    """An arrow pointing the way the line is read, from one state to the next: ← in
    Arabic, → in English. (The Unicode arrows are not mirrored by the bidi algorithm.)"""
    return "←" if get_language_bidi() else "→"


@register.filter(needs_autoescape=True)
def join_list(items, autoescape=True):
    """Join ``items`` with the active language's comma (Arabic «،», English ",")."""
    escape = conditional_escape if autoescape else str
    return mark_safe(list_separator().join(escape(item) for item in items))


@register.simple_tag
def list_comma() -> str:
    """The comma between items written out in a template: «، » in Arabic, ", " in English."""
    return list_separator()
