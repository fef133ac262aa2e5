"""Numbers and dates typed in Arabic-Indic or Persian digits are understood."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from jisr.core import forms as jisr_forms
from jisr.core.text.digits import ARABIC_INDIC, PERSIAN, to_ascii_digits


def in_script(number: str, digits: str) -> str:
    return "".join(digits[int(c)] if c.isdigit() else c for c in number)


@given(st.integers(min_value=0), st.sampled_from([ARABIC_INDIC, PERSIAN, "0123456789"]))
def test_any_number_in_any_script_reads_back_as_ascii(n, digits):
    assert to_ascii_digits(in_script(str(n), digits)) == str(n)


@given(st.text())
def test_digit_folding_is_idempotent_and_keeps_length(text):
    once = to_ascii_digits(text)
    assert to_ascii_digits(once) == once
    assert len(once) == len(text)


def test_letters_and_punctuation_are_left_alone():
    assert to_ascii_digits("رقم ٣ من ۴، Page 5") == "رقم 3 من 4، Page 5"


class Sample(forms.Form):
    count = jisr_forms.IntegerField(min_value=0)
    amount = jisr_forms.DecimalField(decimal_places=2)
    day = jisr_forms.DateField()
    code = jisr_forms.DigitsCharField()


@pytest.mark.parametrize("digits", [ARABIC_INDIC, PERSIAN, "0123456789"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_form_fields_accept_every_digit_script(digits, language):
    with translation.override(language):
        form = Sample(
            data={
                "count": in_script("1250", digits),
                "amount": in_script("12", digits) + "٫" + in_script("50", digits),
                "day": in_script("25/12/2025", digits),
                "code": in_script("042917", digits),
            }
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "count": 1250,
        "amount": Decimal("12.50"),
        "day": datetime.date(2025, 12, 25),
        "code": "042917",
    }


def test_bad_numbers_get_a_translated_error_in_arabic():
    with translation.override("ar"):
        form = Sample(data={"count": "ثلاثة", "amount": "1", "day": "2025-01-01", "code": "1"})
        assert not form.is_valid()
        assert form.errors["count"] == ["أدخل رقما صحيحا."] or "رقم" in form.errors["count"][0]


@pytest.mark.parametrize("number", ["99999999999", "-99999999999", "٩" * 30])
def test_integer_fields_refuse_numbers_no_column_holds(number):
    # Past 2**31 - 1 the database refuses the number (PostgreSQL: integer out of range).
    class Unbounded(forms.Form):
        count = jisr_forms.IntegerField(required=False)

    with translation.override("ar"):
        form = Unbounded(data={"count": number})
        assert not form.is_valid()
    assert Unbounded(data={"count": str(2**31 - 1)}).is_valid()


@pytest.mark.django_db
def test_multiple_choices_refuse_ids_too_large_for_the_database():
    from django.contrib.auth.models import Group

    class Groups(forms.Form):
        groups = jisr_forms.ModelMultipleChoiceField(Group.objects.all())

    group = Group.objects.create(name="g")
    # Used to reach the database in an IN (…) query: OverflowError / out of range.
    form = Groups(data={"groups": [str(group.pk), str(2**64)]})
    assert not form.is_valid()
    assert form.has_error("groups", "invalid_choice")
    assert Groups(data={"groups": [str(group.pk)]}).is_valid()


def test_arabic_number_format_uses_a_decimal_point_and_comma_thousands():
    with translation.override("ar"):
        assert (
            formats.number_format(
                Decimal("1234567.5"), decimal_pos=1, use_l10n=True, force_grouping=True
            )
            == "1,234,567.5"
        )
        assert formats.get_format("DECIMAL_SEPARATOR") == "."


def test_arabic_dates_use_iraqi_month_names():
    with translation.override("ar"):
        assert formats.date_format(datetime.date(2026, 1, 15)) == "15 كانون الثاني 2026"
        assert formats.date_format(datetime.date(2026, 5, 1)) == "1 أيار 2026"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 1, 15)) == "15 January 2026"
