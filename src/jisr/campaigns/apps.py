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

    def ready(self):
        from . import card_checks  # noqa: F401  (registers the share cards' raqm check)

    def og_image(self, request, context):
        """The share card in the page's OpenGraph tags (``core.og``)."""
        from .cards import og_image

        return og_image(request, context)
