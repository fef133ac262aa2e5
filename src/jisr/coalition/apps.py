from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The coalition's parts. Each has a module ``hooks/<part>.py`` defining the hooks it needs
#: (the ``AppConfig`` hooks of docs/development.md, plus ``landing_section(request)`` for the
#: coalition's landing page); this config gathers them in this order.
PARTS = ("organizations", "coalitions", "statements", "decisions", "calendar", "joint")


def part_hooks(name: str) -> list:
    """The parts' functions called ``name``, in ``PARTS`` order."""
    modules = [import_module(f"jisr.coalition.hooks.{part}") for part in PARTS]
    return [hook for module in modules if (hook := getattr(module, name, None))]


class CoalitionConfig(AppConfig):
    """The community's clubs, associations and unions: a directory, their delegates,
    coalitions, joint statements, decisions, a shared calendar, a resource exchange and
    the joint proposals they carry to the representatives."""

    name = "jisr.coalition"
    label = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        for connect in part_hooks("connect_signals"):
            connect()

    def search_types(self):
        return [kind for hook in part_hooks("search_types") for kind in hook()]

    def home_blocks(self, request):
        return [block for hook in part_hooks("home_blocks") for block in hook(request)]

    def panels(self, slot, request, obj):
        return [panel for hook in part_hooks("panels") for panel in hook(slot, request, obj)]

    def staff_links(self):
        return [link for hook in part_hooks("staff_links") for link in hook()]

    def load_demo(self, stdout):
        for load in part_hooks("load_demo"):
            load(stdout)

    def export_personal_data(self, user):
        data: dict = {}
        for export in part_hooks("export_personal_data"):
            data.update(export(user))
        return data

    def erase_personal_data(self, user):
        for erase in part_hooks("erase_personal_data"):
            erase(user)

    #: "What the coalition did" in the monthly report: a heading, then each part's
    #: ``coalition/report/_<part>.html`` with what its ``report_section`` hook returned.
    report_section_template = "coalition/report/_section.html"

    def report_section(self, person, start, end):
        """Each part's JSON-ready data for the organization's report of ``start``–``end``
        (a representative's own report has no coalition section), or None if none has any."""
        if person is not None:
            return None
        modules = [(p, import_module(f"jisr.coalition.hooks.{p}")) for p in PARTS]
        found = {
            part: data
            for part, module in modules
            if (hook := getattr(module, "report_section", None)) and (data := hook(start, end))
        }
        return {"parts": [{"part": p, "data": d} for p, d in found.items()]} if found else None
