"""Following by e-mail: double opt-in, signed links, consent, and withdrawing."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jisr.accounts.services import user_erase, user_export
from jisr.reports import services
from jisr.reports.models import ConsentRecord, Frequency, Subscriber, Subscription

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..parliament.factories import PersonFactory
from .factories import VisitorFactory, subscribe

pytestmark = pytest.mark.django_db


def _subscribe(client, person, email="reader@example.net", **extra):
    data = {
        "what": f"parliament.person:{person.pk}",
        "email": email,
        "frequency": "weekly",
        "language": "en",
        "consent": "on",
        **extra,
    }
    return client.post(reverse("reports:subscribe"), data)


def _link(message, name) -> str:
    found = re.search(r"https://jisr\.example\.org(/reports/[^\s\"<]+)", message.body)
    assert found, message.body
    path = found.group(1)
    assert path.startswith(reverse(name, args=["X"]).rsplit("X", 1)[0])
    return path


def test_a_visitor_subscribes_only_after_clicking_the_emailed_link(client):
    person = PersonFactory()
    response = _subscribe(client, person)
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["reader@example.net"]]
    message = mail.outbox[0]
    assert message.subject == "Confirm your subscription"
    assert person.name in message.body
    assert message.alternatives[0][1] == "text/html"
    link = _link(message, "reports:confirm")

    # Opening the link (as a mail scanner would) confirms nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert Subscription.objects.get().confirmed_at is None

    done = client.post(link)
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    consent = ConsentRecord.objects.get(action="given")
    assert (consent.how, consent.what, consent.frequency) == (
        "double_opt_in",
        f"parliament.person:{person.pk}",
        "weekly",
    )

    again = client.post(link)
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()


def test_a_forged_or_expired_confirmation_link_says_so(client, monkeypatch):
    person = PersonFactory()
    _subscribe(client, person)
    link = _link(mail.outbox[0], "reports:confirm")
    forged = link.rstrip("/")[:-3] + "abc/"
    response = client.post(forged)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()

    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("أحمد@example.org", "Arabic letters or digits"),
        ("ahmed٣@example.org", "Arabic letters or digits"),
        ("ahmed.example.org", "has an @"),
        ("ahmed@@example", "not a valid e-mail address"),
    ],
)
def test_addresses_with_arabic_characters_get_a_clear_message(client, typed, message):
    response = _subscribe(client, PersonFactory(), email=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_arabic_domain_is_accepted_and_direction_marks_are_dropped():
    assert services.clean_email("\u200fsalma@مثال.عراق\u200e") == "salma@مثال.عراق"
    assert services.clean_email(" Salma@Example.ORG ") == "Salma@example.org"


def test_the_answer_never_tells_whether_an_address_is_subscribed(client):
    person = PersonFactory()
    visitor = VisitorFactory(email="known@example.net")
    subscribe(visitor, person)
    response = _subscribe(client, person, email="known@example.net")
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_consent_is_required(client):
    response = _subscribe(client, PersonFactory(), consent="")
    assert "Tick the box" in response.content.decode()
    assert not Subscription.objects.exists()


def test_unsubscribing_takes_one_click_and_forgets_the_visitor(client):
    person = PersonFactory()
    visitor = VisitorFactory()
    subscription = subscribe(visitor, person)
    url = reverse("reports:unsubscribe", args=[services.unsubscribe_token(subscription.key)])
    page = client.get(url)
    assert page.status_code == 200 and Subscription.objects.exists()
    response = client.post(url)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()  # nothing left to send: the address is gone
    again = client.post(url)
    assert again.status_code == 400
    assert "already unsubscribed" in again.content.decode()


def test_one_click_unsubscribe_from_the_mail_program_needs_no_session(client):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", without cookies."""
    member_subscriber = VisitorFactory()
    subscribe(member_subscriber, PersonFactory())
    subscribe(member_subscriber, None, frequency=Frequency.MONTHLY)
    csrf_client = client.__class__(enforce_csrf_checks=True)
    url = reverse(
        "reports:unsubscribe_all", args=[services.unsubscribe_all_token(member_subscriber)]
    )
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_a_forged_unsubscribe_link_is_refused(client):
    subscription = subscribe(VisitorFactory(), PersonFactory())
    token = services.unsubscribe_token(subscription.key)
    response = client.post(reverse("reports:unsubscribe", args=[token[:-2] + "xy"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    other_salt = services.confirm_token(subscription)  # a valid link of another kind
    response = client.post(reverse("reports:unsubscribe", args=[other_salt]))
    assert response.status_code == 400
    assert Subscription.objects.exists()


def test_a_member_follows_at_once_and_manages_everything_on_one_page(client, member):
    person = PersonFactory()
    signed_in(client, member)
    client.post(
        reverse("reports:subscribe"),
        {"what": f"parliament.person:{person.pk}", "frequency": "daily"},
    )
    client.post(reverse("reports:subscribe"), {"what": "report", "frequency": "monthly"})
    assert mail.outbox == []
    subscriptions = Subscription.objects.filter(subscriber__user=member)
    assert subscriptions.count() == 2
    assert all(s.confirmed_at for s in subscriptions)
    page = client.get(reverse("reports:subscriptions"))
    assert page.status_code == 200
    text = page.content.decode()
    assert person.name in text and "monthly report" in text

    one = subscriptions.get(target_type__isnull=False)
    client.post(
        reverse("reports:subscriptions"),
        {"action": "frequency", "subscription": one.pk, "frequency": "paused"},
    )
    one.refresh_from_db()
    assert one.frequency == "paused"
    client.post(reverse("reports:subscriptions"), {"action": "withdraw", "subscription": one.pk})
    assert not Subscription.objects.filter(pk=one.pk).exists()
    client.post(reverse("reports:subscriptions"), {"action": "notices", "frequency": "weekly"})
    assert Subscriber.objects.get(user=member).notices == "weekly"
    hows = list(ConsentRecord.objects.values_list("action", "how"))
    assert ("withdrawn", "manage_page") in hows and ("changed", "manage_page") in hows


def test_another_members_subscription_cannot_be_changed(client, member):
    stranger = VisitorFactory()
    theirs = subscribe(stranger, PersonFactory())
    signed_in(client, member)
    client.post(
        reverse("reports:subscriptions"),
        {"action": "frequency", "subscription": theirs.pk, "frequency": "paused"},
    )
    theirs.refresh_from_db()
    assert theirs.frequency == "weekly"


def test_visitors_manage_through_the_signed_link(client):
    visitor = VisitorFactory()
    subscription = subscribe(visitor, PersonFactory())
    url = reverse("reports:manage", args=[services.manage_token(visitor)])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "frequency", "subscription": subscription.pk, "frequency": "daily"})
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"
    assert client.get(reverse("reports:manage", args=["forged"])).status_code == 400


def test_a_manage_link_expires_is_never_cached_and_never_opens_a_members_subscriptions(
    client, member
):
    visitor = VisitorFactory()
    subscribe(visitor, PersonFactory())
    url = reverse("reports:manage", args=[services.manage_token(visitor)])
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    later = time.time() + (services.MANAGE_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(url)
    assert response.status_code == 400 and "expired" in response.content.decode()
    # A member's subscriber: the link leads to signing in, never to their subscriptions.
    services.subscription_follow(actor=member, target=PersonFactory())
    token = services.manage_token(member.subscriber)
    response = client.get(reverse("reports:manage", args=[token]))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 302  # to the sign-in page


def test_unconfirmed_requests_are_purged_after_seven_days(client):
    person = PersonFactory()
    _subscribe(client, person, email="late@example.net")
    confirmed = subscribe(VisitorFactory(), person)
    Subscription.objects.exclude(pk=confirmed.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=8)
    )
    call_command("reports_purge_unconfirmed")
    assert list(Subscription.objects.all()) == [confirmed]
    assert not Subscriber.objects.filter(email="late@example.net").exists()


def test_an_address_gets_at_most_three_confirmations_an_hour_and_one_waits(client):
    """Six posts used to send six e-mails. Now the third is the last for the address, and
    only the latest request waits: the earlier links stop working."""
    people = [PersonFactory() for _ in range(6)]
    statuses = [
        _subscribe(client, person, email="flooded@example.net").status_code for person in people
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert len(mail.outbox) == 3
    waiting = Subscription.objects.filter(subscriber__email="flooded@example.net")
    assert [s.target_id for s in waiting] == [people[2].pk]
    first_link = _link(mail.outbox[0], "reports:confirm")
    assert client.post(first_link).status_code in (400, 404, 410)
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_one_client_cannot_flood_many_addresses(client):
    person = PersonFactory()
    statuses = [
        _subscribe(client, person, email=f"r{i}@example.net").status_code for i in range(12)
    ]
    assert statuses.count(200) == 10 and statuses[-2:] == [429, 429]
    assert len(mail.outbox) == 10


def test_erasure_and_export_reach_what_was_subscribed_signed_out(client):
    """A member who subscribed with their address before signing in: the export shows it,
    erasure removes it (matching the address exactly, not as a substring)."""
    person = PersonFactory()
    member = UserFactory(email="reader@example.net")
    mine = subscribe(VisitorFactory(email="Reader@Example.net"), person)
    other = subscribe(VisitorFactory(email="areader@example.net"), person)
    exported = user_export(user=member)["reports"]["signed_out_subscriptions"]
    assert [(e["email"], e["subscriptions"][0]["follows"]) for e in exported] == [
        ("Reader@Example.net", mine.target_key)
    ]
    user_erase(user=member)
    assert list(Subscription.objects.all()) == [other]


def test_export_and_erasure_cover_subscriptions_and_consent(member):
    services.subscription_follow(actor=member, target=PersonFactory())
    data = user_export(user=member)["reports"]
    assert data["subscriptions"][0]["frequency"] == "weekly"
    assert data["consents"][0]["how"] == "member_follow"
    user_erase(user=member)
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("back", ["report", "reports:list", "https://evil.example/"])
def test_follow_goes_home_when_next_is_not_a_path_of_the_site(client, member, back):
    # redirect() reads a bare word as the name of a view: "report" used to be a 500.
    person = PersonFactory()
    signed_in(client, member)
    response = client.post(
        reverse("reports:follow"), {"target": "parliament.person", "id": person.pk, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert Subscription.objects.filter(subscriber__user=member, target_id=person.pk).exists()
