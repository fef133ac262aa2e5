from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jisr.core"
    label = "core"
    verbose_name = _("Core")

    def erase_personal_data(self, user):
        """The imports the person ran stay on record, without saying who ran them."""
        from .models import ImportRun

        ImportRun.objects.filter(user=user).update(user=None)
