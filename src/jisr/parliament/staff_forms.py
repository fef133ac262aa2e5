"""Staff forms for recording parliamentary activity. They validate input only; the rules
(membership on the date, consistent stages …) live in the services, shared with imports."""

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms

from .forms import PersonChoiceField, PersonMultipleChoiceField, person_label
from .models import (
    Activity,
    Attendance,
    Bill,
    BillPhase,
    Organization,
    Person,
    Question,
    Term,
    Vote,
    VoteEvent,
)
from .selectors import with_seat

CLS = Organization.Classification
NOT_SITTING = "skip"


def _members(term: Term):
    seats = {
        "memberships__term": term,
        "memberships__organization__classification": CLS.LEGISLATURE,
    }
    return with_seat(Person.objects.filter(**seats).distinct().order_by("name"))


class PerMemberForm(jisr_forms.FindMixin, forms.Form):
    """A default for everyone, and a field per member for the exceptions."""

    default_field = "default"
    options: Sequence[tuple[str, str | Promise]] = ()

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term
        self.members = list(self.member_queryset(term))
        exceptions = [("", _("As the default")), *self.options, (NOT_SITTING, _("Not sitting"))]
        for person in self.members:
            self.fields[f"member_{person.pk}"] = forms.ChoiceField(
                label=person_label(person), choices=exceptions, required=False
            )

    def member_queryset(self, term: Term):
        return _members(term)

    def member_fields(self):
        """The rows of the exceptions table: every member, or those matching the table's
        Find box, and always those who already have an exception."""
        rows = [(person, self[f"member_{person.pk}"]) for person in self.members]
        query = self.members_finder()["query"]
        if not query:
            return rows
        return [(p, f) for p, f in rows if f.value() or jisr_forms.matches(query, f.label)]

    def members_finder(self) -> dict:
        """What the Find box above the exceptions table shows (core/forms/_find.html)."""
        query = jisr_forms.find_query(self.data, "members") if self.is_bound else ""
        return {"name": "members", "attrs": {"id": "exceptions"}, "query": query}

    def per_member(self) -> dict[int, str]:
        default = self.cleaned_data[self.default_field]
        chosen = {p.pk: self.cleaned_data[f"member_{p.pk}"] or default for p in self.members}
        return {pk: value for pk, value in chosen.items() if value != NOT_SITTING}


class VoteEventForm(PerMemberForm):
    options = Vote.Option.choices

    motion = forms.CharField(label=_("Motion or bill voted on"), max_length=500)
    date = jisr_forms.DateField(label=_("Date"))
    result = forms.ChoiceField(label=_("Result"), choices=VoteEvent.Result.choices)
    method = forms.ChoiceField(
        label=_("How the vote was taken"),
        choices=[("", "—"), *VoteEvent.Method.choices],
        help_text=_(
            "Members' votes below are recorded only for an electronic roll call. For a show "
            "of hands, a secret ballot or an unknown way, only the result is recorded."
        ),
    )
    is_key = forms.BooleanField(
        label=_("Key vote"),
        required=False,
        help_text=_("The offices of our representatives will be asked to explain their vote."),
    )
    bill = forms.ModelChoiceField(Bill.objects.none(), required=False, label=_("Bill"))
    default = forms.ChoiceField(
        label=_("How most members voted"), choices=Vote.Option.choices, initial=Vote.Option.YES
    )
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    document_ref = forms.CharField(label=_("Document reference"), required=False, max_length=300)
    field_order = [
        "motion",
        "date",
        "result",
        "method",
        "is_key",
        "bill",
        "default",
        "source_url",
        "document_ref",
    ]

    def votes(self) -> dict[int, str]:
        """Members' votes for a roll call; none for a vote taken any other way."""
        if self.cleaned_data["method"] != VoteEvent.Method.ROLL_CALL:
            return {}
        return self.per_member()

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, term=term, **kwargs)
        jisr_forms.model_choice_field(self, "bill").queryset = Bill.objects.filter(term=term)


# An attendance and, for an absence, its reason, chosen as one value ("status:reason").
ATTENDANCE_OPTIONS = [
    ("present", Attendance.Status.PRESENT.label),
    ("excused:mission", _("Excused — official mission")),
    ("excused:medical", _("Excused — medical leave")),
    ("excused:exemption", _("Excused — service exemption")),
    ("excused:unknown", _("Excused — reason unknown")),
    ("absent:unexcused", _("Absent — unexcused")),
    ("absent:unknown", _("Absent — reason unknown")),
]


