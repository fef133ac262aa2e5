"""The member's side of events: registering for a timeslot, the waiting list, offers of a
place that frees up, reminders, and leaving.

The capacity is never exceeded, however many people register at once: every write that
takes or frees a place first locks the timeslot's row, then counts the registrations that
hold a place (confirmed, or offered and not yet accepted). A full timeslot puts the next
person on its waiting list; a place that frees up is offered to the longest waiting
(``created_at``, then ``pk``) for a while (``hold_until``), then to the next.

A registration stores the member, the timeslot and its state: never where the member came
from (no referrer, no query parameter).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..event_selectors import members_may_see
from ..models.events import (
    HOLDING,
    Event,
    EventAudience,
    EventStatus,
    Registration,
    RegistrationStatus,
    Timeslot,
)

#: Check-in codes: no 0/O, 1/I/L (nor 2/Z, 5/S, 8/B, 6/G), so a code read aloud at the door
#: or copied from a phone's screen survives.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 8

#: How long a place offered from the waiting list is held for its member.
HOLD = datetime.timedelta(hours=24)
#: Near the start, an offer lasts at most half the time left, so the place can still pass
#: to the next person in time; and no offer is made this close to the start.
NO_OFFERS_BEFORE_START = datetime.timedelta(minutes=30)

#: Reminders: the day before and a couple of hours before each timeslot.
DAY_BEFORE = datetime.timedelta(hours=24)
HOURS_BEFORE = datetime.timedelta(hours=2)

REMINDER_BATCH = 500


def new_code() -> str:
    """A fresh check-in code, unused by any registration."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Registration.objects.filter(code=code).exists():
            return code


