"""Small pieces of text that depend on the reading direction and the language:
``{% reading_arrow %}`` and ``{{ items|join_list }}``; and ``{% panel p %}``, which draws a
panel a higher app added to the page (``core.panels``); ``{% og_image as og %}``, the
page's share image from a higher app (``core.og``)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from .. import og
from ..lists import list_separator
from ..localized import localized_name

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


@register.simple_tag(takes_context=True)
def panel(context, panel):
    """Draw a ``core.panels.Panel`` with its own context (and the request's: the CSRF token,
    the user)."""
    return render_to_string(panel.template, panel.context, request=context.get("request"))


@register.filter
def localized(obj) -> str:
    """A record's name in the page language (``core.localized.localized_name``)."""
    return localized_name(obj) if obj is not None else ""


@register.simple_tag(takes_context=True)
def og_image(context):
    """The page's share image (``core.og``), or None: the site's static image then."""
    request = context.get("request")
    return og.og_image(request, context) if request is not None else None
