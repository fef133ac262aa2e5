"""What the share kits add to other apps' pages (``CampaignsConfig.panels``) and to the
staff menu (``staff_links``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from jisr.core.panels import Panel

#: The slot a subject's page offers for its "share" link, and the kit's field for it.
SHARE_SLOTS = {
    "treasury.campaign.share": "treasury_campaign",
    "reports.report.share": "report",
    "proposals.proposal.share": "proposal",
    "campaigns.event.share": "event",
}


def panels(slot: str, request, obj) -> list[Panel]:
    field = SHARE_SLOTS.get(slot)
    if field is None:
        return []
    from .kit_selectors import public_kit_of

    kit = public_kit_of(**{field: obj})
    if kit is None:
        return []
    return [Panel(order=50, template="campaigns/kits/_share_panel.html", context={"kit": kit})]


def staff_links():
    from jisr.accounts.staff_navigation import StaffLink

    from .kit_selectors import items_waiting_review

    return [
        StaffLink("campaigns_staff:kits", _("Share kits")),
        # The count only on the staff home ("what needs you now"), not in every page's menu.
        StaffLink(
            "campaigns_staff:kits",
            _("Share kit posts to review"),
            count=lambda user: items_waiting_review().count(),
            count_text=ngettext_lazy(
                "%(count)d share kit post waits for its safety review",
                "%(count)d share kit posts wait for their safety review",
                "count",
            ),
            menu=False,
        ),
    ]
