"""Forms of the shared calendar."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.campaigns.models import Event

from .coalition_forms import DelegationField, OrganizationChoiceField
from .models import Organization


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.title_en})" if obj.title_en else obj.title


class CohostInviteForm(forms.Form):
    event = EventChoiceField(label=_("Event"), queryset=Event.objects.none())
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, events, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class PromoteForm(forms.Form):
    def __init__(self, *args, delegations, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = DelegationField(delegations)
        self.fields["event"] = forms.TypedChoiceField(
            label=_("Event"),
            choices=[(e.pk, e.display_title) for e in events],
            coerce=int,
        )
