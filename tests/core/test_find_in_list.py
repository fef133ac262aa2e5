"""A long list has a Find box that works without JavaScript: Find sends the form back,
which is shown again with the list narrowed, nothing saved and nothing typed lost."""

import inspect
import re

import pytest
from django import forms

import jisr
from jisr.core import forms as jisr_forms

NAMES = ["أحمد كاظم", "علي حسن", "مريم جواد"] + [f"Person {i}" for i in range(20)]


class Pick(jisr_forms.FindMixin, forms.Form):
    note = forms.CharField(label="Note")
    people = forms.MultipleChoiceField(
        label="People",
        choices=[(str(i), name) for i, name in enumerate(NAMES)],
        widget=jisr_forms.SearchableCheckboxes,
    )
    one = forms.ChoiceField(
        label="One",
        choices=[("", "Choose…")] + [(str(i), name) for i, name in enumerate(NAMES)],
        widget=jisr_forms.SearchableSelect,
        required=False,
    )


def test_find_narrows_the_list_keeps_what_was_chosen_and_typed_and_saves_nothing():
    data = {"note": "my words", "people": ["2"], "people__find": "Person 1", "_find": "people"}
    form = Pick(data)
    assert not form.is_valid()
    assert not form.errors  # no error for "one" or anything else: it was only a search
    html = str(form["people"])
    labels = re.findall(r"<label[^>]*>\s*<input[^>]*>\s*([^<]+)</label>", html)
    assert sorted(labels) == sorted(
        ["مريم جواد", "Person 1"] + [f"Person 1{i}" for i in range(10)]
    )  # the chosen one stays, whatever the query
    assert 'value="Person 1"' in html  # the box shows what was typed
    assert 'value="my words"' in str(form["note"])


def test_the_same_form_saves_when_find_was_not_pressed():
    data = {"note": "x", "people": ["0", "3"], "people__find": "Person 1"}
    form = Pick(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["people"] == ["0", "3"]  # a box left typed in narrows nothing saved


@pytest.mark.parametrize("typed", ["احمد", "أحمد", "كاظم احمد", "أحْمد"])
def test_arabic_letter_variants_diacritics_and_word_order_do_not_matter(typed):
    assert jisr_forms.matches(typed, "أحمد كاظم — حزب أ — بغداد")


def test_a_select_keeps_its_empty_choice_and_the_chosen_option():
    form = Pick({"one": "1", "one__find": "مريم", "_find": "one"})
    html = str(form["one"])
    options = re.findall(r"<option[^>]*>([^<]*)</option>", html)
    assert options == ["Choose…", "علي حسن", "مريم جواد"]


def test_the_find_button_names_its_list_and_the_box_is_labelled():
    html = str(Pick()["people"])
    assert '<label for="id_people_find">' in html
    assert 'name="people__find"' in html and 'data-filter-for="id_people"' in html
    assert re.search(r'<button type="submit"[^>]*name="_find" value="people"', html)


def _jisr_forms():
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    root = inspect.getfile(jisr).rsplit("/", 1)[0]
    return [f for f in seen if inspect.getfile(f).startswith(root)]


def test_every_form_with_a_find_box_shows_itself_again_instead_of_saving():
    import jisr.urls  # noqa: F401  (imports every app's views, and so every form)

    found = []
    for form in _jisr_forms():
        searchable = [
            name
            for name, field in form.base_fields.items()
            if getattr(field.widget, "searchable", False)
        ]
        if searchable:
            found.append(form.__name__)
            # Forms sent by GET (filters) may show a Find box: Find is then a search.
            if "Filter" not in form.__name__:
                assert issubclass(form, jisr_forms.FindMixin), form
    assert {"ProposalForm", "DeliverForm", "SubscribeForm", "ReportCreateForm"} <= set(found)
