"""The organizer's side of events: who may open what, the event's life (create, times,
publish, cancel), check-in by code, walk-ins, the audited attendee list and closing."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jisr.accounts.roles import Role
from jisr.campaigns.models import Event, EventReport, EventStatus, Registration, Timeslot
from jisr.campaigns.services import event_ops
from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from ..conftest import assert_error_page, signed_in
from .event_ops_helpers import EVENT, new_event, register

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["jisr_language"] = "en"
    return client


def audits(action) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def staff(client, organizer):
    organizer.preferred_language = "en"
    organizer.save(update_fields=["preferred_language"])
    return english(signed_in(client, organizer))


# --- Who may open what ----------------------------------------------------------------


def test_members_and_volunteers_cannot_open_the_organizer_pages(client):
    event, _slot = new_event()
    signed_in(client, UserFactory(roles=[Role.VOLUNTEER]))
    for name, kwargs in (
        ("campaigns_staff:events", {}),
        ("campaigns_staff:event_new", {}),
        ("campaigns_staff:event", {"pk": event.pk}),
        ("campaigns_staff:event_report", {"pk": event.pk}),
        ("campaigns_staff:event_checkin", {"pk": event.pk}),
    ):
        assert_error_page(client.get(reverse(name, kwargs=kwargs)), 403)
    response = client.post(reverse("campaigns_staff:event_export", args=[event.pk]))
    assert_error_page(response, 403)
    assert audits(Action.EVENT_ATTENDEES_EXPORTED) == 0


def test_an_organizer_without_the_second_factor_is_sent_to_set_it_up(client):
    signed_in(client, UserFactory(roles=[Role.ORGANIZER]))
    response = client.get(reverse("campaigns_staff:events"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_volunteer_host_may_check_people_in_and_nothing_else(client):
    volunteer = UserFactory(roles=[Role.VOLUNTEER], preferred_language="en")
    event, slot = new_event()
    event.hosts.add(volunteer)
    registration = register(slot, UserFactory(display_name="ضيفة الباب"))
    english(signed_in(client, volunteer))
    page = reverse("campaigns_staff:event_checkin", args=[event.pk])
    assert client.get(page).status_code == 200
    response = client.post(page, {"code": registration.code}, follow=True)
    assert "ضيفة الباب" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # Hosting one event opens that event's door only, and never the list or the report.
    other, _slot = new_event()
    checkin_other = reverse("campaigns_staff:event_checkin", args=[other.pk])
    assert_error_page(client.get(checkin_other), 403)
    assert_error_page(client.get(reverse("campaigns_staff:event", args=[event.pk])), 403)
    export = reverse("campaigns_staff:event_export", args=[event.pk])
    assert_error_page(client.post(export), 403)


def test_the_staff_menu_counts_the_events_waiting_for_their_report(staff):
    new_event(past=True)  # ended, still published: waits
    new_event()  # to come
    new_event(status=EventStatus.CLOSED, past=True)
    response = staff.get(reverse("staff:dashboard"))
    assert "1 event waits for its closing report" in response.content.decode()


# --- The event's life -----------------------------------------------------------------


def _form(**changes):
    data = {**EVENT, **changes}
    data["attendance_listing"] = "on" if data["attendance_listing"] else ""
    return data


def test_an_organizer_creates_an_event_as_a_draft(staff, organizer):
    host = UserFactory(roles=[Role.VOLUNTEER])
    response = staff.post(reverse("campaigns_staff:event_new"), _form(hosts=[host.pk]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns_staff:event", args=[event.pk])
    assert (event.status, event.title, event.city) == ("draft", EVENT["title"], "مالمو")
    assert list(event.hosts.all()) == [host]
    assert event.created_by == organizer
    assert audits(Action.EVENT_CREATED) == 1


def test_an_invalid_event_is_refused_in_words_and_nothing_is_written(staff):
    before = AuditEntry.objects.count()
    response = staff.post(reverse("campaigns_staff:event_new"), _form(title="", kind="picnic"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "This field is required." in text
    assert "Select a valid choice." in text
    assert not Event.objects.exists()
    assert AuditEntry.objects.count() == before


def test_the_services_refuse_bad_input_and_write_nothing():
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        event_ops.event_create(actor="system:test", **{**EVENT, "online_url": "not a link"})
    assert not Event.objects.exists()
    event, _slot = new_event(status=EventStatus.DRAFT)
    start = timezone.now() + datetime.timedelta(days=3)
    written = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        event_ops.timeslot_add(
            actor="system:test", event=event, starts_at=start, ends_at=start, capacity=None
        )
    with pytest.raises(ValidationError):
        event_ops.timeslot_add(
            actor="system:test",
            event=event,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            capacity=0,
        )
    assert Timeslot.objects.filter(event=event).count() == 1
    with pytest.raises(ValidationError):
        event_ops.checkin_record(actor="system:test", event=event, code="ANY")  # a draft
    with pytest.raises(ValidationError):
        event_ops.event_close(actor="system:test", event=event)  # a draft
    assert AuditEntry.objects.count() == written > before
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_a_time_is_added_from_the_event_page_in_arabic_indic_digits(staff):
    event, _slot = new_event(status=EventStatus.DRAFT)
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page = reverse("campaigns_staff:event", args=[event.pk])
    data = {"date": day, "starts": "١٨:٠٠", "ends": "١٧:٠٠", "capacity": "٣٠"}
    response = staff.post(page, data)
    assert "The end must come after the start." in response.content.decode()
    assert event.timeslots.count() == 1
    response = staff.post(page, {**data, "ends": "٢٠:٣٠"})
    assert response.status_code == 302
    slot = event.timeslots.order_by("-starts_at").first()
    assert slot.capacity == 30
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "18:00"
    assert timezone.localtime(slot.ends_at).strftime("%H:%M") == "20:30"


def test_publishing_needs_a_time_to_come_and_the_address(staff):
    event = event_ops.event_create(actor="system:test", **{**EVENT, "address": ""})
    url = reverse("campaigns_staff:event_publish", args=[event.pk])
    response = staff.post(url, follow=True)
    text = response.content.decode()
    assert "Add at least one time that has not started yet." in text
    assert "An event in person needs its address" in text
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert audits(Action.EVENT_PUBLISHED) == 0
    start = timezone.now() + datetime.timedelta(days=2)
    event_ops.timeslot_add(
        actor="system:test", event=event, starts_at=start, ends_at=start + datetime.timedelta(1)
    )
    event_ops.event_update(actor="system:test", event=event, **{**EVENT, "address": "هنا"})
    staff.post(url)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.published_at is not None
    assert audits(Action.EVENT_PUBLISHED) == 1


def test_cancelling_tells_everyone_registered_in_their_language(staff):
    event, slot = new_event()
    register(slot, UserFactory(email="ar@example.org", preferred_language="ar"))
    register(
        slot, UserFactory(email="en@example.org", preferred_language="en"), status="waitlisted"
    )
    register(slot, UserFactory(email="gone@example.org"), status="cancelled")
    url = reverse("campaigns_staff:event_cancel", args=[event.pk])
    staff.post(url)  # not confirmed
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    mail.outbox.clear()
    response = staff.post(url, {"confirm": "yes"}, follow=True)
    assert "2 people registered were told by e-mail" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"ar@example.org", "en@example.org"}
    assert by_address["en@example.org"].subject == f"Cancelled: {EVENT['title']}"
    assert EVENT["title"] in by_address["ar@example.org"].body
    entry = AuditEntry.objects.get(action=Action.EVENT_CANCELLED)
    assert entry.data == {"count": 2}
    with pytest.raises(ValidationError):
        event_ops.event_update(actor="system:test", event=event, **EVENT)


# --- At the door ----------------------------------------------------------------------


def test_check_in_by_code_shows_the_display_name_only(staff):
    event, slot = new_event()
    person = UserFactory(display_name="سلمى التجريبية", email="salma@example.org")
    registration = register(slot, person, code="K7QP4MZ2")
    url = reverse("campaigns_staff:event_checkin", args=[event.pk])
    response = staff.post(url, {"code": " k7qp 4mz2 "}, follow=True)
    text = response.content.decode()
    assert "Welcome, سلمى التجريبية: checked in." in text
    assert "salma@example.org" not in text
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert "1 person checked in so far." in text
    entry = AuditEntry.objects.get(action=Action.EVENT_CHECKED_IN)
    assert (entry.object_type, entry.object_id, entry.data) == (
        "campaigns.registration",
        str(registration.pk),
        {},
    )
    response = staff.post(url, {"code": "K7QP4MZ2"})
    assert "This code was already checked in." in response.content.decode()


def test_a_wrong_code_or_another_events_code_is_refused(staff):
    event, slot = new_event()
    _other, other_slot = new_event()
    theirs = register(other_slot, UserFactory(), code="OTHER234")
    waiting = register(slot, UserFactory(), code="WAIT2345", status="waitlisted")
    url = reverse("campaigns_staff:event_checkin", args=[event.pk])
    response = staff.post(url, {"code": "NOPE2345"})
    assert "No registration for this event has this code." in response.content.decode()
    response = staff.post(url, {"code": theirs.code})
    assert "No registration for this event has this code." in response.content.decode()
    response = staff.post(url, {"code": waiting.code})
    assert "cancelled or still on the waiting list" in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert audits(Action.EVENT_CHECKED_IN) == 0


def test_walk_ins_are_a_number(staff):
    event, _slot = new_event()
    url = reverse("campaigns_staff:event_walk_ins", args=[event.pk])
    staff.post(url, {"walk_ins": "٧"})
    assert EventReport.objects.get(event=event).walk_ins == 7
    staff.post(url, {"walk_ins": "-2"})
    assert EventReport.objects.get(event=event).walk_ins == 7
    assert AuditEntry.objects.get(action=Action.EVENT_WALK_INS_COUNTED).data == {
        "from": 0,
        "to": 7,
    }


# --- The attendee list ----------------------------------------------------------------


def test_the_attendee_list_has_no_email_and_every_download_is_audited(staff):
    event, slot = new_event()
    came = register(slot, UserFactory(display_name="حاضر أول", email="first@example.org"))
    register(slot, UserFactory(display_name="غائب ثان", email="second@example.org"))
    event_ops.checkin_record(actor="system:test", event=event, code=came.code)
    url = reverse("campaigns_staff:event_export", args=[event.pk])
    assert staff.get(url).status_code == 405
    response = staff.post(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "@" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["display_name", "timeslot_starts_at", "status", "checked_in"]
    assert sorted((r[0], r[2], r[3]) for r in rows[1:]) == [
        ("حاضر أول", "confirmed", "yes"),
        ("غائب ثان", "confirmed", "no"),
    ]
    staff.post(url)
    entries = AuditEntry.objects.filter(action=Action.EVENT_ATTENDEES_EXPORTED)
    assert entries.count() == 2
    assert all(e.object_id == str(event.pk) and e.data == {"count": 2} for e in entries)


# --- Closing --------------------------------------------------------------------------


def test_an_event_closes_only_after_it_ended(staff):
    event, _slot = new_event()
    url = reverse("campaigns_staff:event_report", args=[event.pk])
    response = staff.post(url, {"walk_ins": "3", "minutes": "محضر"})
    assert "once its last time has ended" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert audits(Action.EVENT_CLOSED) == 0


def test_a_cash_sheet_of_another_campaign_is_refused():
    from jisr.treasury.models.cash import CountSheet

    from ..treasury.factories import CampaignFactory

    mine, theirs = CampaignFactory(), CampaignFactory()
    event, _slot = new_event(past=True)
    Event.objects.filter(pk=event.pk).update(treasury_campaign=mine)
    event.refresh_from_db()
    sheet = CountSheet.objects.create(
        campaign=theirs, label="كشك", counted_on=timezone.localdate(), currency="USD", total=500
    )
    with pytest.raises(ValidationError):
        event_ops.event_close(actor="system:test", event=event, cash_sheets=[sheet])
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert not EventReport.objects.filter(event=event).exists()
