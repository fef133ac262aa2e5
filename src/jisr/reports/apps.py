from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "jisr.reports"
    label = "reports"
    verbose_name = _("Reports")

    def panels(self, slot, request, obj):
        from . import panels

        return panels.panels(slot, request, obj)

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        return [StaffLink("reports_staff:list", _("Monthly reports"))]

    def export_personal_data(self, user):
        from .selectors import subscribers_of

        account, *by_address = subscribers_of(user)
        data = _subscriber_data(account) if account else {"subscriptions": [], "consents": []}
        # What the person subscribed to with one of their addresses before signing in.
        data["signed_out_subscriptions"] = [
            {"email": subscriber.email, **_subscriber_data(subscriber)} for subscriber in by_address
        ]
        return data

    def merge_person(self, keep, duplicate):
        """Monthly reports and e-mail follows of the duplicate move to the person kept."""
        from .services import person_merged

        person_merged(keep, duplicate)

    def erase_personal_data(self, user):
        """Every subscriber of the person goes — the account's, and those made signed out
        with one of the account's verified addresses — with everything hanging on them:
        subscriptions, consent history, delivery records and bounces."""
        from .models import Subscriber
        from .selectors import subscribers_of

        Subscriber.objects.filter(pk__in=[s.pk for s in subscribers_of(user) if s]).delete()

    def home_blocks(self, request):
        from . import home

        return home.blocks(request)


def _subscriber_data(subscriber) -> dict:
    from .selectors import subscriptions_of

    return {
        "notices_by_email": subscriber.notices,
        "subscriptions": [
            {
                "follows": s.target_key,
                "frequency": s.frequency,
                "created_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
            for s in subscriptions_of(subscriber)
        ],
        "consents": [
            {
                "action": c.action,
                "what": c.what,
                "frequency": c.frequency,
                "how": c.how,
                "at": c.at.isoformat(),
            }
            for c in subscriber.consents.all()
        ],
        "bounces": subscriber.bounces.count(),
    }
