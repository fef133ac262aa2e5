from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "jisr.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def panels(self, slot, request, obj):
        from . import panels

        return panels.panels(slot, request, obj)

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from django.utils.translation import ngettext_lazy

        from jisr.accounts.staff_navigation import StaffLink

        from . import staff_navigation as counts

        return [
            StaffLink(
                "proposals_staff:moderation",
                _("Moderation queue"),
                count=counts.to_moderate,
                count_text=ngettext_lazy(
                    "%(count)d proposal awaits moderation",
                    "%(count)d proposals await moderation",
                    "count",
                ),
            ),
            StaffLink("proposals_staff:dashboard", _("Proposals dashboard")),
            StaffLink(
                "proposals_staff:dashboard",
                _("Ready for delivery"),
                fragment="ready",
                menu=False,
                count=counts.ready_to_deliver,
                count_text=ngettext_lazy(
                    "%(count)d proposal is ready for delivery",
                    "%(count)d proposals are ready for delivery",
                    "count",
                ),
            ),
            StaffLink(
                "proposals_staff:dashboard",
                _("Needs follow-up"),
                fragment="follow-up",
                menu=False,
                count=counts.needing_follow_up,
                count_text=ngettext_lazy(
                    "%(count)d proposal needs follow-up",
                    "%(count)d proposals need follow-up",
                    "count",
                ),
            ),
            StaffLink("proposals_staff:topics", _("Topics")),
            StaffLink("proposals_staff:export_csv", _("Export proposals (CSV)")),
            StaffLink(
                "proposals_staff:office_inbox",
                _("Office inbox"),
                header=True,
                allowed=counts.has_office,
                count=counts.awaiting_answer,
                count_text=ngettext_lazy(
                    "%(count)d delivered proposal awaits your answer",
                    "%(count)d delivered proposals await your answer",
                    "count",
                ),
            ),
        ]

    def ready(self):
        from . import search_index

        search_index.connect_signals()

    def search_types(self):
        from . import search_index

        return search_index.search_types()

    def export_personal_data(self, user):
        from .models import AbuseReport, Notification, Proposal, Support

        return {
            "proposals": list(
                Proposal.objects.filter(author=user).values(
                    "id", "title", "body", "status", "created_at", "submitted_at"
                )
            ),
            "supports": list(Support.objects.filter(user=user).values("proposal_id", "created_at")),
            "reports": list(
                AbuseReport.objects.filter(reporter=user).values(
                    "proposal_id", "reason", "created_at"
                )
            ),
            "notifications": Notification.objects.filter(user=user).count(),
        }

    def display_name_changed(self, user):
        """The proposals show the member's new name, on the page, in the API, feeds, search
        and exports: none keeps the name the member gave up."""
        from . import search_index
        from .models import Proposal

        mine = Proposal.objects.filter(author=user)
        mine.update(author_display_name=user.display_name)
        search_index.index_proposals(mine.values_list("pk", flat=True))

    def merge_person(self, keep, duplicate):
        """Deliveries, office accounts and "addressed to" move to the person kept."""
        from . import merge

        merge.merge_person(keep, duplicate)

    def erase_personal_data(self, user):
        """Drafts and unpublished proposals go; published ones stay for the community,
        detached from the person and shown as written by an erased member."""
        from django.db.models import F

        from . import search_index
        from .models import AbuseReport, Proposal, Support
        from .states import PUBLIC

        Proposal.objects.filter(author=user).exclude(status__in=PUBLIC).delete()
        kept = list(Proposal.objects.filter(author=user).values_list("pk", flat=True))
        Proposal.objects.filter(author=user).update(author=None, author_display_name="")
        search_index.index_proposals(kept)  # their documents named the member
        supported = Support.objects.filter(user=user).values_list("proposal_id", flat=True)
        Proposal.objects.filter(pk__in=list(supported)).update(support_count=F("support_count") - 1)
        Support.objects.filter(user=user).delete()
        reported = AbuseReport.objects.filter(reporter=user, resolved=False)
        Proposal.objects.filter(pk__in=list(reported.values_list("proposal_id", flat=True))).update(
            report_count=F("report_count") - 1
        )
        AbuseReport.objects.filter(reporter=user).delete()

    def home_blocks(self, request):
        from jisr.core.home import HomeBlock

        from .selectors import recently_moved

        return [HomeBlock(20, "proposals/_home_moved.html", {"proposals": recently_moved()})]