def split_attendance(chosen: dict[int, str]) -> tuple[dict[int, str], dict[int, str]]:
    """``{person: "status:reason"}`` → statuses and reasons."""
    statuses, reasons = {}, {}
    for pid, value in chosen.items():
        status, _sep, reason = value.partition(":")
        statuses[pid] = status
        if reason:
            reasons[pid] = reason
    return statuses, reasons


class TimeField(jisr_forms.AsciiDigitsMixin, forms.TimeField):
    """A time of day (HH:MM) in any digits."""

    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AttendanceSourceMixin(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Attendance.Source.choices, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")


class AttendanceForm(AttendanceSourceMixin, PerMemberForm):
    options = ATTENDANCE_OPTIONS

    date = jisr_forms.DateField(label=_("Date of the sitting"))
    number = jisr_forms.IntegerField(label=_("Sitting number"), required=False, min_value=1)
    scheduled_start = TimeField(label=_("Called for (time)"), required=False)
    actual_start = TimeField(label=_("Began at (time)"), required=False)
    quorum_reached = forms.NullBooleanField(
        label=_("Quorum reached"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not recorded")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    default = forms.ChoiceField(
        label=_("Most members were"), choices=ATTENDANCE_OPTIONS, initial="present"
    )
    field_order = [
        "date",
        "number",
        "scheduled_start",
        "actual_start",
        "quorum_reached",
        "default",
        "source",
        "source_url",
    ]


class CommitteeMeetingForm(AttendanceSourceMixin, PerMemberForm):
    options = ATTENDANCE_OPTIONS

    date = jisr_forms.DateField(label=_("Date of the meeting"))
    title = forms.CharField(label=_("Subject"), max_length=300, required=False)
    default = forms.ChoiceField(
        label=_("Most members were"), choices=ATTENDANCE_OPTIONS, initial="present"
    )
    field_order = ["date", "title", "default", "source", "source_url"]

    def __init__(self, *args, term: Term, committee: Organization, **kwargs):
        self.committee = committee
        super().__init__(*args, term=term, **kwargs)

    def member_queryset(self, term: Term):
        return with_seat(
            Person.objects.filter(memberships__organization=self.committee)
            .distinct()
            .order_by("name")
        )


class BillPhaseForm(forms.ModelForm):
    class Meta:
        model = BillPhase
        fields = [
            "code",
            "name",
            "name_en",
            "explanation",
            "explanation_en",
            "is_terminal",
            "outcome",
        ]
        help_texts = {
            "code": _("A short code in Latin letters (for example first_reading); bills store it."),
        }


class BillExplainForm(forms.Form):
    explainer = forms.CharField(
        label=_("What the bill does, in plain Arabic"), widget=forms.Textarea, required=False
    )
    explainer_en = forms.CharField(
        label=_("What the bill does, in plain English"), widget=forms.Textarea, required=False
    )


class ActivityForm(jisr_forms.FindMixin, forms.Form):
    person = PersonChoiceField(Person.objects.none(), label=_("Representative"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, v) for k, v in Activity.Kind.choices if k in ("speech", "committee")],
    )
    date = jisr_forms.DateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    committee = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.COMMITTEE),
        required=False,
        label=_("Committee"),
    )
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "person").queryset = _members(term)


class QuestionForm(jisr_forms.FindMixin, forms.Form):
    asked_by = PersonChoiceField(Person.objects.none(), label=_("Asked by"))
    ministry = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.MINISTRY), label=_("Ministry")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    asked_on = jisr_forms.DateField(label=_("Asked on"))
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(label=_("Question"), widget=forms.Textarea, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "asked_by").queryset = _members(term)


class BillForm(jisr_forms.FindMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    number = forms.CharField(label=_("Number"), max_length=50, required=False)
    introduced_on = jisr_forms.DateField(label=_("Introduced on"))
    sponsors = PersonMultipleChoiceField(Person.objects.none(), label=_("Sponsors"), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "sponsors").queryset = _members(term)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name (Arabic script)"), max_length=200)
    name_latin = forms.CharField(label=_("Name (Latin script)"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices, required=False)
    birth_year = jisr_forms.IntegerField(label=_("Birth year"), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG; it is resized and its metadata removed."),
    )
    confirm_different = forms.BooleanField(
        label=_("This is a different person with a similar name"), required=False
    )


class MergeForm(jisr_forms.FindMixin, forms.Form):
    duplicate = PersonChoiceField(
        Person.objects.all(), label=_("The duplicate record to merge into this one")
    )