def hold_until(starts_at: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """When an offer made ``now`` lapses: after ``HOLD``, or sooner near the start."""
    return min(now + HOLD, now + (starts_at - now) / 2)


def _locked_timeslot(timeslot_id: int) -> Timeslot:
    return Timeslot.objects.select_for_update().select_related("event").get(pk=timeslot_id)


def _holding(timeslot: Timeslot) -> int:
    return Registration.objects.filter(timeslot=timeslot, status__in=HOLDING).count()


def _offer(registration: Registration, timeslot: Timeslot, now: datetime.datetime) -> None:
    registration.status = RegistrationStatus.OFFERED
    registration.offered_until = hold_until(timeslot.starts_at, now)
    registration.save(update_fields=["status", "offered_until"])
    audit_append(
        actor=None,
        action=Action.REGISTRATION_OFFERED,
        target=registration,
        data={"timeslot": timeslot.pk},
    )
    _email(registration, timeslot, "offer")


def _promote(timeslot: Timeslot, now: datetime.datetime) -> int:
    """Offer the timeslot's free places to the longest waiting, in order. The caller holds
    the timeslot's lock."""
    if timeslot.event.status != EventStatus.PUBLISHED:
        return 0
    if timeslot.starts_at - now <= NO_OFFERS_BEFORE_START:
        return 0
    waiting = Registration.objects.filter(
        timeslot=timeslot, status=RegistrationStatus.WAITLISTED
    ).order_by("created_at", "pk")
    if timeslot.capacity is not None:
        free = timeslot.capacity - _holding(timeslot)
        if free <= 0:
            return 0
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for registration in promoted:
        _offer(registration, timeslot, now)
    return len(promoted)


def _check_open(timeslot: Timeslot, user: User, now: datetime.datetime) -> None:
    event = timeslot.event
    hidden = event.audience == EventAudience.MEMBERS and not members_may_see(user)
    if event.status != EventStatus.PUBLISHED or hidden:
        raise ValidationError(_("This event is not open for registration."), code="closed")
    if timeslot.starts_at <= now:
        raise ValidationError(_("This timeslot has already started."), code="started")


@entry_service
def registration_create(*, actor: User, timeslot: Timeslot) -> Registration:
    """Register the member for the timeslot: a place if one is free, otherwise a place on
    its waiting list. A member has at most one live registration per timeslot; after
    cancelling, they may register again (at the end of the queue, with a new code)."""
    if not actor.is_authenticated:
        raise ValidationError(_("Sign in to register."), code="signed_out")
    now = timezone.now()
    slot = _locked_timeslot(timeslot.pk)
    _check_open(slot, actor, now)
    live = Registration.objects.filter(timeslot=slot, user=actor).exclude(
        status=RegistrationStatus.CANCELLED
    )
    if live.exists():
        raise ValidationError(_("You are already registered for this timeslot."), code="twice")
    queue = Registration.objects.filter(timeslot=slot, status=RegistrationStatus.WAITLISTED)
    full = slot.capacity is not None and _holding(slot) >= slot.capacity
    status = (
        RegistrationStatus.WAITLISTED
        if full or queue.exists()  # nobody jumps the queue
        else RegistrationStatus.CONFIRMED
    )
    registration = Registration.objects.create(
        timeslot=slot, user=actor, status=status, code=new_code()
    )
    audit_append(
        actor=actor,
        action=Action.REGISTRATION_CREATED,
        target=registration,
        data={"status": status, "timeslot": slot.pk},
    )
    if status == RegistrationStatus.WAITLISTED:
        _promote(slot, now)
        registration.refresh_from_db()
    return registration


def _own(actor: User, registration: Registration) -> Registration:
    """The registration, re-read under its timeslot's lock; only its member may act on it."""
    if registration.user_id != actor.pk:
        raise ValidationError(_("This registration is not yours."), code="not_yours")
    _locked_timeslot(registration.timeslot_id)
    return Registration.objects.select_related("timeslot__event").get(pk=registration.pk)


@entry_service
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel the member's registration; a place it held goes to the waiting list."""
    registration = _own(actor, registration)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    held = registration.status in HOLDING
    now = timezone.now()
    registration.status = RegistrationStatus.CANCELLED
    registration.offered_until = None
    registration.listed = False
    registration.cancelled_at = now
    registration.save(update_fields=["status", "offered_until", "listed", "cancelled_at"])
    audit_append(actor=actor, action=Action.REGISTRATION_CANCELLED, target=registration)
    if held:
        _promote(registration.timeslot, now)
    return registration


@entry_service
def registration_accept_offer(*, actor: User, registration: Registration) -> Registration:
    """Take the place offered from the waiting list, while the offer holds."""
    registration = _own(actor, registration)
    now = timezone.now()
    if registration.status != RegistrationStatus.OFFERED:
        raise ValidationError(_("No place is offered on this registration."), code="no_offer")
    if registration.offered_until is None or registration.offered_until <= now:
        raise ValidationError(
            _("The offer has lapsed; the place went to the next person waiting."), code="lapsed"
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.offered_until = None
    registration.save(update_fields=["status", "offered_until"])
    audit_append(actor=actor, action=Action.REGISTRATION_ACCEPTED, target=registration)
    return registration


@entry_service
def registration_set_listed(
    *, actor: User, registration: Registration, listed: bool
) -> Registration:
    """The attendee's own choice to appear by display name on the event's public page."""
    registration = _own(actor, registration)
    if listed and not registration.timeslot.event.attendance_listing:
        raise ValidationError(_("This event does not list its attendees."), code="no_listing")
    if listed and registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is cancelled."), code="cancelled")
    registration.listed = listed
    registration.save(update_fields=["listed"])
    audit_append(
        actor=actor,
        action=Action.REGISTRATION_LISTING_CHANGED,
        target=registration,
        data={"to": "listed" if listed else "not listed"},
    )
    return registration


@entry_service
def registration_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Withdraw the offers not accepted in time and offer the places to the next people
    waiting (``jisr manage campaigns_waitlist_expire``, every few minutes)."""
    now = now or timezone.now()
    slot_ids = sorted(
        set(
            Registration.objects.filter(
                status=RegistrationStatus.OFFERED, offered_until__lte=now
            ).values_list("timeslot_id", flat=True)
        )
    )
    expired = 0
    for slot_id in slot_ids:  # in order of pk, so two runs lock in the same order
        slot = _locked_timeslot(slot_id)
        lapsed = list(
            Registration.objects.filter(
                timeslot=slot, status=RegistrationStatus.OFFERED, offered_until__lte=now
            ).order_by("created_at", "pk")
        )
        for registration in lapsed:
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            registration.listed = False
            registration.save(update_fields=["status", "cancelled_at", "listed"])
            audit_append(actor=None, action=Action.REGISTRATION_OFFER_EXPIRED, target=registration)
        expired += len(lapsed)
        _promote(slot, now)
    return expired


def _site_url(path: str) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + path


def _email(registration: Registration, timeslot: Timeslot, kind: str) -> None:
    """E-mail the member about their own registration (never anyone else): ``offer`` or a
    reminder (``day``, ``hours``). Queued in the caller's transaction."""
    user = registration.user
    event = timeslot.event
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        title = event.title_en if language == "en" and event.title_en else event.title
        context = {
            "kind": kind,
            "title": title,
            "timeslot": timeslot,
            "registration": registration,
            "url": _site_url(reverse("campaigns:event", args=[event.pk])),
            "mine": _site_url(reverse("campaigns:my_events")),
        }
        subject = render_to_string("campaigns/events/email/subject.txt", context).strip()
        body = render_to_string("campaigns/events/email/body.txt", context)
    send_mail(subject, body, None, [user.email])


@entry_service
def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each confirmed member the day before and a couple of hours before their
    timeslot, each reminder exactly once (``jisr manage campaigns_event_reminders``).

    The reminder is marked sent in the same transaction that queues its e-mail, and the
    rows are locked while this run works on them (another run skips them), so a reminder
    is neither lost nor sent twice. Someone who registers within two hours of the start
    gets only the second reminder; within the day, only the first one until then."""
    now = now or timezone.now()
    confirmed = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        timeslot__starts_at__gt=now,
        timeslot__event__status=EventStatus.PUBLISHED,
    )
    due = (
        confirmed.filter(
            Q(timeslot__starts_at__lte=now + HOURS_BEFORE, reminded_hours_before_at__isnull=True)
            | Q(
                timeslot__starts_at__gt=now + HOURS_BEFORE,
                timeslot__starts_at__lte=now + DAY_BEFORE,
                reminded_day_before_at__isnull=True,
            )
        )
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "timeslot__event")
        .order_by("pk")[:REMINDER_BATCH]
    )
    sent = 0
    for registration in due:
        timeslot = registration.timeslot
        if timeslot.starts_at <= now + HOURS_BEFORE:
            registration.reminded_hours_before_at = now
            # Never the day-before reminder after the last one.
            registration.reminded_day_before_at = registration.reminded_day_before_at or now
            kind = "hours"
        else:
            registration.reminded_day_before_at = now
            kind = "day"
        registration.save(update_fields=["reminded_day_before_at", "reminded_hours_before_at"])
        _email(registration, timeslot, kind)
        sent += 1
    if sent:
        audit_append(actor=None, action=Action.REGISTRATION_REMINDED, data={"count": sent})
    return sent


def registrations_erase_for_user(user: User) -> None:
    """What erasing an account does to its registrations: they are deleted, and each
    place they held goes to the waiting list. Runs inside the erasure's transaction."""
    now = timezone.now()
    slot_ids = sorted(
        set(Registration.objects.filter(user=user).values_list("timeslot_id", flat=True))
    )
    for slot_id in slot_ids:
        slot = _locked_timeslot(slot_id)
        mine = Registration.objects.filter(timeslot=slot, user=user)
        held = mine.filter(status__in=HOLDING).exists()
        for pk in mine.values_list("pk", flat=True):
            audit_append(
                actor=None,
                action=Action.REGISTRATION_ERASED,
                object_type="campaigns.registration",
                object_id=pk,
            )
        mine.delete()
        if held:
            _promote(slot, now)


def event_is_public(event: Event) -> bool:
    """Whether anyone may see the event: published and not members-only."""
    return event.status == EventStatus.PUBLISHED and event.audience == EventAudience.PUBLIC
