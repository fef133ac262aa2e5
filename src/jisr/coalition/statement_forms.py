"""Forms of the statements' pages (digits in any script through ``core.forms``)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import DateField, IntegerField

from .models import Coalition, Delegate


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _delegate_label(delegate: Delegate) -> str:
    person = delegate.user.display_name if delegate.user is not None else "—"
    return f"{delegate.organization.name} · {person}"


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    coalition = forms.ModelChoiceField(
        label=_("Issued by the coalition"),
        queryset=Coalition.objects.all(),
        required=False,
        empty_label=_("None: a stand-alone statement"),
    )
    delegate = forms.ModelChoiceField(
        label=_("Proposed by (an organization, through its delegate)"),
        queryset=Delegate.objects.none(),
        required=False,
        empty_label=_("No organization: the organizers propose it"),
    )
    text = forms.CharField(label=_("Text in Arabic"), widget=forms.Textarea)
    text_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea, required=False)
    opens_on = DateField(label=_("Signing opens on"))
    closes_on = DateField(
        label=_("Signing closes on"), help_text=_("Signatures are taken until the end of this day.")
    )
    threshold = IntegerField(
        label=_("Organizations needed"),
        min_value=1,
        help_text=_("How many organizations must sign the latest version before publication."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["delegate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Delegate.objects.filter(ends_on__isnull=True, role__in=("primary", "alternate"))
            .select_related("organization", "user")
            .order_by("organization__name", "pk")
        )
        field.label_from_instance = _delegate_label  # type: ignore[method-assign,assignment]

    def clean(self):
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The signing window must close after it opens."))
        five_years = datetime.timedelta(days=5 * 366)
        today = timezone.localdate()
        for name in ("opens_on", "closes_on"):
            if data.get(name) and not today - five_years <= data[name] <= today + five_years:
                self.add_error(name, _("Choose a date within five years of today."))
        return data

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        return start_of(data["opens_on"]), start_of(data["closes_on"] + datetime.timedelta(1))


class VersionForm(forms.Form):
    text = forms.CharField(label=_("Text in Arabic"), widget=forms.Textarea)
    text_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea, required=False)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class OrganizationSignForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Sign for"), coerce=int)
    listed = forms.TypedChoiceField(
        label=_("On the list of signers"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[
            ("yes", _("Name our organization among the signers")),
            ("no", _("Signed, not listed: count us, never name us")),
        ],
        initial="yes",
    )

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.TypedChoiceField)
        english = get_language() == "en"
        field.choices = [
            (d.organization_id, (d.organization.name_en if english else "") or d.organization.name)
            for d in delegations
        ]


class PersonSignForm(forms.Form):
    listed = forms.TypedChoiceField(
        label=_("On the list of signers"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[
            ("yes", _("Show my display name among the signers")),
            ("no", _("Count my signature without my name")),
        ],
        initial="yes",
    )
