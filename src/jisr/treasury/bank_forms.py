"""The treasurer's batch of bank lines settled by hand: per line, the contribution it
paid (with what arrived and the fee the bank kept), or "ignore" with a reason."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jisr.core import forms as core_forms

from .forms import AmountField, minor
from .money import format_minor, from_minor


class FeeField(core_forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=15, decimal_places=2, min_value=0, **kwargs)


class BankMatchForm(forms.Form):
    def __init__(self, *args, lines, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.contributions = {str(c.pk): c for c in contributions}
        for line in lines:
            choices = [("", _("— not yet —"))] + [
                (
                    key,
                    f"{c.reference or c.pk} · {format_minor(c.gross, c.currency)} · "
                    f"{c.campaign.title}"[:90],
                )
                for key, c in self.contributions.items()
                if c.currency == line.currency
            ]
            date = date_format(line.booked_on)  # in the page's language, read as words
            self.fields[f"contribution_{line.pk}"] = forms.ChoiceField(
                label=_("Contribution paid by the line of %(date)s") % {"date": date},
                choices=choices,
                required=False,
            )
            self.fields[f"received_{line.pk}"] = AmountField(
                label=_("Amount received (%(currency)s)") % {"currency": line.currency},
                initial=from_minor(line.amount, line.currency),
                required=False,
            )
            self.fields[f"fee_{line.pk}"] = FeeField(
                label=_("Fee (%(currency)s)") % {"currency": line.currency},
                initial=0,
                required=False,
            )
            self.fields[f"ignore_{line.pk}"] = forms.BooleanField(
                label=_("Ignore the line of %(date)s") % {"date": date}, required=False
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=_("Why it is ignored"), max_length=300, required=False
            )

    def rows(self):
        for line in self.lines:
            yield (
                line,
                *(
                    self[f"{name}_{line.pk}"]
                    for name in ("contribution", "received", "fee", "ignore", "reason")
                ),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        matches, ignores = [], []
        for line in self.lines:
            chosen = data.get(f"contribution_{line.pk}")
            if data.get(f"ignore_{line.pk}"):
                if chosen:
                    self.add_error(
                        f"ignore_{line.pk}",
                        _("Either choose a contribution or ignore the line, not both."),
                    )
                elif not (data.get(f"reason_{line.pk}") or "").strip():
                    self.add_error(f"reason_{line.pk}", _("Say why the line is ignored."))
                else:
                    ignores.append({"line": line, "reason": data[f"reason_{line.pk}"]})
            elif chosen:
                received = minor(self, f"received_{line.pk}", line.currency)
                if received is None and f"received_{line.pk}" not in self.errors:
                    self.add_error(f"received_{line.pk}", _("Enter the amount that arrived."))
                fee = minor(self, f"fee_{line.pk}", line.currency) or 0
                matches.append(
                    {
                        "line": line,
                        "contribution": self.contributions[chosen],
                        "received": received,
                        "fee": fee,
                    }
                )
        if not matches and not ignores and not self.errors:
            raise forms.ValidationError(
                _("Choose a contribution for a line, or tick “Ignore” and say why."),
                code="empty",
            )
        data["matches"], data["ignores"] = matches, ignores
        return data
