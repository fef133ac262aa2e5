"""The one notification service: in-platform notices now; the Reports area adds e-mail
delivery of the same notices."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from jisr.accounts.roles import Role

from .models import Notification, Proposal, Support
from .states import Status

FOLLOW_UP_STATUSES = [Status.PUBLISHED, Status.DELIVERED, Status.ANSWERED, Status.IN_PROGRESS]


def notify_proposal_followers(proposal_id: int, kind: str, data: dict) -> int:
    proposal = Proposal.objects.get(pk=proposal_id)
    users = set(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.author_id:
        users.add(proposal.author_id)
    Notification.objects.bulk_create(
        Notification(user_id=u, proposal=proposal, kind=kind, data=data) for u in sorted(users)
    )
    return len(users)


def notify_proposal_author(proposal_id: int, kind: str, data: dict) -> int:
    proposal = Proposal.objects.get(pk=proposal_id)
    if not proposal.author_id:
        return 0
    Notification.objects.create(user_id=proposal.author_id, proposal=proposal, kind=kind, data=data)
    return 1


def overdue_proposals(days: int):
    cutoff = timezone.now() - timedelta(days=days)
    return Proposal.objects.filter(
        status__in=FOLLOW_UP_STATUSES, hidden=False, last_update_at__lt=cutoff
    ).order_by("last_update_at")


def remind_organizers() -> int:
    from django.conf import settings

    overdue = list(overdue_proposals(settings.JISR_FOLLOW_UP_DAYS)[:200])
    organizers = get_user_model().objects.filter(groups__name=Role.ORGANIZER, is_active=True)
    # A reminder still unread is not repeated by the next run.
    pending = set(
        Notification.objects.filter(
            kind=Notification.Kind.FOLLOW_UP, read_at__isnull=True, proposal__in=overdue
        ).values_list("user_id", "proposal_id")
    )
    Notification.objects.bulk_create(
        Notification(user=o, proposal=p, kind=Notification.Kind.FOLLOW_UP)
        for o in organizers
        for p in overdue
        if (o.pk, p.pk) not in pending
    )
    return len(overdue)
