"""Background work for proposals. A failed run is queued again with a growing delay, so a
notice is retried rather than lost."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def _retry(task_function, *args, attempt: int):
    if attempt + 1 >= MAX_ATTEMPTS:
        logger.error("Giving up %s%s after %d attempts", task_function.name, args, attempt + 1)
        return
    delay = timedelta(minutes=2**attempt)
    task_function.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)


@task()
def notify_followers(proposal_id: int, kind: str, data: dict, attempt: int = 0) -> int:
    """Notify the author and every supporter, in the platform."""
    from .notifications import notify_proposal_followers

    try:
        return notify_proposal_followers(proposal_id, kind, data)
    except Exception:
        logger.exception("Notifying the followers of proposal %s failed", proposal_id)
        _retry(notify_followers, proposal_id, kind, data, attempt=attempt)
        raise


@task()
def notify_author(proposal_id: int, kind: str, data: dict, attempt: int = 0) -> int:
    from .notifications import notify_proposal_author

    try:
        return notify_proposal_author(proposal_id, kind, data)
    except Exception:
        logger.exception("Notifying the author of proposal %s failed", proposal_id)
        _retry(notify_author, proposal_id, kind, data, attempt=attempt)
        raise


@task()
def email_office_link(delivery_id: int, attempt: int = 0) -> bool:
    """E-mail the representative's office a signed, expiring link to answer without an
    account. Returns False when the office has no public e-mail address on record."""
    from .models import Delivery
    from .services import office_link_token

    delivery = Delivery.objects.select_related("proposal", "representative").get(pk=delivery_id)
    address = delivery.representative.contacts.filter(kind="email").values_list("value", flat=True)
    if not address:
        return False
    link = settings.JISR_SITE_URL.rstrip("/") + reverse(
        "proposals:office_answer", args=[office_link_token(delivery)]
    )
    context = {
        "delivery": delivery,
        "link": link,
        "days": settings.JISR_OFFICE_LINK_DAYS,
    }
    with translation.override("ar"):
        subject = render_to_string("proposals/email/office_subject.txt", context).strip()
        body = render_to_string("proposals/email/office_body.txt", context)
    send_mail(subject, body, None, [address[0]])
    return True


@task()
def remind_follow_ups() -> int:
    """Tell every organizer which proposals have had no update for too long."""
    from .notifications import remind_organizers

    return remind_organizers()
