"""Staff forms for proposals: moderation, delivery, answers, milestones, links, outcomes,
topics, and the office's answer. They validate input only; the rules (which transitions
are allowed, dates not in the future …) live in the services."""

from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.parliament.forms import PersonMultipleChoiceField, person_label
from jisr.parliament.models import Activity, Bill, Organization, Person, Question, Term, VoteEvent
from jisr.parliament.selectors import with_seat

from . import selectors, states
from .models import STATUS_LABELS, Delivery, Topic
from .states import Actor, Status

NOTE_MAX = 5_000
ANSWER_MAX = 10_000
RECENT_RECORDS = 20

# What the moderator's buttons say, by the status they lead to.
MODERATION_LABELS = {
    Status.PUBLISHED: _("Approve and publish"),
    Status.IN_REVIEW: _("Move to review"),
    Status.DRAFT: _("Ask the author for changes"),
    Status.REJECTED: _("Reject"),
}


def current_members(term: Term | None):
    """The people holding a seat in the legislature in this term, by name."""
    if term is None:
        return Person.objects.none()
    return (
        Person.objects.filter(
            memberships__term=term,
            memberships__organization__classification=Organization.Classification.LEGISLATURE,
        )
        .distinct()
        .order_by("name")
    )


class ModerateForm(forms.Form):
    target = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the author"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("Required when you ask for changes or reject: the author sees it."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = states.next_statuses(Status(proposal.status), Actor.MODERATOR)
        # Publishing first: it is the usual decision.
        order = [*MODERATION_LABELS, *allowed]
        choices = [
            (s.value, MODERATION_LABELS.get(s, STATUS_LABELS[s]))
            for s in sorted(allowed, key=order.index)
            if s != Status.MERGED
        ]
        jisr_forms.choice_field(self, "target").choices = choices

    def clean(self):
        super().clean()
        data = self.cleaned_data
        target = data.get("target")
        if target in (Status.DRAFT, Status.REJECTED) and not data.get("message", "").strip():
            self.add_error("message", _("Tell the author why."))
        return data


