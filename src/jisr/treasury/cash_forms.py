"""Forms of the cash count sheets, pledges and dues. Counts and amounts accept Arabic-Indic
digits; amounts are typed in major units and kept in minor units."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.core import forms as core_forms
from jisr.core.text.digits import to_ascii_digits

from .forms import AmountField, DonorFields, minor
from .models import Campaign
from .models.cash import Frequency
from .money import AmountError, format_minor, to_minor
from .services.cash import denominations


class CountSheetForm(forms.Form):
    """One collection's cash: a count per note and coin of the campaign's currency, and the
    gifts it holds, one per line: the amount, a semicolon, the donor's full name."""

    label = forms.CharField(label=gettext_lazy("Event or collection"), max_length=200)
    counted_on = core_forms.DateField(label=gettext_lazy("Counted on"), initial=timezone.localdate)
    gifts = forms.CharField(
        label=gettext_lazy("Gifts in this cash"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=gettext_lazy(
            "One gift per line: the amount, a semicolon, the donor's full name. "
            "For example: 50; Sara Example"
        ),
    )
    attested = forms.BooleanField(
        label=gettext_lazy(
            "Each donor confirmed giving their own money, not on behalf of a foreign state, "
            "organization or person."
        )
    )
    difference_reason = forms.CharField(
        label=gettext_lazy("Why the cash differs from the gifts"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Only if the counted cash and the sum of the gifts differ."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        for value in denominations(campaign.currency):
            self.fields[f"n_{value}"] = core_forms.IntegerField(
                label=format_minor(value, campaign.currency),
                required=False,
                min_value=0,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
            )

    def count_fields(self):
        return [self[name] for name in self.fields if name.startswith("n_")]

    def clean_gifts(self) -> list[dict]:
        gifts = []
        lines = to_ascii_digits(self.cleaned_data["gifts"]).splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            amount, _sep, name = line.replace("؛", ";").partition(";")
            try:
                value = to_minor(amount.replace("٫", "."), self.campaign.currency)
            except AmountError:
                value = None
            if value is None or value <= 0 or not name.strip():
                raise forms.ValidationError(
                    _(
                        "Line %(number)d: write the amount, a semicolon, then the donor's full "
                        "name, for example: 50; Sara Example"
                    )
                    % {"number": number},
                    code="gift_line",
                )
            gifts.append({"amount": value, "name": name.strip()})
        return gifts

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["counts"] = {
            int(name[2:]): data[name]
            for name in self.fields
            if name.startswith("n_") and data.get(name)
        }
        for gift in data.get("gifts") or []:
            gift["attested"] = bool(data.get("attested"))
        return data


class DepositForm(forms.Form):
    amount = AmountField(label=gettext_lazy("Amount the bank received"))
    deposited_on = core_forms.DateField(
        label=gettext_lazy("Deposited on"), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it differs from the count"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Only if the bank received a different amount."),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["minor"] = minor(self, "amount", self.currency)
        return data


class ExplainForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why the deposit differs"), max_length=300)


class PledgeForm(DonorFields):
    """The treasurer records a pledge in instalments, or monthly dues for a member."""

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all()
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Pledge or dues"),
        choices=[
            ("pledge", gettext_lazy("A pledge paid in instalments")),
            ("dues", gettext_lazy("Monthly dues of a member")),
        ],
        widget=forms.RadioSelect,
        initial="pledge",
    )
    amount = AmountField(
        label=gettext_lazy("Amount"),
        help_text=gettext_lazy("The pledged total, or the dues of one month."),
    )
    count = core_forms.IntegerField(
        label=gettext_lazy("Instalments"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=gettext_lazy("For a pledge: in how many payments."),
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("Every"), choices=Frequency.choices, initial=Frequency.MONTHLY
    )
    starts_on = core_forms.DateField(
        label=gettext_lazy("First payment due on"), initial=timezone.localdate
    )
    member_email = forms.EmailField(
        label=gettext_lazy("Member's e-mail"),
        required=False,
        help_text=gettext_lazy("The member sees it on their own page. Required for dues."),
    )
    field_order = ["campaign", "kind", "amount", "count", "frequency", "starts_on", "member_email"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign = data.get("campaign")
        if campaign:
            data["minor"] = minor(self, "amount", campaign.currency)
        email = data.get("member_email")
        data["member"] = None
        if email:
            data["member"] = User.objects.filter(email__iexact=email).first()
            if data["member"] is None:
                self.add_error("member_email", _("No member has this e-mail address."))
        if data.get("kind") == "pledge" and not data.get("count"):
            self.add_error("count", _("Say in how many instalments the pledge is paid."))
        return data


class DuesForm(DonorFields):
    """A member sets their own monthly dues."""

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.filter(is_public=True)
    )
    amount = AmountField(label=gettext_lazy("Each month"))
    field_order = ["campaign", "amount"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign = data.get("campaign")
        if campaign:
            data["minor"] = minor(self, "amount", campaign.currency)
        return data
