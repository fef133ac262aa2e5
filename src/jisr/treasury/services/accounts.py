"""The accountant's annual export: handing it out is an audited read (it holds every
payee and the year's receipts)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from .. import annual

FIRST_YEAR = 2000


@entry_service
def annual_export(*, actor: User | str, year: int) -> bytes:
    """Build the year's ZIP (``annual.export_zip``) and record who took it."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Choose a year between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": this_year},
            code="year",
        )
    content = annual.export_zip(year)
    audit_append(actor=actor, action=Action.TREASURY_EXPORTED, data={"year": year})
    return content
