"""Forms of the decisions part: an organizer drafts a decision, its options and its outcome;
a delegate votes for one of their organizations."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import (
    AsciiDigitsMixin,
    DateField,
    DateInput,
    IntegerField,
    choice_field,
    model_choice_field,
)

from .decision_selectors import Mandate, option_label
from .models import Coalition, Decision, DecisionKind, DecisionOption, QuorumUnit


class DateTimeField(AsciiDigitsMixin, forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


OPTIONS_HELP = _(
    "One option per line. For a choice or a ranked choice: the Arabic text, then | and the "
    "English text (optional). For a time poll: a date and time such as 2027-01-15 18:30."
)


def parse_options(kind: str, text: str) -> list:
    """The options written one per line, as the service takes them."""
    options: list = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if kind == DecisionKind.TIME:
            value = forms.DateTimeField().to_python(line.replace("T", " "))
            if value is None:
                raise ValidationError(_("Write each time as 2027-01-15 18:30."), code="time")
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            options.append(value)
        else:
            label, _sep, label_en = line.partition("|")
            options.append((label.strip(), label_en.strip()))
    return options


class DecisionForm(forms.Form):
    coalition = forms.ModelChoiceField(Coalition.objects.order_by("name"), label=_("Coalition"))
    title = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    details = forms.CharField(label=_("Details, in Arabic"), widget=forms.Textarea, required=False)
    details_en = forms.CharField(
        label=_("Details, in English"), widget=forms.Textarea, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices)
    options = forms.CharField(
        label=_("Options"), widget=forms.Textarea, required=False, help_text=OPTIONS_HELP
    )
    closes_at = DateTimeField(label=_("Closes at"))
    quorum = IntegerField(label=_("Quorum"), min_value=0, max_value=1000, initial=50)
    quorum_unit = forms.ChoiceField(
        label=_("Quorum counted in"), choices=QuorumUnit.choices, initial=QuorumUnit.PERCENT
    )
    results_hidden_until_close = forms.BooleanField(
        label=_("Hide the results until the decision closes"), required=False, initial=True
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: who voted is kept apart from what was voted; votes cannot change"),
        required=False,
    )

    def clean(self):
        data = super().clean() or {}
        if "kind" in data and "options" in data:
            try:
                data["options"] = parse_options(data["kind"], data["options"])
            except ValidationError as error:
                self.add_error("options", error)
        return data

    def decision_fields(self) -> dict:
        """The service's arguments (``decision_create``), from the valid form."""
        data = self.cleaned_data
        return {name: data[name] for name in DECISION_FIELDS}


DECISION_FIELDS = (
    "coalition",
    "title",
    "title_en",
    "details",
    "details_en",
    "kind",
    "closes_at",
    "quorum",
    "quorum_unit",
    "results_hidden_until_close",
    "anonymous",
    "options",
)


class ProposeForm(DecisionForm):
    """A delegate puts a decision forward for one of their organizations: in a coalition
    that organization is a member of. An organizer opens it."""

    organization = forms.TypedChoiceField(label=_("For"), coerce=int)

    field_order = ["organization", "coalition"]

    def __init__(self, *args, delegates: list, english: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegates = delegates
        choice_field(self, "organization").choices = [
            (
                d.organization_id,
                (d.organization.name_en or d.organization.name) if english else d.organization.name,
            )
            for d in delegates
        ]
        model_choice_field(self, "coalition").queryset = Coalition.objects.filter(
            memberships__organization_id__in=[d.organization_id for d in delegates],
            memberships__left_on__isnull=True,
        ).distinct()

    def delegate(self):
        pk = self.cleaned_data["organization"]
        return next(d for d in self.delegates if d.organization_id == pk)


class OptionsForm(forms.Form):
    options = forms.CharField(label=_("Options"), widget=forms.Textarea, help_text=OPTIONS_HELP)

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean_options(self):
        return parse_options(self.decision.kind, self.cleaned_data["options"])


class OutcomeForm(forms.Form):
    statement = forms.CharField(label=_("What was decided, in Arabic"), widget=forms.Textarea)
    statement_en = forms.CharField(
        label=_("What was decided, in English"), widget=forms.Textarea, required=False
    )
    review_on = DateField(
        label=_("Review on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "On this day the organizers and the member organizations' primary delegates are "
            "reminded, once, to look at the decision again."
        ),
    )


class VoteForm(forms.Form):
    """A ballot for one of the user's organizations: a stance or an option (proposal,
    choice), a rank for every option (ranked choice), the times it can make (time poll)."""

    organization = forms.TypedChoiceField(label=_("Vote for"), coerce=int)

    def __init__(
        self,
        *args,
        decision: Decision,
        options: list[DecisionOption],
        mandates: list[Mandate],
        english: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.decision, self.options = decision, options
        self.mandates = mandates
        names = {
            m.delegate.organization_id: (
                (m.delegate.organization.name_en or m.delegate.organization.name)
                if english
                else m.delegate.organization.name
            )
            for m in mandates
        }
        choice_field(self, "organization").choices = list(names.items())
        labels = [(o.pk, option_label(o, english)) for o in options]
        if decision.kind in (DecisionKind.PROPOSAL, DecisionKind.CHOICE):
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Your organization's vote"),
                choices=labels,
                coerce=int,
                widget=forms.RadioSelect,
            )
        elif decision.kind == DecisionKind.RANKED:
            ranks = [("", "—")] + [(n, str(n)) for n in range(1, len(options) + 1)]
            for option, label in labels:
                self.fields[f"rank_{option}"] = forms.TypedChoiceField(
                    label=label, choices=ranks, coerce=int
                )
        else:
            self.fields["times"] = forms.TypedMultipleChoiceField(
                label=_("The times your organization can make"),
                choices=labels,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if not decision.anonymous:
            self.fields["reason"] = forms.CharField(
                label=_("Reason (optional, shown with your organization's vote after close)"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def clean(self):
        data = super().clean() or {}
        kind = self.decision.kind
        if kind in (DecisionKind.PROPOSAL, DecisionKind.CHOICE):
            data["choices"] = [data["choice"]] if "choice" in data else []
        elif kind == DecisionKind.RANKED:
            ranks: dict[int, int] = {
                o.pk: data[f"rank_{o.pk}"] for o in self.options if f"rank_{o.pk}" in data
            }
            if len(ranks) != len(self.options) or len(set(ranks.values())) != len(ranks):
                raise ValidationError(
                    _("Give every option a different rank: 1 for the one you prefer."),
                    code="ranks",
                )
            data["choices"] = sorted(ranks, key=lambda pk: ranks[pk])
        else:
            data["choices"] = list(data.get("times") or [])
        return data

    def delegate(self):
        pk = self.cleaned_data["organization"]
        return next(m.delegate for m in self.mandates if m.delegate.organization_id == pk)


def default_closes_at() -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=7)
