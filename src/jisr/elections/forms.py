from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import DateField, IntegerField, choice_field, model_choice_field
from jisr.parliament.models import Organization

from .allocation import RULE_SETS
from .models import Constituency, Election, ElectoralList


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    constituency = forms.ModelChoiceField(
        Constituency.objects.none(), label=_("Constituency"), required=False
    )
    electoral_list = forms.ModelChoiceField(
        ElectoralList.objects.none(), label=_("List"), required=False
    )

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "constituency").queryset = election.constituencies.order_by("name")
        model_choice_field(self, "electoral_list").queryset = election.lists.order_by(
            "number", "name"
        )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "constituency": data.get("constituency"),
            "electoral_list": data.get("electoral_list"),
            "q": data.get("q", ""),
        }


class ElectionForm(forms.ModelForm):
    date = DateField(label=_("Polling day"), help_text=_("YYYY-MM-DD"))
    source_url = forms.URLField(
        label=_("Source address"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Election
        fields = ["name", "name_en", "date", "kind", "rule_set", "source_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = "en" if (get_language() or "").startswith("en") else "ar"
        choice_field(self, "rule_set").choices = [
            (code, f"{code}: {rules.title[language]}") for code, rules in RULE_SETS.items()
        ]


class AllocateForm(forms.Form):
    seed = IntegerField(
        label=_("Seed of the draw"),
        required=False,
        min_value=0,
        max_value=2**53,
        help_text=_(
            "Ties that no recorded lot settles go to a draw seeded with this number. "
            "Leave it empty for a fresh random seed; it is stored and shown either way."
        ),
    )

    def __init__(self, *args, constituencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.constituencies = list(constituencies)
        for constituency in self.constituencies:
            self.fields[f"lot_{constituency.pk}"] = forms.CharField(
                label=_("Lot result for %(name)s") % {"name": constituency.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
                help_text=_(
                    "Only if the commission drew lots here: one list (its number or name) or "
                    "candidate per line, in the order drawn."
                ),
            )

    def lots(self) -> dict[int, list[str]]:
        return {
            c.pk: self.cleaned_data.get(f"lot_{c.pk}", "").splitlines()
            for c in self.constituencies
            if self.cleaned_data.get(f"lot_{c.pk}", "").strip()
        }


class OfficialSeatsForm(forms.Form):
    def __init__(self, *args, lists=(), initial_seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = list(lists)
        initial_seats = initial_seats or {}
        for item in self.lists:
            label = f"{item.number} · {item.name}" if item.number else item.name
            self.fields[f"list_{item.pk}"] = IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=999,
                initial=initial_seats.get(item.pk),
            )

    def seats(self) -> dict[int, int | None]:
        return {item.pk: self.cleaned_data.get(f"list_{item.pk}") for item in self.lists}


class CertifyForm(forms.Form):
    legislature = forms.ModelChoiceField(
        Organization.objects.filter(classification=Organization.Classification.LEGISLATURE),
        label=_("Legislature"),
        required=False,
        help_text=_("Leave empty to create a new one with the name below."),
    )
    legislature_name = forms.CharField(
        label=_("Name of a new legislature"), required=False, max_length=300
    )
    term_identifier = forms.CharField(
        label=_("Identifier of the new term"),
        max_length=100,
        help_text=_("A short code that never changes, for example iq/term-6."),
    )
    term_name = forms.CharField(label=_("Name of the new term"), max_length=200)
    term_name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    start_date = DateField(label=_("The term starts on"), help_text=_("YYYY-MM-DD"))
    digest = forms.CharField(widget=forms.HiddenInput, required=False)
    acknowledge = forms.BooleanField(label=_("I have checked the warnings above."), required=False)

    def plan_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "legislature": data.get("legislature"),
            "legislature_name": data.get("legislature_name", ""),
            "term_identifier": data["term_identifier"],
            "term_name": data["term_name"],
            "term_name_en": data.get("term_name_en", ""),
            "start_date": data["start_date"],
        }
