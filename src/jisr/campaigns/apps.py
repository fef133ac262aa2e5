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

    # --- outreach (the lead merges these with the other parts' hooks) -------------------

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        return [StaffLink("campaigns_staff:reach_asks", _("Outreach asks"))]

    def export_personal_data(self, user):
        from .outreach_selectors import commitments_of

        return {
            "outreach_commitments": [
                {
                    "ask": c.ask.title,
                    "will_do": c.will_do,
                    "planned_on": c.planned_on.isoformat() if c.planned_on else None,
                    "committed_on": c.committed_on.isoformat(),
                    "reminded_on": c.reminded_on.isoformat() if c.reminded_on else None,
                    "days_reported": sorted(p.on.isoformat() for p in c.participations.all()),
                }
                for c in commitments_of(user).prefetch_related("participations")
            ]
        }

    def erase_personal_data(self, user):
        from .services.outreach import commitments_erase_for_user

        commitments_erase_for_user(user)

    def load_demo(self, stdout):
        from . import outreach_demo

        outreach_demo.load(stdout)
