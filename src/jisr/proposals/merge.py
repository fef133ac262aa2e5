"""A representative's duplicate record merged into the one kept (``parliament.services.
person_merge`` calls this through ``ProposalsConfig.merge_person``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Delivery, OfficeAccount, Proposal


def merge_person(keep, duplicate) -> None:
    both = Delivery.objects.filter(representative=keep).values("proposal")
    if Delivery.objects.filter(representative=duplicate, proposal__in=both).exists():
        raise ValidationError(
            _("The same proposal was delivered to both records; correct the deliveries first.")
        )
    Delivery.objects.filter(representative=duplicate).update(representative=keep)
    OfficeAccount.objects.filter(representative=duplicate).update(representative=keep)
    for proposal in Proposal.objects.filter(targets=duplicate):
        proposal.targets.add(keep)
    duplicate.targeted_proposals.clear()
