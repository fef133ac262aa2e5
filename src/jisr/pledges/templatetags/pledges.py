"""Labels of the pledges' coded values, for data frozen as codes (the monthly report)."""

from django import template
from django.utils.translation import get_language

from ..models import BrokenReason, Verdict

register = template.Library()


@register.filter
def verdict_label(code: str) -> str:
    return str(dict(Verdict.choices).get(code, code))


@register.filter
def reason_label(code: str) -> str:
    return str(dict(BrokenReason.choices).get(code, "")) if code else ""


@register.filter
def in_language(item: dict, name: str) -> str:
    """``item[name + "_en"]`` in English when it has one, else ``item[name]``."""
    if get_language() == "en" and item.get(f"{name}_en"):
        return item[f"{name}_en"]
    return item.get(name, "")
