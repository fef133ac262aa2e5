"""The organizer's side of events: create, edit, publish and cancel an event and its
times; check people in by their code and count walk-ins; download the attendee list;
close the event with its report; take an attendee's feedback.

Every write is an entry service, validated before it writes anything, in one transaction,
audited with references only (never a name, a code or a comment).
"""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.text.digits import to_ascii_digits
from jisr.core.transactions import entry_service

from ..models import (
    RATINGS,
    Event,
    EventFormat,
    EventReport,
    EventStatus,
    Feedback,
    FeedbackGiven,
    Registration,
    RegistrationStatus,
    Timeslot,
)
from .channels import channel_post_event

#: What an organizer writes about an event (the hosts and the treasury campaign apart).
EVENT_FIELDS = (
    "kind",
    "format",
    "audience",
    "title",
    "title_en",
    "description",
    "agenda",
    "city",
    "address",
    "online_url",
    "private_instructions",
    "photo_consent",
    "attendance_listing",
)

#: The registrations told when their event is cancelled.
LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED)

#: Who may give feedback: the members registered with a place.
ATTENDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)

COMMENT_MAX = 2000


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) and actor.pk else None


def _editable(event: Event) -> None:
    if event.status in (EventStatus.CANCELLED, EventStatus.CLOSED):
        raise ValidationError(
            _("This event is cancelled or closed: it can no longer be changed."), code="final"
        )


def _apply(event: Event, fields: dict) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.full_clean(exclude=["created_by", "treasury_campaign", "published_at", "status"])


def _set_hosts(event: Event, hosts: Iterable[User] | None) -> None:
    if hosts is not None:
        event.hosts.set(list(hosts))


@entry_service
def event_create(
    *,
    actor: User | str,
    hosts: Iterable[User] | None = None,
    treasury_campaign=None,
    **fields,
) -> Event:
    """Create a draft event; nobody sees it until it is published."""
    event = Event(created_by=_user(actor), treasury_campaign=treasury_campaign)
    _apply(event, fields)
    event.save()
    _set_hosts(event, hosts)
    audit_append(actor=actor, action=Action.EVENT_CREATED, target=event, data={"kind": event.kind})
    return event


@entry_service
def event_update(
    *,
    actor: User | str,
    event: Event,
    hosts: Iterable[User] | None = None,
    treasury_campaign=None,
    **fields,
) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _editable(event)
    event.treasury_campaign = treasury_campaign
    _apply(event, fields)
    event.save()
    _set_hosts(event, hosts)
    audit_append(actor=actor, action=Action.EVENT_EDITED, target=event)
    return event


