from django import template
from django.utils.translation import get_language

from ..allocation import RULE_SETS, exact_text
from ..models import Community

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def local_name(item) -> str:
    """The name in the language shown: the English or Latin-script one in English, if any."""
    if item is None:
        return ""
    if _english():
        return getattr(item, "name_en", "") or getattr(item, "name_latin", "") or item.name
    return item.name


@register.filter
def rules_title(code: str) -> str:
    rules = RULE_SETS.get(code)
    if rules is None:
        return code
    return rules.title["en" if _english() else "ar"]


@register.filter
def rules_method(code: str) -> str:
    from ..allocation import method_name

    rules = RULE_SETS.get(code)
    if rules is None:
        return ""
    return method_name(rules.method, rules.divisors)["en" if _english() else "ar"]


@register.filter
def community_label(code: str) -> str:
    try:
        return str(Community(code).label)
    except ValueError:
        return code


@register.filter
def quotient(value) -> str:
    """A quotient as the tables show it: two decimals, thousands separated."""
    try:
        return f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return ""


@register.filter
def divisor(value) -> str:
    return exact_text(value) if not isinstance(value, str) else value
