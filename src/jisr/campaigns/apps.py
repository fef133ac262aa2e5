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

    # --- The Telegram channel (channel_*.py, services/channels.py) ---------------------------

    def report_published(self, *, actor, report):
        """A monthly report was published: announce it on the channel, in its transaction."""
        from .services.channels import channel_post_report

        channel_post_report(actor=actor, report=report)

    def staff_links(self):
        from .channel_views import channel_staff_links

        return channel_staff_links()

    def load_demo(self, stdout):
        from . import channel_demo

        channel_demo.load(stdout)
