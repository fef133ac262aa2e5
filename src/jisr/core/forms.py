"""Form fields that accept the digits Jisr's readers type: Arabic-Indic, Persian or ASCII,
and never hand the database a number it cannot store."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorDict

from .text.arabic import normalize
from .text.digits import to_ascii_digits

# The range every integer column holds, on every database Jisr runs on.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# A larger number can't be an id (ids are 64-bit); the database would fail on it.
MAX_ID = 2**63 - 1

# The mixins below extend a field, a choice widget or a form: the checker sees that base.
if TYPE_CHECKING:
    _FieldBase = forms.Field
    _ChoiceWidgetBase = forms.widgets.ChoiceWidget
    _FormBase = forms.BaseForm
else:
    _FieldBase = _ChoiceWidgetBase = _FormBase = object


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, typed as one (``form.fields`` is typed as plain fields)."""
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field (single or multiple), typed as one."""
    return cast(forms.ModelChoiceField, form.fields[name])


class FormRenderer(DjangoTemplates):
    """Every form on the site renders the same way (GOV.UK's pattern): an error summary
    that links to each invalid field, then each field with its label, hint and its own
    error directly above its input (``aria-describedby``, ``aria-invalid``)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class AsciiDigitsMixin(_FieldBase):
    """A field that reads numbers typed in Arabic-Indic or Persian digits."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)


class DigitsCharField(AsciiDigitsMixin, forms.CharField):
    """A code or number typed as text (a one-time code, a phone extension)."""


class IntegerField(AsciiDigitsMixin, forms.IntegerField):
    """A whole number, within what an integer column holds unless bounds are given."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def __init__(self, *, min_value=INT_MIN, max_value=INT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class DecimalField(AsciiDigitsMixin, forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal"})


class DateInput(forms.DateInput):
    """The browser's date picker. It sends YYYY-MM-DD; typed dates in any digits are still
    read (a browser without a picker shows a text box)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class DateField(AsciiDigitsMixin, forms.DateField):
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
        assert self.queryset is not None  # a model choice field always has one
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        try:
            low, high = connection.ops.integer_field_range(field.get_internal_type())
        except KeyError:  # not an integer key
            return super()._check_values(value)  # type: ignore[misc]  # private: not in the stubs
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
        return super()._check_values(value)  # type: ignore[misc]  # as above


# --- Long lists that can be narrowed, with or without JavaScript --------------------------
#
# A searchable list renders a Find box and a Find button (``FIND``, its value naming the
# list). Without JavaScript, Find sends the whole form back: ``FindMixin`` shows it again
# with the list narrowed and nothing saved, so what was typed elsewhere stays. forms.js
# narrows as one types instead, and takes the button away.

FIND = "_find"


def find_name(html_name: str) -> str:
    """The name of the Find box of the list called ``html_name``."""
    return f"{html_name}__find"


def find_query(data, html_name: str) -> str:
    """What was typed in the Find box of the list called ``html_name`` (bounded)."""
    return str(data.get(find_name(html_name), "")).strip()[:100]


def matches(query: str, label: object) -> bool:
    """Whether a label matches what was typed in a Find box: every word, in any order,
    with Arabic letter variants, diacritics and digits folded."""
    folded = normalize(str(label))
    return all(word in folded for word in normalize(query).split())


class _SearchableWidget(_ChoiceWidgetBase):
    searchable = True
    query = ""

    def value_from_datadict(self, data, files, name):
        # Called with the form's data both when cleaning and when rendering a bound form.
        self.query = find_query(data, name)
        return super().value_from_datadict(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["query"] = self.query
        return context

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        if not self.query:
            return groups
        narrowed = []
        for group_name, options, index in groups:
            # What is chosen stays, and so does the empty choice of a select.
            kept = [
                o
                for o in options
                if o["selected"] or o["value"] in ("", None) or matches(self.query, o["label"])
            ]
            if kept:
                narrowed.append((group_name, kept, index))
        return narrowed


class SearchableSelect(_SearchableWidget, forms.Select):
    """A select with a Find box before it."""

    template_name = "core/forms/widgets/searchable_select.html"


class SearchableCheckboxes(_SearchableWidget, forms.CheckboxSelectMultiple):
    """Checkboxes with a Find box before them."""

    template_name = "core/forms/widgets/searchable_checkboxes.html"


def searchable(widget: forms.Widget) -> forms.Widget:
    """The searchable counterpart of a select or checkbox widget, with its attributes."""
    if isinstance(widget, type):
        widget = widget()
    if isinstance(widget, _SearchableWidget):
        return widget
    multiple = getattr(widget, "allow_multiple_selected", False)  # choice widgets have it
    kind = SearchableCheckboxes if multiple else SearchableSelect
    return kind(attrs=widget.attrs)


class FindMixin(_FormBase):
    """For a form with a searchable list: pressing Find is not a submission. The form is
    not valid and has no errors, so the view shows it again as it was, list narrowed."""

    def finding(self) -> bool:
        return self.is_bound and FIND in self.data

    def full_clean(self):
        if self.finding():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.finding() and super().is_valid()
