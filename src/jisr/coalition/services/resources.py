"""The resource exchange: delegates post and close their own organization's offers and
needs."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..acting import check_may_act
from ..models import Delegate, ListingStatus, ResourceListing


@entry_service
def listing_post(
    *,
    delegate: Delegate,
    kind: str,
    category: str,
    title: str,
    title_en: str = "",
    details: str = "",
    city: str = "",
    until: datetime.date | None = None,
) -> ResourceListing:
    check_may_act(delegate)
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("This date has already passed.")}, code="past")
    listing = ResourceListing(
        organization=delegate.organization,
        delegate=delegate,
        kind=kind,
        category=category,
        title=title.strip(),
        title_en=title_en.strip(),
        details=details.strip(),
        city=city.strip(),
        until=until,
    )
    listing.full_clean()
    listing.save()
    audit_append(
        actor=delegate.user,
        action=Action.RESOURCE_POSTED,
        target=listing,
        data={"kind": kind, "category": category, "delegate": delegate.pk},
    )
    return listing


@entry_service
def listing_close(*, delegate: Delegate, listing: ResourceListing) -> ResourceListing:
    listing = (
        ResourceListing.objects.select_for_update()
        .select_related("organization")
        .get(pk=listing.pk)
    )
    check_may_act(delegate, organization=listing.organization)
    if listing.status == ListingStatus.CLOSED:
        raise ValidationError(_("This listing is already closed."), code="closed")
    listing.status = ListingStatus.CLOSED
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at"])
    audit_append(
        actor=delegate.user,
        action=Action.RESOURCE_CLOSED,
        target=listing,
        data={"delegate": delegate.pk},
    )
    return listing
