from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, Organization, Person, Term

CLS = Organization.Classification


class RepresentativeFilterForm(forms.Form):
    """The list's filters. Invalid values are dropped, never an error page."""

    term = forms.ModelChoiceField(Term.objects.all(), required=False, label=_("Term"))
    party = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.PARTY), required=False, label=_("Party")
    )
    alliance = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.ALLIANCE),
        required=False,
        label=_("Alliance"),
    )
    area = forms.ModelChoiceField(Area.objects.all(), required=False, label=_("Governorate"))
    gender = forms.ChoiceField(
        choices=[("", _("Any"))] + [c for c in Person.Gender.choices if c[0]],
        required=False,
        label=_("Gender"),
    )
    committee = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.COMMITTEE),
        required=False,
        label=_("Committee"),
    )
    sort = forms.ChoiceField(
        choices=[("name", _("Name, A to Z")), ("-name", _("Name, Z to A"))],
        required=False,
        label=_("Sort"),
    )

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "term": data.get("term"),
            "party": getattr(data.get("party"), "pk", None),
            "alliance": getattr(data.get("alliance"), "pk", None),
            "area": getattr(data.get("area"), "pk", None),
            "gender": data.get("gender") or "",
            "committee": getattr(data.get("committee"), "pk", None),
            "sort": data.get("sort") or "name",
        }
