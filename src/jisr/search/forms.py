from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import forms as jisr_forms

from .backends import Filters
from .registry import governorates, search_types
from .terms import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    """The query and its filters. Invalid filters are left out and said so, never an
    error page; the query itself is never invalid (terms.parse_query copes with anything)."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        strip=False,
        widget=forms.SearchInput(
            attrs={"dir": "auto", "autocomplete": "off", "maxlength": MAX_QUERY_CHARS}
        ),
    )
    type = forms.ChoiceField(label=_("Kind"), required=False)
    date_from = jisr_forms.DateField(label=_("From"), required=False)
    date_to = jisr_forms.DateField(label=_("Until"), required=False)
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jisr_forms.choice_field(self, "type").choices = [("", _("Everything"))] + [
            (code, kind.label) for code, kind in search_types().items()
        ]
        listed = governorates()
        self.governorate_names = dict(listed)
        jisr_forms.choice_field(self, "governorate").choices = [
            ("", _("All governorates")),
            *listed,
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("This date is before the start date."))
        return data

    def raw_query(self) -> str:
        return self.data.get("q", "") if self.is_bound else ""

    def filters(self) -> Filters:
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        if "date_to" in self.errors:
            data.pop("date_from", None)
        return Filters(
            types=(data["type"],) if data.get("type") else (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            governorate=data.get("governorate") or "",
        )
