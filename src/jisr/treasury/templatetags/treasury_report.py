import datetime

from django import template

register = template.Library()


@register.filter
def iso_day(value: str) -> datetime.date:
    """A date frozen in a report's JSON (``2026-11-01``) back as a date, for ``|date``."""
    return datetime.date.fromisoformat(value)
