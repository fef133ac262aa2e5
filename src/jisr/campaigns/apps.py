from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Events, outreach to family and friends that stores nobody, share kits and channels.

    Each part adds its hooks (front-page blocks, staff links, demo data, personal data)
    here, from its own modules.
    """

    name = "jisr.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    # --- Share kits (kits part) ---------------------------------------------------------

    def panels(self, slot, request, obj):
        from .kit_panels import panels

        return panels(slot, request, obj)

    def staff_links(self):
        from .kit_panels import staff_links

        return staff_links()

    def load_demo(self, stdout):
        from . import kits_demo

        kits_demo.load(stdout)
