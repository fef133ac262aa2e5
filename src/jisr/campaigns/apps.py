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

    def ready(self):
        # Importing card_checks registers its checks: share cards need raqm and their font.
        from . import card_checks, event_search  # noqa: F401

        event_search.connect_signals()

    def search_types(self):
        from . import event_search

        return event_search.search_types()

    def home_blocks(self, request):
        from . import event_hooks

        return event_hooks.home_blocks(request)

    def panels(self, slot, request, obj):
        from .kit_panels import panels

        return panels(slot, request, obj)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        from .channel_views import channel_staff_links
        from .event_ops_selectors import awaiting_report
        from .kit_panels import staff_links as kit_staff_links

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
            StaffLink("campaigns_staff:reach_asks", _("Outreach asks")),
            *kit_staff_links(),
            *channel_staff_links(),
        ]

    def load_demo(self, stdout):
        from . import channel_demo, event_demo, event_ops_demo, kits_demo, outreach_demo

        event_demo.load(stdout)
        event_ops_demo.load(stdout)
        outreach_demo.load(stdout)
        kits_demo.load(stdout)
        channel_demo.load(stdout)

    def export_personal_data(self, user):
        from . import event_hooks
        from .outreach_selectors import commitments_export

        return {
            "event_registrations": event_hooks.export_personal_data(user),
            "outreach_commitments": commitments_export(user),
        }

    def erase_personal_data(self, user):
        from . import event_hooks
        from .services.outreach import commitments_erase_for_user

        event_hooks.erase_personal_data(user)
        commitments_erase_for_user(user)

    def report_published(self, *, actor, report):
        """A monthly report was published: announce it on the channel, in its transaction."""
        from .services.channels import channel_post_report

        channel_post_report(actor=actor, report=report)

    def og_image(self, request, context):
        """The share card in the page's OpenGraph tags (``core.og``)."""
        from .cards import og_image

        return og_image(request, context)
