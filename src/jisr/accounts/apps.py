from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals  # noqa: F401

    def load_demo(self, stdout):
        from . import demo

        demo.load(stdout)

    def staff_links(self):
        from .staff_navigation import StaffLink

        return [
            StaffLink("staff:dashboard", _("Staff"), menu=False, header=True),
            StaffLink("staff:dashboard", _("Overview")),
            StaffLink("staff:people", _("People and roles")),
            StaffLink("staff:audit_log", _("Audit log")),
            StaffLink("staff:import_runs", _("Imports")),
        ]
