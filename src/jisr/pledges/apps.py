from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    """What the representatives (and the organization itself) promised, quoted verbatim,
    with evidence-backed verdicts linked to votes, bills and proposals."""

    name = "jisr.pledges"
    label = "pledges"
    verbose_name = _("Pledges")
