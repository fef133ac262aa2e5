from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "jisr.elections"
    label = "elections"
    verbose_name = _("Elections")

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        return [StaffLink("elections_staff:index", _("Election results"))]

    def ready(self):
        from . import search_index

        search_index.connect_signals()

    def search_types(self):
        from . import search_index

        return search_index.search_types()

    def home_blocks(self, request):
        from jisr.core.home import HomeBlock

        from .selectors import latest_result

        return [HomeBlock(40, "elections/_home_result.html", {"result": latest_result()})]

    def merge_person(self, keep, duplicate):
        """Candidacies of the duplicate record belong to the person kept."""
        duplicate.candidacies.update(person=keep)
