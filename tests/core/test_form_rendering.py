"""Every form renders the GOV.UK way: an error summary linking to each invalid field, each
error above its own input and tied to it, invalid inputs marked, the title says "Error:",
dates are date pickers that still read any digits."""

import re
from datetime import date

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from jisr.core import forms as jisr_forms

from ..conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_refused_form_leads_with_a_summary_linking_to_each_field(client, organizer):
    signed_in(client, organizer)
    with translation.override("en"):
        response = client.post(
            reverse("reports_staff:new"), {"year": "1800", "month": "2"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    html = response.content.decode()
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Error:") or title.startswith("خطأ:")
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert 'href="#id_year"' in summary
    # The year's own message sits directly above the year's input, and is tied to it.
    year_group = re.search(r'<div class="field field-error">(.*?)</div>', html, re.S).group(1)
    assert year_group.index('id="id_year_error"') < year_group.index("<input")
    year_input = re.search(r'<input[^>]*name="year"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in year_input
    assert "id_year_error" in re.search(r'aria-describedby="([^"]*)"', year_input).group(1)
    # A valid field is not marked.
    month_input = re.search(r'<input[^>]*name="month"[^>]*>', html).group(0)
    assert "aria-invalid" not in month_input


def test_the_summary_is_in_arabic_and_the_title_says_error(client, organizer):
    signed_in(client, organizer)
    response = client.post(reverse("reports_staff:new"), {"start": "x"})
    html = response.content.decode()
    assert "هناك مشكلة" in html
    assert re.search(r"<title>\s*خطأ:", html)


def test_a_page_without_errors_has_no_summary(client, organizer):
    signed_in(client, organizer)
    html = client.get(reverse("reports_staff:new")).content.decode()
    assert "error-summary" not in html and "aria-invalid" not in html
    assert not re.search(r"<title>\s*(Error|خطأ):", html)


class DayForm(forms.Form):
    day = jisr_forms.DateField(label="Day")
    other = forms.CharField(label="Other")


@pytest.mark.parametrize("typed", ["2026-12-25", "25/12/2026", "٢٥/١٢/٢٠٢٦", "۲۰۲۶-۱۲-۲۵"])
def test_a_date_is_a_date_picker_that_reads_any_digits(typed):
    form = DayForm({"day": typed})
    assert not form.is_valid()  # "other" is missing: the form is shown again
    assert form.cleaned_data["day"] == date(2026, 12, 25)
    # Shown again in the form the picker displays, not lost.
    assert '<input type="date" name="day" value="2026-12-25"' in str(form["day"])


def test_checkboxes_put_the_box_before_its_label():
    class Agree(forms.Form):
        ok = forms.BooleanField(label="I agree")

    html = str(Agree({}))
    assert re.search(r'<div class="check"><input type="checkbox"[^>]*><label for="id_ok">', html)
    assert 'href="#id_ok"' in html
