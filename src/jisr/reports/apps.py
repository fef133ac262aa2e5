from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "jisr.reports"
    label = "reports"
    verbose_name = _("Reports")

    def export_personal_data(self, user):
        from .models import Subscription

        return {
            "subscriptions": [
                {
                    "follows": f"{s.target_type.model}:{s.target_id}",
                    "frequency": s.frequency,
                    "created_at": s.created_at.isoformat(),
                }
                for s in Subscription.objects.filter(user=user).select_related("target_type")
            ]
        }

    def erase_personal_data(self, user):
        from .models import Subscription

        Subscription.objects.filter(user=user).delete()
