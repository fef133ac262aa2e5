"""The organizations part's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import DateField

from .models import (
    Delegate,
    DelegateRole,
    Organization,
    OrganizationKind,
    VerificationEvidence,
)
from .services.organizations import ORGANIZATION_FIELDS


class OrganizationForm(forms.ModelForm):
    """Registering an organization, and its primary delegate editing its profile."""

    website = forms.URLField(
        assume_scheme="https",
        label=_("Website"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        widgets = {
            "about": forms.Textarea(attrs={"rows": 4, "dir": "rtl"}),
            "about_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
            "name": forms.TextInput(attrs={"dir": "rtl"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "visibility": _(
                "A small group that fears being listed can be shown to signed-in members only."
            ),
        }


class DirectoryFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
    )
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, data, *, cities: list[str]):
        super().__init__(data)
        city = self.fields["city"]
        assert isinstance(city, forms.ChoiceField)
        city.choices = [("", _("All cities")), *((c, c) for c in cities)]


class AppointForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("The address of the person's own account on this site."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (DelegateRole.ALTERNATE, DelegateRole.ALTERNATE.label),
            (DelegateRole.OBSERVER, DelegateRole.OBSERVER.label),
        ],
        widget=forms.RadioSelect,
        initial=DelegateRole.ALTERNATE,
    )


class _MandateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.organization)


class ActAsForm(forms.Form):
    """Which of the user's organizations acts (a person may be delegate of several)."""

    delegate = _MandateChoice(
        label=_("Vouch as"), queryset=Delegate.objects.none(), empty_label=None
    )

    def __init__(self, data=None, *, delegations: list[Delegate]):
        super().__init__(data)
        field = self.fields["delegate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Delegate.objects.filter(pk__in=[d.pk for d in delegations])


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(
        assume_scheme="https",
        label=_("Link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    recorded_on = DateField(label=_("Date"), required=False)

    class Meta:
        model = VerificationEvidence
        fields = ["kind", "note", "url", "recorded_on"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not verified"),
        help_text=_("Its delegates read this, so they know what to fix."),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
