from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "jisr.parliament"
    label = "parliament"
    verbose_name = _("Parliament")

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        return [StaffLink("parliament_entry:index", _("Parliament records"))]

    def ready(self):
        from . import photos, search_index

        search_index.connect_signals()
        photos.disable_ghostscript()

    def search_types(self):
        from . import search_index

        return search_index.search_types()

    def search_governorates(self):
        from . import search_index

        return search_index.search_governorates()

    def home_blocks(self, request):
        from jisr.core.home import HomeBlock

        from .selectors import recent_activity

        return [HomeBlock(30, "parliament/_home_activity.html", recent_activity())]
