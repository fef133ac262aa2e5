"""The forms members use: writing a proposal, filtering the list, reporting abuse.

Length limits and the other rules live in the services; these forms only parse input.
"""

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.core.localized import localized_name
from jisr.parliament.forms import PersonChoiceField, PersonMultipleChoiceField
from jisr.parliament.models import Area, Membership, Organization, Person, Term

from . import states
from .models import STATUS_LABELS, AbuseReport, Delivery, Topic


class ModelChoiceField(jisr_forms.AsciiDigitsMixin, forms.ModelChoiceField):
    """Reads an id typed or linked with Arabic-Indic or Persian digits."""

    def label_from_instance(self, obj):
        return localized_name(obj)


def current_representatives():
    """The members of the current term's legislature (one query, with the term inside)."""
    current_term = Term.objects.order_by("-start_date").values("pk")[:1]
    seats = Membership.objects.filter(
        term=Subquery(current_term),
        organization__classification=Organization.Classification.LEGISLATURE,
        person=OuterRef("pk"),
    )
    return Person.objects.filter(Exists(seats))


class ProposalForm(jisr_forms.FindMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        strip=False,
        help_text=_("One sentence that says what you propose."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Your proposal"),
        strip=False,
        help_text=_(
            "What is the problem, what should be done, and who would it help? Do not write "
            "anyone's name, phone number or address."
        ),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 10}),
    )
    topic = ModelChoiceField(
        Topic.objects.filter(is_active=True), label=_("Topic"), empty_label=_("Choose a topic")
    )
    area = ModelChoiceField(
        Area.objects.all(),
        required=False,
        label=_("Governorate"),
        empty_label=_("Not about one governorate"),
    )
    targets = PersonMultipleChoiceField(
        Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
        label=_("Addressed to"),
        help_text=_(
            "Choose the representatives it should go to, or leave this empty to let the "
            "organization decide."
        ),
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, label=_("Written in"), initial=settings.LANGUAGE_CODE
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = current_representatives()
        if proposal is not None and proposal.pk:
            # A draft keeps the representatives it already names, even after a new term.
            people = Person.objects.filter(
                Q(pk__in=people.values("pk")) | Q(targeted_proposals=proposal)
            ).distinct()
        jisr_forms.model_choice_field(self, "targets").queryset = people.order_by("name")

    @classmethod
    def for_proposal(cls, proposal, data=None):
        initial = {
            "title": proposal.title,
            "body": proposal.body,
            "topic": proposal.topic_id,
            "area": proposal.area_id,
            "targets": [p.pk for p in proposal.targets.all()],
            "language": proposal.language,
        }
        return cls(data, initial=initial, proposal=proposal)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "topic": data["topic"],
            "area": data["area"],
            "targets": list(data["targets"]),
            "language": data["language"],
        }


SORT_CHOICES = [
    ("newest", _("Newest")),
    ("supported", _("Most supported")),
    ("updated", _("Recently updated")),
]


def _people_with_proposals():
    delivered = Delivery.objects.filter(representative=OuterRef("pk"))
    return Person.objects.filter(
        Q(pk__in=current_representatives().values("pk")) | Exists(delivered)
    ).order_by("name")


class FilterForm(forms.Form):
    """The list's filters. A value that is not valid is dropped, never an error page."""

    status = forms.ChoiceField(required=False, label=_("Status"))
    topic = ModelChoiceField(
        Topic.objects.all(), required=False, label=_("Topic"), empty_label=_("Any")
    )
    representative = PersonChoiceField(
        Person.objects.none(), required=False, label=_("Representative"), empty_label=_("Any")
    )
    area = ModelChoiceField(
        Area.objects.all(), required=False, label=_("Governorate"), empty_label=_("Any")
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = [s for s in states.Status if s in states.PUBLIC]
        jisr_forms.choice_field(self, "status").choices = [("", _("Any"))] + [
            (s.value, STATUS_LABELS[s]) for s in public
        ]
        jisr_forms.model_choice_field(self, "representative").queryset = _people_with_proposals()

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "status": data.get("status") or "",
            "topic": getattr(data.get("topic"), "pk", None),
            "representative": getattr(data.get("representative"), "pk", None),
            "area": getattr(data.get("area"), "pk", None),
            "sort": data.get("sort") or "newest",
        }


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=AbuseReport.Reason.choices,
        widget=forms.RadioSelect,
        label=_("What is wrong with it?"),
    )
