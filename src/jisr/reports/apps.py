from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "jisr.reports"
    label = "reports"
    verbose_name = _("Reports")

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        return [StaffLink("reports_staff:list", _("Monthly reports"))]

    def export_personal_data(self, user):
        from .models import Subscriber
        from .selectors import subscriptions_of

        subscriber = Subscriber.objects.filter(user=user).first()
        if subscriber is None:
            return {"subscriptions": [], "consents": []}
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

    def erase_personal_data(self, user):
        """The subscriber goes with everything hanging on it: subscriptions, consent
        history, delivery records and bounces."""
        from .models import Subscriber

        Subscriber.objects.filter(user=user).delete()

    def home_blocks(self, request):
        from . import home

        return home.blocks(request)
