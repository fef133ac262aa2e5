from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class PledgesConfig(AppConfig):
    """What the representatives (and the organization itself) promised, quoted verbatim,
    with evidence-backed verdicts linked to votes, bills and proposals."""

    name = "jisr.pledges"
    label = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from . import search_index

        search_index.connect_signals()

    def search_types(self):
        from . import search_index

        return search_index.search_types()

    def panels(self, slot, request, obj):
        from . import panels

        return panels.panels(slot, request, obj)

    def staff_links(self):
        from jisr.accounts.staff_navigation import StaffLink

        from .selectors import waiting_for_agreement, waiting_for_second_rating

        # The counts are shown on the staff home only: the menu on every staff page stays
        # without a query of its own. Platforms, categories and the import are in the
        # pledges' own menu.
        return [
            StaffLink("pledges_staff:index", _("Pledges")),
            StaffLink(
                "pledges_staff:index",
                _("Pledges to rate"),
                count=lambda user: waiting_for_second_rating().count(),
                count_text=ngettext_lazy(
                    "%(count)d pledge waits for its second rating",
                    "%(count)d pledges wait for their second rating",
                    "count",
                ),
                menu=False,
            ),
            StaffLink(
                "pledges_staff:index",
                _("Pledge verdicts to agree"),
                count=lambda user: waiting_for_agreement().count(),
                count_text=ngettext_lazy(
                    "%(count)d pledge has two ratings and waits for its agreed verdict",
                    "%(count)d pledges have two ratings and wait for their agreed verdict",
                    "count",
                ),
                fragment="agreement",
                menu=False,
            ),
        ]

    def erase_personal_data(self, user):
        """Ratings stay (they make the history and kappa) without their rater."""
        from .services import ratings_detach

        ratings_detach(user)

    def merge_person(self, keep, duplicate):
        """The duplicate's pledges become the kept record's."""
        for pledge in duplicate.pledges.all():
            pledge.people.add(keep)
            pledge.people.remove(duplicate)

    #: The reports app shows ``report_section``'s data with this template.
    report_section_template = "pledges/report/_moved.html"

    def report_section(self, person, start, end):
        """The pledges whose verdict changed in the period (of the representative, in a
        representative's report)."""
        from .monthly import report_moved

        return report_moved(person, start, end)

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)
