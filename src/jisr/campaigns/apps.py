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
        from . import event_search

        event_search.connect_signals()

    def search_types(self):
        from . import event_search

        return event_search.search_types()

    def home_blocks(self, request):
        from . import event_hooks

        return event_hooks.home_blocks(request)

    def export_personal_data(self, user):
        from . import event_hooks

        return {"event_registrations": event_hooks.export_personal_data(user)}

    def erase_personal_data(self, user):
        from . import event_hooks

        event_hooks.erase_personal_data(user)

    def load_demo(self, stdout):
        from . import event_demo

        event_demo.load(stdout)
