from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.core.forms import DateField, IntegerField
from jisr.parliament.forms import PersonChoiceField, person_label
from jisr.parliament.models import Organization, Person
from jisr.parliament.selectors import current_term, representatives, with_seat
from jisr.proposals.models import Topic

from .models import REPORT_KEY, Frequency
from .selectors import FOLLOWABLE, REPORT_YEARS, month_range

FREQUENCIES = [(f.value, f.label) for f in Frequency if f != Frequency.PAUSED]


def follow_choices() -> list:
    """What a visitor can subscribe to, grouped for the select box (three queries)."""
    people = with_seat(representatives(term=current_term()).only("id", "name"))
    groups = Organization.objects.filter(
        classification__in=[Organization.Classification.ALLIANCE, Organization.Classification.PARTY]
    ).order_by("name")
    topics = Topic.objects.filter(is_active=True)
    return [
        ("", _("Choose…")),
        (REPORT_KEY, _("The organization's monthly report")),
        (_("Representatives"), [(f"parliament.person:{p.pk}", person_label(p)) for p in people]),
        (_("Parties and alliances"), [(f"parliament.organization:{g.pk}", g.name) for g in groups]),
        (_("Topics"), [(f"proposals.topic:{t.pk}", t.name) for t in topics]),
    ]


class WhatField(forms.ChoiceField):
    """The select offers the usual choices; any followable "app.model:id" is accepted
    (a proposal's page links here with its own), services.followable has the last word."""

    def valid_value(self, value):
        label, _sep, pk = str(value).partition(":")
        return value == REPORT_KEY or (label in FOLLOWABLE and pk.isdigit())


class SubscribeForm(jisr_forms.FindMixin, forms.Form):
    what = WhatField(label=_("What to follow"), widget=jisr_forms.SearchableSelect)
    # Checked by services.clean_email, which explains what is wrong in plain words.
    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "dir": "ltr", "inputmode": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=FREQUENCIES, initial=Frequency.WEEKLY
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_(
            "I agree to receive these e-mails at the chosen frequency. I can stop them at any "
            "time with one click, from any of them."
        ),
        required=False,
    )

    def __init__(self, *args, extra_choice=None, member=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = follow_choices()
        offered = {value for _group, options in choices[2:] for value, _label in options}
        if extra_choice and extra_choice[0] not in offered:
            choices.insert(1, extra_choice)
        jisr_forms.choice_field(self, "what").choices = choices
        if member:
            for name in ("email", "language", "consent"):
                del self.fields[name]


class ReportCreateForm(jisr_forms.FindMixin, forms.Form):
    person = PersonChoiceField(
        label=_("Representative"),
        queryset=Person.objects.order_by("name"),
        required=False,
        empty_label=_("The whole organization"),
    )
    year = IntegerField(
        label=_("Year"), min_value=REPORT_YEARS[0], max_value=REPORT_YEARS[1], required=False
    )
    month = IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    start = DateField(label=_("Or from"), required=False)
    end = DateField(label=_("to"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("start") or data.get("end"):
            if not (data.get("start") and data.get("end")):
                raise forms.ValidationError(_("Give both ends of the period, or none."))
        elif data.get("year") and data.get("month"):
            data["start"], data["end"] = month_range(data["year"], data["month"])
        elif not self.errors:
            raise forms.ValidationError(_("Choose a month, or give the start and end of a period."))
        return data


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"dir": "auto"})
    )
    introduction_en = forms.CharField(
        label=_("Introduction in English (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"dir": "ltr"}),
    )
