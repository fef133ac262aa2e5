"""Form fields that accept the digits Jisr's readers type: Arabic-Indic, Persian or ASCII."""

from django import forms

from .text.digits import to_ascii_digits


class _AsciiDigitsMixin:
    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)


class DigitsCharField(_AsciiDigitsMixin, forms.CharField):
    """A code or number typed as text (a one-time code, a phone extension)."""


class IntegerField(_AsciiDigitsMixin, forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric"})


class DecimalField(_AsciiDigitsMixin, forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal"})


class DateField(_AsciiDigitsMixin, forms.DateField):
    pass