@entry_service
def timeslot_add(
    *,
    actor: User | str,
    event: Event,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int | None = None,
) -> Timeslot:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _editable(event)
    if ends_at <= starts_at:
        raise ValidationError(_("The end must come after the start."), code="order")
    if capacity is not None and capacity < 1:
        raise ValidationError(_("Leave the places empty for no limit, or give at least one."))
    slot = Timeslot.objects.create(
        event=event, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    audit_append(actor=actor, action=Action.EVENT_TIMESLOT_ADDED, target=slot)
    return slot


@entry_service
def timeslot_remove(*, actor: User | str, timeslot: Timeslot) -> None:
    """Remove a time nobody registered for (a time with registrations is kept: cancel the
    event instead, which tells them)."""
    event = Event.objects.select_for_update().get(pk=timeslot.event_id)
    _editable(event)
    if timeslot.registrations.exists():
        raise ValidationError(
            _("People registered for this time: it cannot be removed."), code="registered"
        )
    audit_append(actor=actor, action=Action.EVENT_TIMESLOT_REMOVED, target=timeslot)
    timeslot.delete()


def publish_problems(event: Event) -> list[str]:
    """What an event lacks before it can be published (empty: it can be)."""
    problems = []
    if event.status != EventStatus.DRAFT:
        problems.append(_("Only a draft can be published."))
    if not event.timeslots.filter(starts_at__gt=timezone.now()).exists():
        problems.append(_("Add at least one time that has not started yet."))
    if event.format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not event.city:
        problems.append(_("An event in person needs its city."))
    if event.format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not event.address:
        problems.append(_("An event in person needs its address (only those registered see it)."))
    if event.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not event.online_url:
        problems.append(_("An online event needs its link to join."))
    return problems


@entry_service
def event_publish(*, actor: User | str, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    problems = publish_problems(event)
    if problems:
        raise ValidationError(problems, code="incomplete")
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    audit_append(actor=actor, action=Action.EVENT_PUBLISHED, target=event)
    channel_post_event(actor=actor, event=event)
    return event


def _tell_cancelled(event: Event, registrations: list[Registration]) -> None:
    link = f"{_site()}{event_public_path(event)}"
    for registration in registrations:
        user = registration.user
        with translation.override(user.preferred_language or "ar"):
            context = {"event": event, "user": user, "link": link}
            subject = render_to_string("campaigns/email/event_cancelled_subject.txt", context)
            body = render_to_string("campaigns/email/event_cancelled_body.txt", context)
        send_mail(subject.strip(), body, None, [user.email])


def _site() -> str:
    from django.conf import settings

    return settings.JISR_SITE_URL.rstrip("/")


def event_public_path(event: Event) -> str:
    from django.urls import reverse

    return reverse("campaigns:event", args=[event.pk])


@entry_service
def event_cancel(*, actor: User | str, event: Event) -> int:
    """Cancel a draft or published event and e-mail every member registered or waiting
    (in their own language). Returns how many were told."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise ValidationError(_("Only a draft or a published event can be cancelled."))
    registrations = list(
        Registration.objects.filter(timeslot__event=event, status__in=LIVE)
        .select_related("user")
        .order_by("pk")
    )
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    _tell_cancelled(event, registrations)
    audit_append(
        actor=actor,
        action=Action.EVENT_CANCELLED,
        target=event,
        data={"count": len(registrations)},
    )
    return len(registrations)


# --- At the door -------------------------------------------------------------------------


def normalize_code(code: str) -> str:
    """The code as it is stored: upper case, without spaces or dashes, in ASCII digits."""
    return re.sub(r"[\s\-_]+", "", to_ascii_digits(code or "")).upper()


@entry_service
def checkin_record(*, actor: User | str, event: Event, code: str) -> Registration:
    """Check in the member whose registration for ``event`` has ``code``. A code of another
    event, of a cancelled or waiting registration, or one already used is refused."""
    wanted = normalize_code(code)
    if not wanted:
        raise ValidationError(_("Type the code the member shows you."), code="empty")
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Check-in is open only while the event is published."))
    registration = (
        Registration.objects.select_for_update()
        .select_related("user", "timeslot")
        .filter(code=wanted, timeslot__event=event)
        .first()
    )
    if registration is None:
        raise ValidationError(_("No registration for this event has this code."), code="unknown")
    if registration.status not in ATTENDING:
        raise ValidationError(
            _("This registration is cancelled or still on the waiting list."), code="status"
        )
    if registration.checked_in_at is not None:
        raise ValidationError(_("This code was already checked in."), code="twice")
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    audit_append(actor=actor, action=Action.EVENT_CHECKED_IN, target=registration)
    return registration


def _report(event: Event) -> EventReport:
    report, _created = EventReport.objects.select_for_update().get_or_create(event=event)
    return report


@entry_service
def walk_ins_set(*, actor: User | str, event: Event, count: int) -> EventReport:
    """Record how many people came without registering: a number, no names."""
    if event.status not in (EventStatus.PUBLISHED,):
        raise ValidationError(_("Walk-ins are counted while the event is published."))
    if count < 0 or count > 100_000:
        raise ValidationError(_("Give the number of walk-ins, from 0."), code="range")
    report = _report(event)
    before = report.walk_ins
    report.walk_ins = count
    report.save(update_fields=["walk_ins"])
    audit_append(
        actor=actor,
        action=Action.EVENT_WALK_INS_COUNTED,
        target=event,
        data={"from": before, "to": count},
    )
    return report


# --- The attendee list -------------------------------------------------------------------

EXPORT_HEADER = ("display_name", "timeslot_starts_at", "status", "checked_in")


@entry_service
def attendees_export(*, actor: User | str, event: Event) -> list[tuple[str, str, str, str]]:
    """The rows of the attendee list (display name, time, state, checked in; never an
    e-mail), recorded in the audit log as a download."""
    rows = [
        (
            r.user.display_name,
            timezone.localtime(r.timeslot.starts_at).strftime("%Y-%m-%d %H:%M"),
            r.status,
            "yes" if r.checked_in_at else "no",
        )
        for r in Registration.objects.filter(timeslot__event=event)
        .select_related("user", "timeslot")
        .only("status", "checked_in_at", "user__display_name", "timeslot__starts_at")
        .order_by("timeslot__starts_at", "user__display_name", "pk")
    ]
    audit_append(
        actor=actor,
        action=Action.EVENT_ATTENDEES_EXPORTED,
        target=event,
        data={"count": len(rows)},
    )
    return rows


# --- Closing -----------------------------------------------------------------------------


def event_ended(event: Event) -> bool:
    last = event.timeslots.aggregate(last=Max("ends_at"))["last"]
    return last is not None and last <= timezone.now()


@entry_service
def event_close(
    *,
    actor: User | str,
    event: Event,
    minutes: str = "",
    proposals: Iterable = (),
    cash_sheets: Iterable = (),
    walk_ins: int | None = None,
) -> EventReport:
    """Close a published event that has ended with its report: the minutes, the proposals
    it fed, the cash count sheets of its money (of the event's treasury campaign when it
    has one) and, if given, the walk-ins counted."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Only a published event can be closed."), code="status")
    if not event_ended(event):
        raise ValidationError(_("The event can be closed once its last time has ended."))
    proposals, cash_sheets = list(proposals), list(cash_sheets)
    if event.treasury_campaign_id is not None:
        foreign = [s for s in cash_sheets if s.campaign_id != event.treasury_campaign_id]
        if foreign:
            raise ValidationError(
                _("A cash count sheet of another campaign cannot be linked to this event."),
                code="campaign",
            )
    if walk_ins is not None and not 0 <= walk_ins <= 100_000:
        raise ValidationError(_("Give the number of walk-ins, from 0."), code="range")
    report = _report(event)
    report.minutes = (minutes or "").strip()
    if walk_ins is not None:
        report.walk_ins = walk_ins
    report.closed_at = timezone.now()
    report.closed_by = _user(actor)
    report.save()
    report.proposals.set(proposals)
    report.cash_sheets.set(cash_sheets)
    event.status = EventStatus.CLOSED
    event.save(update_fields=["status"])
    audit_append(
        actor=actor,
        action=Action.EVENT_CLOSED,
        target=event,
        data={"count": len(proposals)},
    )
    return report


