"""The events' public pages, calendar files and API: what each person sees, and what nobody
sees (an address before registering, a members-only event as a visitor, an attendee who
did not choose to be listed)."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.campaigns.models import EventAudience, EventFormat, EventStatus, Registration
from jisr.campaigns.models import RegistrationStatus as S
from jisr.campaigns.services import events as services
from jisr.search.models import SearchDocument

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .factories import EventFactory, TimeslotFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SECRETS = ("شارع السر 7", "meet.example.invalid/secret-room", "تعليمات خاصة بالمسجلين")


@pytest.fixture
def english(client):
    client.cookies["jisr_language"] = "en"
    return client


def register(user, slot):
    return services.registration_create(actor=user, timeslot=slot)


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- The landing page ---------------------------------------------------------------------


def test_the_list_shows_upcoming_public_events_soonest_first(client, assert_flat_queries):
    now = timezone.now()
    later = TimeslotFactory(starts_at=now + datetime.timedelta(days=9)).event
    sooner = TimeslotFactory(starts_at=now + datetime.timedelta(days=2)).event
    hidden = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS)).event
    draft = TimeslotFactory(event=EventFactory(status=EventStatus.DRAFT)).event

    def grow():
        for _ in range(3):
            TimeslotFactory(starts_at=now + datetime.timedelta(days=20))

    before, _after = assert_flat_queries(4, lambda: client.get(reverse("campaigns:list")), grow)
    html = before.content.decode()
    assert html.index(sooner.title) < html.index(later.title)
    assert hidden.title not in html and draft.title not in html


def test_members_see_the_members_only_events_in_the_list(client):
    hidden = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS)).event
    signed_in(client, UserFactory())
    assert hidden.title in page(client, "campaigns:list")


# --- An event's page ------------------------------------------------------------------------


def test_a_visitor_sees_the_city_but_never_the_address_link_or_instructions(client):
    slot = TimeslotFactory(event=EventFactory(format=EventFormat.HYBRID), capacity=10)
    html = page(client, "campaigns:event", slot.event_id)
    assert slot.event.city in html
    for secret in SECRETS:
        assert secret not in html
    assert reverse("account_login") in html  # sign in to register


def test_a_member_not_registered_or_only_waiting_does_not_see_the_address(client):
    slot = TimeslotFactory(event=EventFactory(format=EventFormat.HYBRID), capacity=1)
    register(UserFactory(), slot)
    waiting = UserFactory()
    register(waiting, slot)
    signed_in(client, UserFactory())
    html = page(client, "campaigns:event", slot.event_id)
    for secret in SECRETS:
        assert secret not in html
    signed_in(client, waiting)
    html = page(client, "campaigns:event", slot.event_id)
    for secret in SECRETS:
        assert secret not in html


def test_a_registered_member_sees_the_address_link_instructions_and_code(client):
    slot = TimeslotFactory(event=EventFactory(format=EventFormat.HYBRID))
    member = UserFactory()
    registration = register(member, slot)
    signed_in(client, member)
    html = page(client, "campaigns:event", slot.event_id)
    for secret in SECRETS:
        assert secret in html
    assert registration.code in html


@pytest.mark.parametrize("signed", [False, True])
def test_the_event_page_query_count_is_fixed(client, django_assert_num_queries, signed):
    slot = TimeslotFactory(capacity=3)
    for _ in range(2):
        TimeslotFactory(event=slot.event)
    if signed:
        member = UserFactory()
        register(member, slot)
        signed_in(client, member)
    # Visitor: the event, its timeslots, the organizations co-hosting or promoting it (the
    # coalition's panel). Member: the session and user, roles, the event, their
    # registrations, the timeslots, the organizations, and the messages' session save.
    with django_assert_num_queries(11 if signed else 4):  # + its share kit, if any
        response = client.get(reverse("campaigns:event", args=[slot.event_id]))
    assert response.status_code == 200


def test_members_only_events_are_not_found_by_visitors(client):
    event = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS)).event
    assert client.get(reverse("campaigns:event", args=[event.pk])).status_code == 404
    assert client.get(reverse("campaigns:event_ics", args=[event.pk])).status_code == 404
    signed_in(client, UserFactory())
    assert client.get(reverse("campaigns:event", args=[event.pk])).status_code == 200


def test_drafts_are_not_found(client):
    event = TimeslotFactory(event=EventFactory(status=EventStatus.DRAFT)).event
    signed_in(client, UserFactory())
    assert client.get(reverse("campaigns:event", args=[event.pk])).status_code == 404


def test_public_pages_show_no_attendee_who_did_not_opt_in(client):
    slot = TimeslotFactory(event=EventFactory(attendance_listing=True))
    shy = [UserFactory(display_name=f"خجول {n}") for n in range(3)]
    for user in shy:
        register(user, slot)
    proud = UserFactory(display_name="حاضر معلن")
    services.registration_set_listed(actor=proud, registration=register(proud, slot), listed=True)
    # And one whose event does not list attendees, even with the flag set in the table.
    unlisted = TimeslotFactory(event=EventFactory(attendance_listing=False))
    other = UserFactory(display_name="لا يظهر أبدا")
    Registration.objects.filter(pk=register(other, unlisted).pk).update(listed=True)
    html = page(client, "campaigns:event", slot.event_id)
    assert "حاضر معلن" in html
    assert [u.display_name for u in shy if u.display_name in html] == []
    assert "لا يظهر أبدا" not in page(client, "campaigns:event", unlisted.event_id)
    everything = (
        html
        + page(client, "campaigns:list")
        + client.get("/api/v1/campaigns/events").content.decode()
    )
    assert [u.display_name for u in shy if u.display_name in everything] == []


# --- Registering through the pages -------------------------------------------------------


def test_register_cancel_and_register_again_through_the_forms(client, english):
    slot = TimeslotFactory(capacity=1)
    member = UserFactory()
    signed_in(client, member)
    response = client.post(
        reverse("campaigns:event_register", args=[slot.pk]) + "?utm_source=whatsapp",
        HTTP_REFERER="https://tracker.example.invalid/?ref=abc",
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=member)
    assert registration.status == S.CONFIRMED
    # Nothing of where the member came from is stored with the registration.
    stored = " ".join(str(getattr(registration, f.attname)) for f in Registration._meta.fields)
    assert "utm" not in stored and "tracker" not in stored and "whatsapp" not in stored
    follow = client.get(response["Location"])
    assert registration.code in follow.content.decode()
    client.post(reverse("campaigns:registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED
    client.post(reverse("campaigns:event_register", args=[slot.pk]))
    assert Registration.objects.filter(user=member, status=S.CONFIRMED).count() == 1


def test_a_full_timeslot_puts_the_member_on_the_waiting_list_and_accepting_an_offer(client):
    slot = TimeslotFactory(capacity=1)
    first = UserFactory()
    held = register(first, slot)
    member = UserFactory()
    signed_in(client, member)
    client.post(reverse("campaigns:event_register", args=[slot.pk]))
    mine = Registration.objects.get(user=member)
    assert mine.status == S.WAITLISTED
    services.registration_cancel(actor=first, registration=held)
    html = page(client, "campaigns:my_events")
    assert reverse("campaigns:registration_accept", args=[mine.pk]) in html
    client.post(reverse("campaigns:registration_accept", args=[mine.pk]), {"from": "mine"})
    mine.refresh_from_db()
    assert mine.status == S.CONFIRMED


def test_a_visitor_is_sent_to_sign_in_and_nothing_is_registered(client):
    slot = TimeslotFactory()
    response = client.post(reverse("campaigns:event_register", args=[slot.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Registration.objects.exists()


def test_nobody_acts_on_someone_elses_registration(client):
    slot = TimeslotFactory()
    registration = register(UserFactory(), slot)
    signed_in(client, UserFactory())
    response = client.post(reverse("campaigns:registration_cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_listed_toggle(client):
    slot = TimeslotFactory(event=EventFactory(attendance_listing=True))
    member = UserFactory(display_name="عضو يختار")
    registration = register(member, slot)
    signed_in(client, member)
    client.post(reverse("campaigns:registration_listed", args=[registration.pk]), {"listed": "1"})
    registration.refresh_from_db()
    assert registration.listed
    client.post(reverse("campaigns:registration_listed", args=[registration.pk]), {"listed": "0"})
    registration.refresh_from_db()
    assert not registration.listed


def test_my_events_lists_the_codes_with_fixed_queries(client, assert_flat_queries):
    member = UserFactory()
    codes = [register(member, TimeslotFactory()).code for _ in range(2)]
    signed_in(client, member)

    def grow():
        for _ in range(3):
            register(member, TimeslotFactory())

    before, _ = assert_flat_queries(5, lambda: client.get(reverse("campaigns:my_events")), grow)
    html = before.content.decode()
    assert all(code in html for code in codes)


def test_my_events_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("campaigns:my_events"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- Calendar files ---------------------------------------------------------------------------


def _vevents(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return [c for c in calendar.walk("VEVENT")]


def test_the_event_ics_parses_and_carries_its_url_without_secrets_for_a_visitor(client):
    slot = TimeslotFactory(event=EventFactory(format=EventFormat.HYBRID))
    second = TimeslotFactory(
        event=slot.event, starts_at=slot.starts_at + datetime.timedelta(days=1)
    )
    response = client.get(reverse("campaigns:event_ics", args=[slot.event_id]))
    assert response["Content-Type"].startswith("text/calendar")
    events = _vevents(response.content)
    assert len(events) == 2
    url = "http://127.0.0.1:8000" + reverse("campaigns:event", args=[slot.event_id])
    assert [str(vevent["URL"]) for vevent in events] == [url, url]
    assert [vevent.decoded("DTSTART") for vevent in events] == [
        s.starts_at.replace(microsecond=0) for s in (slot, second)
    ]
    text = response.content.decode()
    assert "secret-room" not in text and "شارع السر" not in text


def test_a_registered_members_ics_has_the_online_link_and_address(client):
    slot = TimeslotFactory(event=EventFactory(format=EventFormat.HYBRID))
    member = UserFactory()
    register(member, slot)
    signed_in(client, member)
    response = client.get(reverse("campaigns:event_ics", args=[slot.event_id]))
    assert "no-store" in response["Cache-Control"]
    (vevent,) = _vevents(response.content)
    assert "https://meet.example.invalid/secret-room" in str(vevent["DESCRIPTION"])
    assert "شارع السر 7" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(reverse("campaigns:event", args=[slot.event_id]))


def test_the_feed_parses_has_urls_and_only_public_events(client, django_assert_num_queries):
    public = TimeslotFactory().event
    TimeslotFactory(event=public)
    hidden = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS)).event
    TimeslotFactory(event=EventFactory(status=EventStatus.DRAFT))
    with django_assert_num_queries(2):
        response = client.get(reverse("campaigns:events_feed"))
    events = _vevents(response.content)
    assert len(events) == 2
    assert all(str(e["URL"]).endswith(reverse("campaigns:event", args=[public.pk])) for e in events)
    text = response.content.decode()
    assert hidden.title not in text and "secret-room" not in text and "شارع السر" not in text


# --- API, search, home ------------------------------------------------------------------------


def test_the_api_lists_public_events_without_private_fields(client):
    slot = TimeslotFactory(capacity=4)
    register(UserFactory(), slot)
    hidden = TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS)).event
    listing = client.get("/api/v1/campaigns/events").json()
    assert [item["id"] for item in listing["items"]] == [slot.event_id]
    detail = client.get(f"/api/v1/campaigns/events/{slot.event_id}").json()
    assert detail["timeslots"][0]["places_left"] == 3
    body = str(listing) + str(detail)
    assert all(secret not in body for secret in SECRETS)
    assert "address" not in detail and "code" not in str(detail["timeslots"])
    assert client.get(f"/api/v1/campaigns/events/{hidden.pk}").status_code == 404


def test_search_holds_public_events_only_and_drops_cancelled_or_hidden_ones():
    event = TimeslotFactory().event
    members = EventFactory(audience=EventAudience.MEMBERS)
    docs = SearchDocument.objects.filter(doc_type="event")
    assert list(docs.values_list("object_id", flat=True)) == [event.pk]
    assert all(secret not in str(docs.values()) for secret in SECRETS)
    event.audience = EventAudience.MEMBERS
    event.save()
    assert not docs.exists()
    event.audience = EventAudience.PUBLIC
    event.save()
    assert docs.exists()
    event.status = EventStatus.CANCELLED
    event.save()
    assert not docs.exists()
    assert members.pk not in docs.values_list("object_id", flat=True)


def test_the_home_page_shows_the_next_three_public_events(client, english, assert_flat_queries):
    from jisr.campaigns.event_selectors import home_events

    now = timezone.now()
    slots = [TimeslotFactory(starts_at=now + datetime.timedelta(days=d)) for d in (4, 1, 2, 3)]
    TimeslotFactory(event=EventFactory(audience=EventAudience.MEMBERS, title="خفي"))

    def grow():
        for _ in range(3):
            TimeslotFactory(starts_at=now + datetime.timedelta(days=30))

    before, _ = assert_flat_queries(1, home_events, grow)
    assert [e.pk for e in before] == [slots[1].event_id, slots[2].event_id, slots[3].event_id]
    html = client.get(reverse("home")).content.decode()
    assert slots[1].event.title_en in html and "خفي" not in html
    assert slots[0].event.title_en not in html


def test_a_public_event_is_found_on_the_search_page_and_a_members_only_one_never(client):
    import io

    from django.core.management import call_command

    event = TimeslotFactory(event=EventFactory(description="ورشة عن المطالعة الليلية")).event
    hidden = EventFactory(audience=EventAudience.MEMBERS, description="المطالعة السرية")
    page = client.get("/search/", {"q": "المطالعة"}).content.decode()
    assert f'href="/campaigns/events/{event.pk}/"' in page
    assert f"/campaigns/events/{hidden.pk}/" not in page
    call_command("search_rebuild", stdout=io.StringIO())  # the same after a rebuild
    docs = SearchDocument.objects.filter(doc_type="event")
    assert list(docs.values_list("object_id", flat=True)) == [event.pk]
