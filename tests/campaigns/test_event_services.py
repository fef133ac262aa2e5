"""The member's side of events, service by service: places never beyond the capacity, the
waiting list in order, offers that lapse, reminders sent once, codes, erasure."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jisr.accounts.services import user_erase, user_export
from jisr.campaigns.models import EventAudience, EventStatus, Registration
from jisr.campaigns.models import RegistrationStatus as S
from jisr.campaigns.services import events as services
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from .factories import EventFactory, TimeslotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are read in English here (the site's default is Arabic)."""
    with translation.override("en"):
        yield


def register(user, slot):
    return services.registration_create(actor=user, timeslot=slot)


def test_places_then_the_waiting_list_in_order_of_arrival():
    slot = TimeslotFactory(capacity=2)
    users = UserFactory.create_batch(5)
    regs = [register(u, slot) for u in users]
    assert [r.status for r in regs] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    # The first confirmed leaves: the longest waiting is offered the place, nobody else.
    services.registration_cancel(actor=users[0], registration=regs[0])
    statuses = {r.user_id: r.status for r in Registration.objects.filter(timeslot=slot)}
    assert statuses[users[2].pk] == S.OFFERED
    assert statuses[users[3].pk] == S.WAITLISTED
    assert statuses[users[4].pk] == S.WAITLISTED
    offered = Registration.objects.get(user=users[2])
    assert offered.offered_until - timezone.now() <= services.HOLD
    assert offered.offered_until > timezone.now() + datetime.timedelta(hours=23)
    # The offer is told to that member only, by e-mail.
    assert [m.to for m in mail.outbox] == [[users[2].email]]
    accepted = services.registration_accept_offer(actor=users[2], registration=offered)
    assert accepted.status == S.CONFIRMED and accepted.offered_until is None
    assert (
        Registration.objects.filter(timeslot=slot, status__in=[S.CONFIRMED, S.OFFERED]).count() == 2
    )


def test_a_newcomer_never_jumps_the_queue_when_a_place_is_free():
    slot = TimeslotFactory(capacity=1)
    first, second, third = UserFactory.create_batch(3)
    register(first, slot)
    waiting = register(second, slot)
    # The organizer adds a place: the person waiting is offered it, not the next to come.
    slot.capacity = 2
    slot.save()
    late = register(third, slot)
    assert late.status == S.WAITLISTED
    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED


def test_an_offer_not_accepted_in_time_passes_to_the_next():
    slot = TimeslotFactory(capacity=1)
    holder, a, b = UserFactory.create_batch(3)
    held = register(holder, slot)
    ra, rb = register(a, slot), register(b, slot)
    services.registration_cancel(actor=holder, registration=held)
    ra.refresh_from_db()
    assert ra.status == S.OFFERED
    assert services.registration_offers_expire(now=timezone.now()) == 0  # not yet
    later = ra.offered_until + datetime.timedelta(seconds=1)
    assert services.registration_offers_expire(now=later) == 1
    ra.refresh_from_db()
    rb.refresh_from_db()
    assert ra.status == S.CANCELLED
    assert rb.status == S.OFFERED
    with pytest.raises(ValidationError):
        services.registration_accept_offer(actor=a, registration=ra)


def test_a_lapsed_offer_cannot_be_accepted_even_before_the_job_runs():
    slot = TimeslotFactory(capacity=1)
    holder, a = UserFactory.create_batch(2)
    held = register(holder, slot)
    ra = register(a, slot)
    services.registration_cancel(actor=holder, registration=held)
    Registration.objects.filter(pk=ra.pk).update(offered_until=timezone.now())
    with pytest.raises(ValidationError, match="lapsed"):
        services.registration_accept_offer(actor=a, registration=ra)


def test_the_hold_is_shorter_near_the_start():
    now = timezone.now()
    soon = now + datetime.timedelta(hours=6)
    assert services.hold_until(soon, now) == now + datetime.timedelta(hours=3)
    far = now + datetime.timedelta(days=5)
    assert services.hold_until(far, now) == now + services.HOLD


def test_cancel_and_register_again_with_a_new_code():
    slot = TimeslotFactory(capacity=5)
    member = UserFactory()
    first = register(member, slot)
    with pytest.raises(ValidationError):
        register(member, slot)  # one live registration per timeslot
    services.registration_cancel(actor=member, registration=first)
    again = register(member, slot)
    assert again.status == S.CONFIRMED
    assert again.code != first.code
    assert Registration.objects.filter(timeslot=slot, user=member).count() == 2


def test_only_the_member_acts_on_their_registration():
    slot = TimeslotFactory()
    owner, other = UserFactory.create_batch(2)
    registration = register(owner, slot)
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=other, registration=registration)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_codes_are_eight_unambiguous_characters_and_unique():
    slot = TimeslotFactory()
    codes = [register(u, slot).code for u in UserFactory.create_batch(30)]
    assert len(set(codes)) == 30
    for code in codes:
        assert re.fullmatch(r"[ACDEFHJKMNPRTUVWXY3479]{8}", code)
        assert not set(code) & set("0O1IL")


@pytest.mark.parametrize(
    "change",
    [
        {"status": EventStatus.DRAFT},
        {"status": EventStatus.CANCELLED},
    ],
)
def test_no_registration_for_an_event_not_open(change):
    slot = TimeslotFactory(event=EventFactory(**change))
    with pytest.raises(ValidationError):
        register(UserFactory(), slot)


def test_no_registration_once_the_timeslot_started():
    start = timezone.now() - datetime.timedelta(minutes=5)
    slot = TimeslotFactory(starts_at=start)
    with pytest.raises(ValidationError):
        register(UserFactory(), slot)


