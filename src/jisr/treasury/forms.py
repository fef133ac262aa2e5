"""The treasury's forms. Amounts are typed in the currency's usual unit (12.50) in any
digits and stored in minor units (1250); a negative amount or one with too many decimals
is an error on its field."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core import forms as core_forms
from jisr.core.text.digits import to_ascii_digits

from .models import Account, Campaign, Currency, Display, Method
from .money import AmountError, from_minor, to_minor


class AmountField(core_forms.DecimalField):
    """An amount of money in major units; ``clean`` returns the Decimal, and the form turns
    it into minor units once it knows the currency (``minor``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter an amount more than zero."), code="amount")


def minor(form: forms.Form, name: str, currency: str) -> int | None:
    """The field's amount in minor units, or None with an error on the field."""
    value = form.cleaned_data.get(name)
    if value is None:
        return None
    try:
        return to_minor(value, currency)
    except AmountError:
        form.add_error(
            name, _("Too many decimal places for %(currency)s.") % {"currency": currency}
        )
        return None


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title in English"), max_length=200, required=False
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"), widget=forms.Textarea(attrs={"rows": 4})
    )
    spending_plan = forms.CharField(
        label=gettext_lazy("Spending plan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("What the money will be spent on, and roughly how much each."),
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"),
        queryset=Campaign.objects.filter(parent__isnull=True),
        required=False,
        help_text=gettext_lazy("Leave empty unless this campaign is a part of a larger one."),
    )
    currency = forms.ChoiceField(label=gettext_lazy("Currency"), choices=Currency.choices)
    goal = AmountField(label=gettext_lazy("Goal"))
    preset_amounts = forms.CharField(
        label=gettext_lazy("Suggested amounts"),
        required=False,
        help_text=gettext_lazy("Separated by spaces, for example: 10 25 50"),
    )
    starts_on = core_forms.DateField(label=gettext_lazy("Starts on"))
    ends_on = core_forms.DateField(label=gettext_lazy("Ends on"), required=False)
    is_public = forms.BooleanField(label=gettext_lazy("Shown to the public"), required=False)

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict:
        return {
            **{name: getattr(campaign, name) for name in cls.base_fields if name != "goal"},
            "goal": from_minor(campaign.goal, campaign.currency),
            "preset_amounts": " ".join(
                str(from_minor(a, campaign.currency)) for a in campaign.preset_amounts
            ),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = data.get("currency")
        if currency:
            data["goal"] = minor(self, "goal", currency)
            presets = []
            for word in to_ascii_digits(data.get("preset_amounts", "")).split():
                try:
                    amount = to_minor(word, currency)
                except AmountError:
                    amount = 0
                if amount <= 0:
                    self.add_error(
                        "preset_amounts", _("Each suggested amount is a number above zero.")
                    )
                    break
                presets.append(amount)
            data["preset_amounts"] = presets
        return data


class DonorFields(forms.Form):
    """Who gives: known to the treasurer, shown to the public only as they choose."""

    name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        help_text=gettext_lazy("Only the treasurer and the auditor can read it."),
    )
    contact = forms.CharField(
        label=gettext_lazy("Phone or e-mail"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("So the treasurer can reach you about this gift. Stored encrypted."),
    )
    display = forms.ChoiceField(
        label=gettext_lazy("In public, show"),
        choices=Display.choices,
        initial=Display.HIDDEN,
        widget=forms.RadioSelect,
    )
    nickname = forms.CharField(
        label=gettext_lazy("Nickname"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Only if you chose to be shown by a nickname."),
    )
    attested = forms.BooleanField(
        label=gettext_lazy(
            "I give my own money. I am not giving on behalf of a foreign state, organization or "
            "person, and I know the law does not accept anonymous gifts."
        ),
    )


class GiveForm(DonorFields):
    """A member's gift, by one of the channels offered online (``channels``)."""

    amount = AmountField(label=gettext_lazy("Amount"))
    channel = forms.ChoiceField(label=gettext_lazy("How you give"), widget=forms.RadioSelect)
    field_order = ["amount", "channel", "name", "contact", "display", "nickname", "attested"]

    def __init__(self, *args, campaign: Campaign, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.channels = {channel.method: channel for channel in channels}
        self.fields["amount"].label = _("Amount (%(currency)s)") % {"currency": campaign.currency}
        field = self.fields["channel"]
        field.choices = [(c.method, c.label) for c in channels]  # type: ignore[attr-defined]
        field.initial = next(iter(self.channels), None)
        # One way only: nothing to choose (a form posted without it means that one).
        field.required = len(self.channels) != 1
        if not field.required:
            field.widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["gross"] = minor(self, "amount", self.campaign.currency)
        data["channel"] = self.channels.get(data.get("channel") or self.fields["channel"].initial)
        return data


class ContributionForm(DonorFields):
    """The treasurer records a gift: cash or in kind in hand, or a bank transfer awaited."""

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all()
    )
    # A card gift is recorded by Stripe's webhook, never by hand.
    method = forms.ChoiceField(
        label=gettext_lazy("How"), choices=[c for c in Method.choices if c[0] != Method.CARD]
    )
    amount = AmountField(label=gettext_lazy("Amount"))
    fee = AmountField(label=gettext_lazy("Fee"), required=False, min_value=0)
    received_on = core_forms.DateField(
        label=gettext_lazy("Received on"), required=False, initial=timezone.localdate
    )
    in_kind_description = forms.CharField(
        label=gettext_lazy("What was given in kind"), max_length=200, required=False
    )
    field_order = ["campaign", "method", "amount", "fee", "received_on", "in_kind_description"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign = data.get("campaign")
        if campaign:
            data["gross"] = minor(self, "amount", campaign.currency)
            data["fee"] = minor(self, "fee", campaign.currency) or 0
        return data


class PendingBatchForm(forms.Form):
    """Several waiting contributions marked as paid at once, each with what arrived."""

    received_on = core_forms.DateField(
        label=gettext_lazy("Received on"), initial=timezone.localdate
    )

    def __init__(self, *args, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.contributions = list(contributions)
        for c in self.contributions:
            self.fields[f"pick_{c.pk}"] = forms.BooleanField(
                label=_("Mark %(reference)s as paid") % {"reference": c.reference or c.pk},
                required=False,
            )
            self.fields[f"gross_{c.pk}"] = AmountField(
                label=_("Amount received (%(currency)s)") % {"currency": c.currency},
                initial=from_minor(c.gross, c.currency),
                required=False,
            )
            self.fields[f"fee_{c.pk}"] = AmountField(
                label=_("Fee (%(currency)s)") % {"currency": c.currency},
                initial=0,
                required=False,
                min_value=0,
            )

    def rows(self):
        for c in self.contributions:
            yield c, self[f"pick_{c.pk}"], self[f"gross_{c.pk}"], self[f"fee_{c.pk}"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        payments = []
        for c in self.contributions:
            if not data.get(f"pick_{c.pk}"):
                continue
            gross = minor(self, f"gross_{c.pk}", c.currency)
            if gross is None and f"gross_{c.pk}" not in self.errors:
                self.add_error(f"gross_{c.pk}", _("Enter the amount that arrived."))
            fee = minor(self, f"fee_{c.pk}", c.currency) or 0
            payments.append(
                {
                    "contribution": c,
                    "gross": gross,
                    "fee": fee,
                    "received_on": data.get("received_on"),
                }
            )
        if not payments and not self.errors:
            raise forms.ValidationError(_("Choose at least one contribution."), code="empty")
        data["payments"] = payments
        return data


class ExpenseForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all()
    )
    description = forms.CharField(
        label=gettext_lazy("Public description"),
        max_length=300,
        help_text=gettext_lazy("Shown to everyone. Do not name a private person here."),
    )
    payee = forms.CharField(
        label=gettext_lazy("Paid to"),
        max_length=200,
        help_text=gettext_lazy("Private: only the treasurer and the auditor see it."),
    )
    amount = AmountField(label=gettext_lazy("Amount"))
    spent_on = core_forms.DateField(label=gettext_lazy("Spent on"), initial=timezone.localdate)
    receipt = forms.FileField(label=gettext_lazy("Receipt"), required=False)
    no_receipt_reason = forms.CharField(
        label=gettext_lazy("If there is no receipt, why"), max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign = data.get("campaign")
        if campaign:
            data["amount"] = minor(self, "amount", campaign.currency)
        return data


class TransferForm(forms.Form):
    """Money sent from the branch to the party's centre."""

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all()
    )
    amount = AmountField(label=gettext_lazy("Amount"))
    transferred_on = core_forms.DateField(label=gettext_lazy("Sent on"), initial=timezone.localdate)
    account = forms.ChoiceField(
        label=gettext_lazy("From"),
        choices=[(Account.BANK, Account.BANK.label), (Account.CASH, Account.CASH.label)],
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign = data.get("campaign")
        if campaign:
            data["amount"] = minor(self, "amount", campaign.currency)
        return data


class AnnualExportForm(forms.Form):
    """The year of the accountant's export (any digits)."""

    year = core_forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=9999)
