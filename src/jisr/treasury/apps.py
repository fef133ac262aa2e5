from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class TreasuryConfig(AppConfig):
    name = "jisr.treasury"
    label = "treasury"
    verbose_name = _("Treasury")

    def ready(self):
        from . import checks  # noqa: F401  (registers them)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        from .channels import CardChannel
        from .selectors import card_payments_to_check, pending_contributions

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
            StaffLink(
                "treasury_staff:card_flagged",
                _("Card payments to check"),
                count=lambda user: card_payments_to_check().count(),
                count_text=ngettext_lazy(
                    "%(count)d card payment does not match its gift",
                    "%(count)d card payments do not match their gifts",
                    "count",
                ),
                allowed=lambda user: CardChannel().configured(),
            ),
            StaffLink("treasury_staff:bank", _("Bank statements")),
            StaffLink("treasury_staff:annual", _("Annual export")),
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

    #: The reports app shows ``report_section``'s data with this template.
    report_section_template = "treasury/report/_money.html"

    def report_section(self, person, start, end):
        """Money in and out, in the organization's report (a representative's has none)."""
        if person is not None:
            return None
        from .monthly import report_money

        return report_money(start, end)

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)