def test_members_only_events_take_members():
    slot = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS))
    assert register(UserFactory(), slot).status == S.CONFIRMED


def test_listing_is_the_attendees_choice_and_only_where_the_event_allows_it():
    slot = TimeslotFactory(event=EventFactory(attendance_listing=False))
    member = UserFactory()
    registration = register(member, slot)
    assert registration.listed is False
    with pytest.raises(ValidationError):
        services.registration_set_listed(actor=member, registration=registration, listed=True)
    listing = TimeslotFactory(event=EventFactory(attendance_listing=True))
    reg = register(member, listing)
    assert services.registration_set_listed(actor=member, registration=reg, listed=True).listed


def test_every_change_is_audited_without_personal_values():
    slot = TimeslotFactory(capacity=1)
    a, b = UserFactory.create_batch(2)
    ra = register(a, slot)
    register(b, slot)
    services.registration_cancel(actor=a, registration=ra)
    actions = list(
        AuditEntry.objects.filter(object_type="campaigns.registration")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "registration.created",
        "registration.created",
        "registration.cancelled",
        "registration.offered",
    ]
    for entry in AuditEntry.objects.filter(object_type="campaigns.registration"):
        assert a.email not in str(entry.data) and ra.code not in str(entry.data)


# --- Reminders ------------------------------------------------------------------------


def test_reminders_the_day_before_and_two_hours_before_each_exactly_once():
    now = timezone.now()
    slot = TimeslotFactory(starts_at=now + datetime.timedelta(days=3), capacity=1)
    member, waiting = UserFactory(preferred_language="en"), UserFactory()
    registration = register(member, slot)
    register(waiting, slot)
    mail.outbox.clear()
    assert services.event_reminders_send(now=now) == 0  # too early
    day_before = slot.starts_at - datetime.timedelta(hours=23)
    assert services.event_reminders_send(now=day_before) == 1
    assert services.event_reminders_send(now=day_before + datetime.timedelta(minutes=5)) == 0
    hours_before = slot.starts_at - datetime.timedelta(hours=1, minutes=50)
    assert services.event_reminders_send(now=hours_before) == 1
    assert services.event_reminders_send(now=hours_before + datetime.timedelta(minutes=5)) == 0
    # To the member only (not the person waiting), with their code, in their language.
    assert [m.to for m in mail.outbox] == [[member.email], [member.email]]
    assert mail.outbox[0].subject.startswith("Tomorrow:")
    assert mail.outbox[1].subject.startswith("Soon:")
    assert registration.code in mail.outbox[0].body
    # The e-mail never carries the address: it stays on the page behind sign-in.
    assert slot.event.address not in mail.outbox[0].body
    registration.refresh_from_db()
    assert registration.reminded_day_before_at and registration.reminded_hours_before_at


def test_a_late_registration_gets_only_the_reminder_still_due():
    now = timezone.now()
    slot = TimeslotFactory(starts_at=now + datetime.timedelta(hours=1))
    register(UserFactory(), slot)
    mail.outbox.clear()
    assert services.event_reminders_send(now=now) == 1
    assert services.event_reminders_send(now=now) == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_a_cancelled_registration_or_event():
    now = timezone.now()
    slot = TimeslotFactory(starts_at=now + datetime.timedelta(hours=20))
    member = UserFactory()
    services.registration_cancel(actor=member, registration=register(member, slot))
    other = TimeslotFactory(starts_at=now + datetime.timedelta(hours=20))
    register(UserFactory(), other)
    other.event.status = EventStatus.CANCELLED
    other.event.save()
    assert services.event_reminders_send(now=now) == 0


# --- Personal data ----------------------------------------------------------------------


def test_export_holds_the_members_registrations():
    slot = TimeslotFactory()
    member = UserFactory()
    registration = register(member, slot)
    data = user_export(user=member)["campaigns"]["event_registrations"]
    assert [(r["code"], r["status"], r["event_id"]) for r in data] == [
        (registration.code, "confirmed", slot.event_id)
    ]


def test_erasure_deletes_the_registrations_and_offers_the_place():
    slot = TimeslotFactory(capacity=1)
    leaving, waiting = UserFactory.create_batch(2)
    register(leaving, slot)
    queued = register(waiting, slot)
    user_erase(user=leaving)
    assert not Registration.objects.filter(user_id=leaving.pk).exists()
    queued.refresh_from_db()
    assert queued.status == S.OFFERED


# --- The periodic commands ------------------------------------------------------------------


def test_the_commands_send_due_reminders_and_withdraw_lapsed_offers():
    import io

    from django.core.management import call_command

    now = timezone.now()
    soon = TimeslotFactory(starts_at=now + datetime.timedelta(hours=10), capacity=1)
    holder, waiting, next_up = UserFactory.create_batch(3)
    held = register(holder, soon)
    offered = register(waiting, soon)
    last = register(next_up, soon)
    services.registration_cancel(actor=holder, registration=held)
    Registration.objects.filter(pk=offered.pk).update(offered_until=now)
    out = io.StringIO()
    call_command("campaigns_waitlist_expire", stdout=out)
    assert out.getvalue().strip() == "1 offer lapsed."
    last.refresh_from_db()
    assert last.status == S.OFFERED
    # The offer e-mail names the event's page and the member's own list, nothing else.
    offer = mail.outbox[-1]
    assert offer.to == [next_up.email]
    assert f"/campaigns/events/{soon.event_id}/" in offer.body
    assert "/campaigns/events/mine/" in offer.body
    services.registration_accept_offer(actor=next_up, registration=last)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("campaigns_event_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder sent."
    call_command("campaigns_event_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[next_up.email]]
