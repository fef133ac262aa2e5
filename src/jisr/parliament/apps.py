from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "jisr.parliament"
    label = "parliament"
    verbose_name = _("Parliament")

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)
