"""Forms of the coalitions' pages (organizers' and delegates')."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CoalitionStatus, Delegate, Organization, WorkingGroup


def organization_label(organization: Organization) -> str:
    if organization.name_en:
        return f"{organization.name} ({organization.name_en})"
    return organization.name


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return organization_label(obj)


class DelegationField(forms.TypedChoiceField):
    """Which of the user's organizations acts (among their acting mandates); its value is
    the organization's id."""

    def __init__(self, delegations: list[Delegate], **kwargs):
        choices = [(d.organization_id, organization_label(d.organization)) for d in delegations]
        super().__init__(
            label=_("Acting for"), choices=choices, coerce=int, empty_value=None, **kwargs
        )


class CoalitionForm(forms.Form):
    name = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    charter = forms.CharField(
        label=_("Charter or points of unity, in Arabic"), widget=forms.Textarea
    )
    charter_en = forms.CharField(
        label=_("Charter or points of unity, in English"), widget=forms.Textarea, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=CoalitionStatus.choices)


class MembershipForm(forms.Form):
    commitments = forms.CharField(
        label=_("What it commits to"), widget=forms.Textarea, required=False, max_length=4000
    )
    offers = forms.CharField(
        label=_("What it offers"), widget=forms.Textarea, required=False, max_length=4000
    )


class AdmitForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = candidates  # type: ignore[attr-defined]


class WorkingGroupForm(forms.Form):
    name = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea, required=False)


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.name_en})" if obj.name_en else obj.name


class WorkingGroupAddForm(forms.Form):
    group = GroupChoiceField(label=_("Working group"), queryset=WorkingGroup.objects.none())
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, groups, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["organization"].queryset = members  # type: ignore[attr-defined]
