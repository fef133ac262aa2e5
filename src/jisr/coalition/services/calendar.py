"""The shared calendar: organizations co-hosting and promoting the campaigns' events."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.campaigns.models import Event, EventAudience, EventStatus
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..acting import check_may_act
from ..models import CoalitionMembership, Delegate, EventCohost, EventPromotion, Organization


def _open_event(event: Event) -> None:
    if event.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise ValidationError(
            _("This event is cancelled or closed: it takes no more co-hosts or promotions."),
            code="closed",
        )


@entry_service
def cohost_invite(*, actor: User, event: Event, organization: Organization) -> EventCohost:
    """An organizer invites a verified organization to co-host an event; one of its
    delegates accepts (``cohost_accept``)."""
    _open_event(event)
    if not organization.is_verified:
        raise ValidationError(
            _("Only a verified organization can co-host an event."), code="unverified"
        )
    if EventCohost.objects.filter(event=event, organization=organization).exists():
        raise ValidationError(
            _("This organization is already invited to co-host this event."), code="duplicate"
        )
    cohost = EventCohost.objects.create(event=event, organization=organization, invited_by=actor)
    audit_append(actor=actor, action=Action.EVENT_COHOST_INVITED, target=cohost)
    return cohost


@entry_service
def cohost_accept(*, delegate: Delegate, cohost: EventCohost) -> EventCohost:
    """A delegate of the invited organization accepts: the organization and the delegate
    are recorded. The co-host never receives the event's registrations."""
    cohost = (
        EventCohost.objects.select_for_update()
        .select_related("organization", "event")
        .get(pk=cohost.pk)
    )
    check_may_act(delegate, organization=cohost.organization)
    if cohost.accepted:
        raise ValidationError(_("This invitation is already accepted."), code="accepted")
    _open_event(cohost.event)
    cohost.delegate = delegate
    cohost.accepted_at = timezone.now()
    cohost.save(update_fields=["delegate", "accepted_at"])
    audit_append(
        actor=delegate.user,
        action=Action.EVENT_COHOST_ACCEPTED,
        target=cohost,
        data={"delegate": delegate.pk},
    )
    return cohost


@entry_service
def event_promote(*, delegate: Delegate, event: Event) -> EventPromotion:
    """A delegate of an organization that is a current member of a coalition promotes a
    published public event in its name."""
    check_may_act(delegate)
    organization = delegate.organization
    if not CoalitionMembership.objects.filter(
        organization=organization, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("Only a member organization of a coalition can promote events."), code="not_member"
        )
    if event.status != EventStatus.PUBLISHED or event.audience != EventAudience.PUBLIC:
        raise ValidationError(
            _("Only a published event that anyone can see can be promoted."), code="not_public"
        )
    if EventPromotion.objects.filter(event=event, organization=organization).exists():
        raise ValidationError(_("Your organization already promotes this event."), code="duplicate")
    promotion = EventPromotion.objects.create(
        event=event, organization=organization, delegate=delegate
    )
    audit_append(
        actor=delegate.user,
        action=Action.EVENT_PROMOTED,
        target=promotion,
        data={"delegate": delegate.pk},
    )
    return promotion
