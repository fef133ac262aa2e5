"""The joint part's forms: which organization acts (among the person's own mandates),
for which coalition, and the proposal written jointly (the proposals app's own form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.core.localized import localized_name
from jisr.proposals.forms import ProposalForm

from .models import Coalition, CoalitionStatus, Delegate


class CoalitionChoiceField(jisr_forms.AsciiDigitsMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized_name(obj)


def _organization_choices(delegations: list[Delegate]) -> list[tuple[int, str]]:
    return [(d.organization_id, localized_name(d.organization)) for d in delegations]


class ActingForm(forms.Form):
    """Which of the person's organizations acts (their acting mandates only)."""

    organization = jisr_forms.IntegerField(
        label=_("For the organization"), widget=forms.Select(choices=[])
    )

    def __init__(self, *args, delegations: list[Delegate], **kwargs):
        super().__init__(*args, **kwargs)
        self.delegations = {d.organization_id: d for d in delegations}
        field = self.fields["organization"]
        field.widget.choices = _organization_choices(delegations)
        if len(delegations) == 1:
            field.initial = delegations[0].organization_id

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        if organization not in self.delegations:
            raise forms.ValidationError(
                _("Choose one of the organizations you act for."), code="not_delegate"
            )
        return organization


def member_coalitions(delegations: list[Delegate]):
    """The active coalitions one of these organizations is a current member of."""
    return (
        Coalition.objects.filter(
            status=CoalitionStatus.ACTIVE,
            memberships__organization__in=[d.organization_id for d in delegations],
            memberships__left_on__isnull=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


class AdoptForm(ActingForm):
    coalition = CoalitionChoiceField(
        Coalition.objects.none(), label=_("Coalition"), empty_label=None
    )
    note = forms.CharField(
        label=_("Why the coalition should carry it"),
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 4}),
    )

    def __init__(self, *args, delegations: list[Delegate], **kwargs):
        super().__init__(*args, delegations=delegations, **kwargs)
        field = self.fields["coalition"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = member_coalitions(delegations)


class WriteForm(ProposalForm):
    """The proposals app's form, with the organization that writes and the coalition that
    carries the proposal."""

    organization = jisr_forms.IntegerField(
        label=_("For the organization"), widget=forms.Select(choices=[])
    )
    coalition = CoalitionChoiceField(
        Coalition.objects.none(), label=_("Coalition"), empty_label=None
    )
    note = forms.CharField(
        label=_("Why the coalition carries it"),
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
    )

    field_order = ["organization", "coalition", "title", "body", "topic", "area", "targets"]

    def __init__(self, *args, delegations: list[Delegate], **kwargs):
        super().__init__(*args, **kwargs)
        self.delegations = {d.organization_id: d for d in delegations}
        self.fields["organization"].widget.choices = _organization_choices(delegations)
        field = self.fields["coalition"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = member_coalitions(delegations)

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        if organization not in self.delegations:
            raise forms.ValidationError(
                _("Choose one of the organizations you act for."), code="not_delegate"
            )
        return organization