# --- Feedback ----------------------------------------------------------------------------


def feedback_open_for(registration: Registration) -> bool:
    """Whether the registration's member may still give feedback."""
    event = registration.timeslot.event
    return (
        registration.status in ATTENDING
        and event.status in (EventStatus.PUBLISHED, EventStatus.CLOSED)
        and registration.timeslot.starts_at <= timezone.now()
        and not FeedbackGiven.objects.filter(registration=registration).exists()
    )


@entry_service
def feedback_give(
    *, actor: User, registration: Registration, rating: int, comment: str = ""
) -> None:
    """Record a registered attendee's rating (1–5) and comment. Who gave feedback and what
    was said go to two tables with nothing linking them; the audit log records only that
    a member gave feedback on the event."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("timeslot__event")
        .get(pk=registration.pk)
    )
    if registration.user_id != actor.pk:
        raise ValidationError(_("Only the member registered can give this feedback."))
    if rating not in RATINGS:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_("The comment is too long."), code="long")
    if not feedback_open_for(registration):
        raise ValidationError(
            _("Feedback is open to those registered, once the event has started, once each."),
            code="closed",
        )
    FeedbackGiven.objects.create(registration=registration)
    event = registration.timeslot.event
    Feedback.objects.create(event=event, rating=rating, comment=comment)
    # "member": the log must not say which member rated, or it would pair the two tables.
    audit_append(actor="member", action=Action.EVENT_FEEDBACK_GIVEN, target=event)
