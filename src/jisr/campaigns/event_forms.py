"""The organizer's forms for events: the event, a time, check-in, walk-ins, the closing
report, and the attendee's feedback. Numbers and dates read Arabic-Indic digits."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.core import forms as core_forms
from jisr.core.text.digits import to_ascii_digits
from jisr.treasury.models import Campaign

from .models import RATINGS, Event, EventAudience, EventFormat, EventKind, PhotoConsent


class TimeInput(forms.TimeInput):
    """The browser's time picker (24-hour HH:MM)."""

    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs=attrs, format=format)


class TimeField(core_forms.AsciiDigitsMixin, forms.TimeField):
    widget = TimeInput


class _HostsField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def host_choices():
    """Who may host: volunteers and organizers."""
    return (
        User.objects.filter(groups__name__in=[Role.VOLUNTEER, Role.ORGANIZER], is_active=True)
        .distinct()
        .order_by("display_name")
    )


class EventForm(core_forms.FindMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=EventFormat.choices,
        widget=forms.RadioSelect,
        initial=EventFormat.IN_PERSON,
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who can see it"),
        choices=EventAudience.choices,
        widget=forms.RadioSelect,
        initial=EventAudience.PUBLIC,
        help_text=gettext_lazy(
            "Members only: for a sensitive gathering, visitors do not even learn it exists."
        ),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title in English"), max_length=200, required=False
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    city = forms.CharField(
        label=gettext_lazy("City"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Public: only the city, never more."),
    )
    address = forms.CharField(
        label=gettext_lazy("Address"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy("Shown only to those registered."),
    )
    online_url = forms.URLField(
        label=gettext_lazy("Link to join online"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("Shown only to those registered."),
    )
    private_instructions = forms.CharField(
        label=gettext_lazy("Instructions for those registered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    photo_consent = forms.ChoiceField(
        label=gettext_lazy("Photographs"), choices=PhotoConsent.choices, initial=PhotoConsent.ASK
    )
    attendance_listing = forms.BooleanField(
        label=gettext_lazy("Attendees may choose to be listed publicly by their display name"),
        required=False,
    )
    hosts = _HostsField(
        label=gettext_lazy("Hosts"),
        queryset=User.objects.none(),
        required=False,
        widget=core_forms.SearchableCheckboxes,
        help_text=gettext_lazy("Volunteers among the hosts may check people in at the door."),
    )
    treasury_campaign = forms.ModelChoiceField(
        label=gettext_lazy("Treasury campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=gettext_lazy("Where the money raised at the event is counted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = self.fields["hosts"]
        assert isinstance(hosts, forms.ModelMultipleChoiceField)
        hosts.queryset = host_choices()
        campaign = self.fields["treasury_campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.order_by("-starts_on", "-pk")

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        from .services.event_ops import EVENT_FIELDS

        initial = {name: getattr(event, name) for name in EVENT_FIELDS}
        initial["hosts"] = list(event.hosts.values_list("pk", flat=True))
        initial["treasury_campaign"] = event.treasury_campaign_id
        return initial


class TimeslotForm(forms.Form):
    date = core_forms.DateField(label=gettext_lazy("Date"))
    starts = TimeField(label=gettext_lazy("Starts at"))
    ends = TimeField(label=gettext_lazy("Ends at"))
    capacity = core_forms.IntegerField(
        label=gettext_lazy("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy("Leave empty for no limit."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, starts, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, ends, tzinfo=zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The end must come after the start."))
        return data


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        max_length=40,
        help_text=gettext_lazy(
            "As the member shows it; capitals, spaces and dashes do not matter."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        return to_ascii_digits(self.cleaned_data["code"])


class WalkInsForm(forms.Form):
    walk_ins = core_forms.IntegerField(
        label=gettext_lazy("Walk-ins"),
        min_value=0,
        max_value=100_000,
        help_text=gettext_lazy("People who came without registering: a number, no names."),
    )


class _ProposalsField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class _SheetsField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        from jisr.treasury.money import format_minor

        total = format_minor(obj.total, obj.currency)
        # Each part isolated (FSI … PDI, LRI for the amount): options cannot hold <bdi>.
        return f"\u2068{obj.label}\u2069 — {obj.counted_on.isoformat()} — \u2066{total}\u2069"


class CloseForm(core_forms.FindMixin, forms.Form):
    walk_ins = core_forms.IntegerField(
        label=gettext_lazy("Walk-ins"),
        min_value=0,
        max_value=100_000,
        help_text=gettext_lazy("People who came without registering: a number, no names."),
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=gettext_lazy(
            "What was said and decided. Public: write no one's name unless they agreed."
        ),
    )
    proposals = _ProposalsField(
        label=gettext_lazy("Linked proposals"),
        queryset=None,
        required=False,
        widget=core_forms.SearchableCheckboxes,
        help_text=gettext_lazy("The community's proposals that statements made at the event fed."),
    )
    cash_sheets = _SheetsField(
        label=gettext_lazy("Money raised: cash count sheets"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The treasury's count sheets of the cash collected at the event."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        from jisr.proposals.selectors import public_proposals
        from jisr.treasury.models.cash import CountSheet

        proposals = self.fields["proposals"]
        assert isinstance(proposals, forms.ModelMultipleChoiceField)
        proposals.queryset = public_proposals().only("pk", "title").order_by("-pk")
        sheets = CountSheet.objects.order_by("-counted_on", "-pk")
        if event.treasury_campaign_id is not None:
            sheets = sheets.filter(campaign_id=event.treasury_campaign_id)
        field = self.fields["cash_sheets"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = sheets


class RatingField(core_forms.AsciiDigitsMixin, forms.TypedChoiceField):
    """A rating from 1 to 5, in any digits."""


class FeedbackForm(forms.Form):
    rating = RatingField(
        label=gettext_lazy("How was it?"),
        choices=[(r, str(r)) for r in reversed(RATINGS)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("5 is the best."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Only the organizers read comments, and nothing links them to you."),
    )
