from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class CampaignsConfig(AppConfig):
    """Events, outreach to family and friends that stores nobody, share kits and channels.

    Each part adds its hooks (front-page blocks, staff links, demo data, personal data)
    here, from its own modules.
    """

    name = "jisr.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        from .event_ops_selectors import awaiting_report

        return [
            StaffLink(
                "campaigns_staff:events",
                _("Events"),
                count=lambda user: awaiting_report().count(),
                count_text=ngettext_lazy(
                    "%(count)d event waits for its closing report",
                    "%(count)d events wait for their closing report",
                    "count",
                ),
            ),
        ]

    def load_demo(self, stdout):
        from . import event_ops_demo

        event_ops_demo.load(stdout)
