from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class TreasuryConfig(AppConfig):
    name = "jisr.treasury"
    label = "treasury"
    verbose_name = _("Treasury")

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        from .selectors import pending_contributions

        return [
            StaffLink(
                "treasury_staff:pending",
                _("Pending gifts"),
                count=lambda user: pending_contributions().count(),
                count_text=ngettext_lazy(
                    "%(count)d contribution waits for its money",
                    "%(count)d contributions wait for their money",
                    "count",
                ),
            ),
            StaffLink("treasury_staff:index", _("Treasury")),
            StaffLink("treasury_staff:expenses", _("Expenses")),
            StaffLink("treasury_staff:ledger", _("Ledger")),
            StaffLink("treasury_staff:cash_sheets", _("Cash count sheets")),
            StaffLink("treasury_staff:pledges", _("Pledges and dues")),
        ]

    def export_personal_data(self, user):
        from .selectors import contributions_of

        return {
            "contributions": [
                {
                    "campaign": c.campaign.title,
                    "method": c.method,
                    "status": c.status,
                    "currency": c.currency,
                    "gross": c.gross,
                    "fee": c.fee,
                    "net": c.net,
                    "reference": c.reference,
                    "received_on": c.received_on.isoformat() if c.received_on else None,
                    "receipt_number": c.receipt_number,
                }
                for c in contributions_of(user)
            ]
        }

    def erase_personal_data(self, user):
        from .services import donor_erase_for_user
        from .services.cash import pledges_stop_for_user

        pledges_stop_for_user(user)
        donor_erase_for_user(user)

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)
