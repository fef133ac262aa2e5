from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.elections.models import Election
from jisr.parliament.forms import PersonChoiceField, PersonMultipleChoiceField
from jisr.parliament.models import Area, Organization, Person

from . import selectors
from .models import BrokenReason, Category, EvidenceKind, Platform, Scope, Verdict

CLS = Organization.Classification


class FilterForm(forms.Form):
    """The list's filters. A value that is not valid is dropped, never an error page."""

    category = forms.ModelChoiceField(
        Category.objects.all(), required=False, label=_("Category"), empty_label=_("Any")
    )
    verdict = forms.ChoiceField(
        choices=[("", _("Any")), *Verdict.choices], required=False, label=_("Verdict")
    )
    party = forms.ModelChoiceField(
        Organization.objects.none(), required=False, label=_("Party"), empty_label=_("Any")
    )
    representative = PersonChoiceField(
        Person.objects.none(), required=False, label=_("Representative"), empty_label=_("Any")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "party").queryset = selectors.parties_with_platforms()
        jisr_forms.model_choice_field(
            self, "representative"
        ).queryset = selectors.people_with_pledges()

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "category": data.get("category"),
            "verdict": data.get("verdict") or "",
            "party": data.get("party"),
            "representative": data.get("representative"),
        }


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name in Arabic"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    order = jisr_forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)


class PlatformForm(forms.Form):
    owner = forms.ModelChoiceField(
        Organization.objects.filter(classification__in=[CLS.PARTY, CLS.ALLIANCE]),
        required=False,
        label=_("Party or alliance"),
        empty_label=_("The organization itself"),
    )
    election = forms.ModelChoiceField(
        Election.objects.order_by("-date"),
        required=False,
        label=_("Election"),
        empty_label=_("None"),
    )
    title = forms.CharField(label=_("Title of the document"), max_length=300)
    source_url = forms.URLField(
        assume_scheme="https", label=_("Address of the document"), max_length=500
    )
    archive_url = forms.URLField(
        assume_scheme="https",
        label=_("Address of an archived copy"),
        max_length=500,
        help_text=_("For example on the Internet Archive, so the text can still be read."),
    )
    published_on = jisr_forms.DateField(label=_("Published on"))


class PledgeForm(jisr_forms.FindMixin, forms.Form):
    platform = forms.ModelChoiceField(Platform.objects.none(), label=_("Platform"))
    quote = forms.CharField(
        label=_("The pledge, word for word"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Copied exactly as published, in its own language."),
    )
    source_url = forms.URLField(
        assume_scheme="https", label=_("Address where it was published"), max_length=500
    )
    page = forms.CharField(label=_("Page"), max_length=50, required=False)
    archive_url = forms.URLField(
        assume_scheme="https", label=_("Address of an archived copy"), max_length=500
    )
    summary = forms.CharField(label=_("Summary in Arabic"), max_length=300)
    summary_en = forms.CharField(label=_("Summary in English"), max_length=300)
    categories = jisr_forms.ModelMultipleChoiceField(
        Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Categories"),
    )
    scope = forms.ChoiceField(choices=Scope.choices, label=_("Scope"), initial=Scope.NATIONAL)
    area = forms.ModelChoiceField(
        Area.objects.all(), required=False, label=_("Governorate"), empty_label=_("None")
    )
    deadline = jisr_forms.DateField(label=_("Deadline"), required=False)
    people = PersonMultipleChoiceField(
        Person.objects.all(), required=False, label=_("Representatives who made it")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "platform").queryset = Platform.objects.select_related(
            "owner"
        ).order_by("-published_on", "-pk")

    def clean(self):
        data = super().clean() or {}
        if data.get("scope") == Scope.GOVERNORATE and not data.get("area"):
            self.add_error("area", _("A pledge for a governorate names the governorate."))
        return data


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(choices=EvidenceKind.choices, label=_("Kind"))
    title = forms.CharField(label=_("What it is"), max_length=300)
    url = forms.URLField(assume_scheme="https", label=_("Address"), max_length=500)
    archive_url = forms.URLField(
        assume_scheme="https",
        label=_("Address of an archived copy"),
        max_length=500,
        required=False,
    )
    quote = forms.CharField(
        label=_("Quote"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    date = jisr_forms.DateField(label=_("Date"))


class VerdictFields(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices, label=_("Verdict"))
    reason = forms.ChoiceField(
        choices=BrokenReason.choices,
        required=False,
        label=_("Reason it was broken"),
        help_text=_("Only for a broken pledge."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("What a reader needs to see why; facts, not opinions."),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("verdict") == Verdict.BROKEN and not data.get("reason"):
            self.add_error("reason", _("A broken pledge says why it was broken."))
        if data.get("verdict") != Verdict.BROKEN and data.get("reason"):
            self.add_error("reason", _("Only a broken pledge has a reason."))
        return data


class RatingForm(VerdictFields):
    pass


class AgreeForm(VerdictFields):
    evidence = jisr_forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Evidence it rests on"),
    )

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = pledge.evidence.all()  # type: ignore[attr-defined]
        self.fields["evidence"].label_from_instance = lambda e: e.title  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    KINDS = [
        ("bill", _("Bill")),
        ("vote_event", _("Vote")),
        ("question", _("Question")),
        ("activity", _("Activity")),
        ("proposal", _("Proposal")),
    ]
    kind = forms.ChoiceField(choices=KINDS, label=_("Kind of record"))
    number = jisr_forms.IntegerField(
        label=_("Number of the record"),
        min_value=1,
        help_text=_("The number in the record's address, for example 12 in /bills/12/."),
    )
    note = forms.CharField(label=_("How it relates"), max_length=300, required=False)
