"""The joint part's report filters: a proposal's status code as its label, a frozen item's
name in the page's language."""

from django import template
from django.utils.translation import get_language

from jisr.proposals.models import STATUS_LABELS
from jisr.proposals.states import Status

register = template.Library()


@register.filter
def joint_status(code: str) -> str:
    try:
        return str(STATUS_LABELS[Status(code)])
    except ValueError:
        return code


@register.filter
def joint_in_language(item: dict, name: str) -> str:
    """``item[name + "_en"]`` on English pages when it has one, ``item[name]`` otherwise."""
    english = item.get(f"{name}_en") if get_language() == "en" else ""
    return english or item.get(name, "")
