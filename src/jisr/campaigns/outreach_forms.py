"""Outreach's forms. None of them has a field for anything about a person a member reaches:
the names a member keeps are in their browser, never in a form that is submitted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as core_forms

from .models.outreach import TALLY_MAX, Ask, Dialect


class AskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    what_to_do = forms.CharField(
        label=_("What to do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a few sentences, for the members who take the ask up."),
    )
    what_to_do_en = forms.CharField(
        label=_("What to do, in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    people = core_forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=50,
        initial=3,
        help_text=_("How many people each member is asked to reach."),
    )
    link = forms.URLField(
        label=_("Link to share"),
        required=False,
        assume_scheme="https",
        help_text=Ask._meta.get_field("link").help_text,
    )
    opens_on = core_forms.DateField(label=_("Opens on"))
    closes_on = core_forms.DateField(label=_("Closes on"))
    reminder_1 = core_forms.DateField(label=_("First reminder"), required=False)
    reminder_2 = core_forms.DateField(label=_("Second reminder"), required=False)
    reminder_3 = core_forms.DateField(label=_("Third reminder"), required=False)

    REMINDERS = ("reminder_1", "reminder_2", "reminder_3")

    @classmethod
    def initial_for(cls, ask: Ask, reminders: list) -> dict:
        initial = {name: getattr(ask, name) for name in cls.base_fields if hasattr(ask, name)}
        for name, day in zip(cls.REMINDERS, reminders, strict=False):
            initial[name] = day
        return initial

    def clean(self):
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The ask cannot close before it opens."))
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        reminders = [data.pop(name) for name in self.REMINDERS]
        data["reminders"] = [day for day in reminders if day]
        return data


class ScriptsForm(forms.Form):
    """One text box per language and dialect; an empty box means no script in it."""

    def __init__(self, *args, scripts: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for dialect, label in Dialect.choices:
            self.fields[dialect] = forms.CharField(
                label=label,
                required=False,
                initial=(scripts or {}).get(dialect, ""),
                widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            )


class CommitForm(forms.Form):
    will_do = forms.TypedChoiceField(
        label=_("Will you do it?"),
        choices=[("yes", _("Yes, I will")), ("no", _("Not this time"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    planned_on = core_forms.DateField(
        label=_("The day you plan to do it"),
        required=False,
        help_text=_("Optional. We send you a reminder on the ask's reminder days."),
    )


class TallyForm(forms.Form):
    """Three numbers, nothing else: no name, no place, no phone."""

    contacted = core_forms.IntegerField(
        label=_("How many people did you contact?"), min_value=1, max_value=TALLY_MAX
    )
    will_vote = core_forms.IntegerField(
        label=_("How many of them said they will vote?"), min_value=0, max_value=TALLY_MAX
    )
    registered = core_forms.IntegerField(
        label=_("How many of them registered to vote abroad?"), min_value=0, max_value=TALLY_MAX
    )

    def clean(self):
        data = super().clean() or {}
        contacted = data.get("contacted")
        for name in ("will_vote", "registered"):
            value = data.get(name)
            if contacted is not None and value is not None and value > contacted:
                self.add_error(
                    name, _("This cannot be more than the number of people you contacted.")
                )
        return data
