from django import template

from ..money import format_minor

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ 1250|money:"USD" }}`` → ``1,250.00 USD``… in the currency's own decimals."""
    if amount is None:
        return ""
    return format_minor(int(amount), currency)


@register.filter
def credit(amount, currency):
    """A credit (a negative ledger amount) as the positive figure a ledger's column shows."""
    return format_minor(-int(amount), currency)
