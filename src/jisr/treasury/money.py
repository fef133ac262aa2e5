"""Amounts of money as integers of the currency's minor unit (cents, fils): no float ever
touches a sum. Pure: no Django import."""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# The currencies a branch abroad uses, with the digits of their minor unit. ISO 4217 gives
# the dinar three, but fils have been out of circulation for decades: dinars are whole.
CURRENCIES: dict[str, int] = {"IQD": 0, "USD": 2, "EUR": 2, "GBP": 2, "SEK": 2, "AUD": 2, "CAD": 2}


class AmountError(ValueError):
    """The text is not an amount of this currency."""


def exponent(currency: str) -> int:
    try:
        return CURRENCIES[currency]
    except KeyError:
        raise AmountError(f"unknown currency {currency!r}") from None


def to_minor(value: str | Decimal, currency: str) -> int:
    """Read ``12.50`` as 1250 (USD). More decimals than the currency has is an error, not a
    silent rounding: a treasurer who typed 12.505 meant something."""
    places = exponent(currency)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise AmountError(f"not a number: {value!r}") from None
    if not amount.is_finite():
        raise AmountError("not a finite number")
    scaled = amount.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise AmountError("too many decimal places for the currency")
    return int(scaled.to_integral_value(rounding=ROUND_HALF_EVEN))


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def format_minor(minor: int, currency: str) -> str:
    """``1250, "USD"`` → ``12.50 USD`` (grouped thousands, the currency's decimals)."""
    places = exponent(currency)
    sign = "-" if minor < 0 else ""
    text = f"{abs(from_minor(minor, currency)):,.{places}f}"
    return f"{sign}{text} {currency}"
