"""The exchange's form: a delegate posts an offer or a need for their organization."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import DateField

from .coalition_forms import DelegationField
from .models import ListingCategory, ListingKind


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Offer or need"), choices=ListingKind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=ListingCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text=_("Do not write a phone number or an address: the public can read this."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    until = DateField(label=_("Until"), required=False)

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organization": DelegationField(delegations), **self.fields}
