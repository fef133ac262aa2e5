"""Form fields that accept the digits Jisr's readers type: Arabic-Indic, Persian or ASCII,
and never hand the database a number it cannot store."""

from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates

from .text.digits import to_ascii_digits

# The range every integer column holds, on every database Jisr runs on.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# A larger number can't be an id (ids are 64-bit); the database would fail on it.
MAX_ID = 2**63 - 1


class FormRenderer(DjangoTemplates):
    """Every form on the site renders the same way (GOV.UK's pattern): an error summary
    that links to each invalid field, then each field with its label, hint and its own
    error directly above its input (``aria-describedby``, ``aria-invalid``)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class _AsciiDigitsMixin:
    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)


class DigitsCharField(_AsciiDigitsMixin, forms.CharField):
    """A code or number typed as text (a one-time code, a phone extension)."""


class IntegerField(_AsciiDigitsMixin, forms.IntegerField):
    """A whole number, within what an integer column holds unless bounds are given."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def __init__(self, *, min_value=INT_MIN, max_value=INT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class DecimalField(_AsciiDigitsMixin, forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal"})


class DateInput(forms.DateInput):
    """The browser's date picker. It sends YYYY-MM-DD; typed dates in any digits are still
    read (a browser without a picker shows a text box)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class DateField(_AsciiDigitsMixin, forms.DateField):
    widget = DateInput

    def bound_data(self, data, initial):
        # A date typed as 25/12/2026 or in Arabic-Indic digits is shown again as the
        # YYYY-MM-DD the date picker can display, instead of an empty picker.
        try:
            return self.to_python(data) or data
        except forms.ValidationError:
            return data


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that an id too large for the database is an invalid choice like
    any unknown id: Django would put it in an ``IN (…)`` query, which the database
    refuses (SQLite: overflow; PostgreSQL: out of range)."""

    def _check_values(self, value):
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        try:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
        except KeyError:  # not an integer key
            return super()._check_values(value)
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django's own check says so
            if not low <= number <= high:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
