from django import template
from django.utils.html import format_html

from ..money import format_minor

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ 1250|money:"USD" }}`` → ``1,250.00 USD``… in the currency's own decimals."""
    if amount is None:
        return ""
    # Isolated left to right, so "1,250.00 USD" never reads "USD 1,250.00" in Arabic.
    return format_html('<bdi dir="ltr">{}</bdi>', format_minor(int(amount), currency))


@register.filter
def credit(amount, currency):
    """A credit (a negative ledger amount) as the positive figure a ledger's column shows."""
    return money(-int(amount), currency)