class MergeForm(forms.Form):
    into = jisr_forms.IntegerField(
        label=_("Number of the proposal that stays"),
        min_value=1,
        max_value=jisr_forms.MAX_ID,
        help_text=_("Its supports are kept; the supports of this one move to it."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean_into(self):
        pk = self.cleaned_data["into"]
        if pk == self.proposal.pk:
            raise forms.ValidationError(_("A proposal cannot be merged into itself."))
        into = selectors.public_proposals().filter(pk=pk).first()
        if into is None:
            raise forms.ValidationError(_("Choose a published proposal that is not hidden."))
        return into


class ReviewReportsForm(forms.Form):
    restore = forms.TypedChoiceField(
        label=_("Reports"),
        choices=[("1", _("Restore: the proposal is fine")), ("0", _("Keep it hidden"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class DeliverForm(jisr_forms.FindMixin, forms.Form):
    representatives = PersonMultipleChoiceField(
        Person.objects.none(),
        label=_("Delivered to"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    method = forms.ChoiceField(label=_("How"), choices=Delivery.Method.choices)
    delivered_on = jisr_forms.DateField(label=_("Delivered on"))
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        required=False,
        max_length=NOTE_MAX,
    )
    email_office = forms.BooleanField(
        label=_("E-mail the office a link to answer"),
        required=False,
        help_text=_("Sent to the public e-mail address of each representative's office."),
    )

    def __init__(self, *args, term: Term | None, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "representatives").queryset = current_members(term)


class PickForm(forms.Form):
    picked = forms.BooleanField(required=False)


class AnswerForm(forms.Form):
    delivery = forms.ModelChoiceField(Delivery.objects.none(), label=_("Answer of"))
    answered_on = jisr_forms.DateField(label=_("Answered on"))
    text = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"dir": "auto"}), max_length=ANSWER_MAX
    )

    def __init__(self, *args, deliveries, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.model_choice_field(self, "delivery").queryset = deliveries
        # Each delivery as its representative, told apart from a namesake (one query).
        people = with_seat(Person.objects.filter(pk__in=deliveries.values("representative_id")))
        labels = {person.pk: person_label(person) for person in people}
        field = jisr_forms.model_choice_field(self, "delivery")
        # Django's documented way to label one field's choices (the stubs see a method).
        field.label_from_instance = lambda obj: labels[obj.representative_id]  # type: ignore[method-assign]


class OfficeAnswerForm(forms.Form):
    """The office writes the answer itself: through a link, or in its inbox."""

    answered_on = jisr_forms.DateField(label=_("Date of the answer"))
    text = forms.CharField(
        label=_("The representative's answer"),
        widget=forms.Textarea(attrs={"dir": "auto"}),
        max_length=ANSWER_MAX,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"answered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MilestoneForm(forms.Form):
    date = jisr_forms.DateField(label=_("Date"))
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=NOTE_MAX,
    )
    progress = jisr_forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


# The parliament pages a pasted address may point to, and the link field each fills.
LINKABLE_PAGES = {
    "parliament:vote_event": ("vote_event", VoteEvent),
    "parliament:bill": ("bill", Bill),
    "parliament:question": ("question", Question),
}
KIND_MODELS = {"activity": Activity, "vote_event": VoteEvent, "bill": Bill, "question": Question}


class LinkForm(forms.Form):
    record = forms.ChoiceField(
        label=_("A recent record of the representatives it was delivered to"), required=False
    )
    url = forms.CharField(
        label=_("Or paste the address of its page on this site"),
        required=False,
        max_length=500,
        help_text=_("A vote, a bill or a question, e.g. https://…/votes/12/"),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "url"}),
    )

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.choice_field(self, "record").choices = [
            ("", "—"),
            *recent_records(representatives),
        ]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url:
            return None
        try:
            match = resolve(urlsplit(url).path or "/")
        except Resolver404:
            match = None
        if match is None or match.view_name not in LINKABLE_PAGES:
            raise forms.ValidationError(
                _("This is not the address of a vote, a bill or a question on this site.")
            )
        kind, model = LINKABLE_PAGES[match.view_name]
        record = model._default_manager.filter(pk=match.kwargs["pk"]).first()
        if record is None:
            raise forms.ValidationError(_("No record has this address."))
        return kind, record

    def clean_record(self):
        value = self.cleaned_data["record"]
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        record = KIND_MODELS[kind]._default_manager.filter(pk=pk).first()
        if record is None:
            raise forms.ValidationError(_("This record no longer exists."))
        return kind, record

    def clean(self):
        super().clean()
        data = self.cleaned_data
        chosen = [c for c in (data.get("record"), data.get("url")) if c]
        if not self.errors and len(chosen) != 1:
            raise forms.ValidationError(_("Choose one record, or paste one address."))
        data["target"] = chosen[0] if chosen else None
        return data


def recent_records(representatives) -> list[tuple[str | Promise, list[tuple[str, str]]]]:
    """Recent activities, questions, bills and votes of these people, grouped by kind, as
    choices whose value is ``kind:id``."""
    people = list(representatives)
    if not people:
        return []
    activities = (
        Activity.objects.filter(person__in=people)
        .select_related("person")
        .order_by("-date", "-id")[:RECENT_RECORDS]
    )
    questions = Question.objects.filter(asked_by__in=people).order_by("-asked_on", "-id")[
        :RECENT_RECORDS
    ]
    bills = (
        Bill.objects.filter(sponsors__in=people)
        .distinct()
        .order_by("-introduced_on", "-id")[:RECENT_RECORDS]
    )
    vote_events = (
        VoteEvent.objects.filter(votes__person__in=people)
        .distinct()
        .order_by("-date", "-id")[:RECENT_RECORDS]
    )
    groups = [
        (
            _("Activities"),
            [
                (f"activity:{a.pk}", f"{a.date:%Y-%m-%d} · {a.person.name} · {a.title}")
                for a in activities
            ],
        ),
        (
            _("Questions"),
            [(f"question:{q.pk}", f"{q.asked_on:%Y-%m-%d} · {q.title}") for q in questions],
        ),
        (_("Bills"), [(f"bill:{b.pk}", f"{b.introduced_on:%Y-%m-%d} · {b.title}") for b in bills]),
        (
            _("Votes"),
            [(f"vote_event:{v.pk}", f"{v.date:%Y-%m-%d} · {v.motion}") for v in vote_events],
        ),
    ]
    return [(label, choices) for label, choices in groups if choices]


class OutcomeForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note for the public timeline"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        required=False,
        max_length=NOTE_MAX,
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.choice_field(self, "target").choices = [
            (s.value, STATUS_LABELS[s]) for s in outcome_choices(proposal)
        ]


def outcome_choices(proposal) -> list[Status]:
    """Where an organizer can move the proposal from this page. Delivered and answered
    come with their records, on the delivery and answer pages."""
    return [
        s
        for s in states.next_statuses(Status(proposal.status), Actor.ORGANIZER)
        if s not in (Status.DELIVERED, Status.ANSWERED)
    ]


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput({"dir": "auto"}))
    name_en = forms.CharField(label=_("Name in English"), max_length=100, required=False)
    order = jisr_forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)


class TopicToggleForm(forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all())
