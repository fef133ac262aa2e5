from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def marked(segments) -> str:
    """Render (piece, is_match) segments with the matches in <mark>, all text escaped."""
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", piece) if is_match else conditional_escape(piece)
            for piece, is_match in segments or ()
        )
    )
