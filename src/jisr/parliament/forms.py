from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms
from jisr.core.text.digits import to_ascii_digits

from .models import Area, Organization, Person, Term
from .selectors import with_seat

CLS = Organization.Classification


def person_label(person: Person) -> str:
    """«name — party — governorate»: how a representative is shown wherever one is chosen,
    so that two people of the same name can be told apart. Reads the annotations of
    ``selectors.with_seat``; without them, the name alone."""
    english = get_language() == "en"
    party: str = getattr(person, "seat_party", "")
    area: str = getattr(person, "seat_area", "")
    if english:
        party = getattr(person, "seat_party_en", "") or party
        area = getattr(person, "seat_area_en", "") or area
    # Each part is isolated (FSI … PDI): an Arabic name beside an English governorate would
    # otherwise be reordered by the bidi algorithm. Options cannot hold <bdi>.
    return " — ".join(f"\u2068{part}\u2069" for part in (person.name, party, area) if part)


if TYPE_CHECKING:
    _ModelChoiceBase = forms.ModelChoiceField
else:
    _ModelChoiceBase = object


class _PersonPickerMixin(jisr_forms.AsciiDigitsMixin, _ModelChoiceBase):
    """Labels each person with party and governorate, from one annotated query, offers a
    Find box (a form holding one needs ``jisr_forms.FindMixin``), and reads an id written
    in Arabic-Indic or Persian digits."""

    def __init__(self, *args, widget=None, **kwargs):
        super().__init__(*args, widget=jisr_forms.searchable(widget or self.widget), **kwargs)

    # Django's private accessors of the queryset property (not in the type stubs).
    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else with_seat(queryset))  # type: ignore[misc]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def label_from_instance(self, obj):
        return person_label(obj)


class PersonChoiceField(_PersonPickerMixin, forms.ModelChoiceField):
    """Choose one representative."""


class PersonMultipleChoiceField(_PersonPickerMixin, jisr_forms.ModelMultipleChoiceField):
    """Choose several representatives."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [to_ascii_digits(v) if isinstance(v, str) else v for v in value]
        return super().clean(value)


class RepresentativeFilterForm(forms.Form):
    """The list's filters. Invalid values are dropped, never an error page."""

    term = forms.ModelChoiceField(Term.objects.all(), required=False, label=_("Term"))
    party = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.PARTY), required=False, label=_("Party")
    )
    alliance = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.ALLIANCE),
        required=False,
        label=_("Alliance"),
    )
    area = forms.ModelChoiceField(Area.objects.all(), required=False, label=_("Governorate"))
    gender = forms.ChoiceField(
        choices=[("", _("Any"))] + [c for c in Person.Gender.choices if c[0]],
        required=False,
        label=_("Gender"),
    )
    committee = forms.ModelChoiceField(
        Organization.objects.filter(classification=CLS.COMMITTEE),
        required=False,
        label=_("Committee"),
    )
    sort = forms.ChoiceField(
        choices=[("name", _("Name, A to Z")), ("-name", _("Name, Z to A"))],
        required=False,
        label=_("Sort"),
    )

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "term": data.get("term"),
            "party": getattr(data.get("party"), "pk", None),
            "alliance": getattr(data.get("alliance"), "pk", None),
            "area": getattr(data.get("area"), "pk", None),
            "gender": data.get("gender") or "",
            "committee": getattr(data.get("committee"), "pk", None),
            "sort": data.get("sort") or "name",
        }


class CompareForm(jisr_forms.FindMixin, forms.Form):
    """Two to four representatives to set side by side (a GET form)."""

    p = PersonMultipleChoiceField(
        Person.objects.filter(memberships__organization__classification=CLS.LEGISLATURE)
        .distinct()
        .order_by("name", "pk"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
        label=_("Representatives"),
        help_text=_("Choose two to four."),
    )

    def clean_p(self):
        people = list(self.cleaned_data["p"])
        if not 2 <= len(people) <= 4:
            raise forms.ValidationError(_("Choose two to four representatives."))
        return people
