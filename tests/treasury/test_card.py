"""The card channel: Stripe Checkout behind the payment-channel interface, and Stripe's
webhook replayed from recorded, fictional events signed here the way Stripe signs them
(``t=…,v1=HMAC-SHA256``). Nothing in these tests reaches Stripe."""

import hashlib
import hmac
import json
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry
from jisr.treasury.channels import stripe_client
from jisr.treasury.models import (
    Account,
    CardEvent,
    CardFlag,
    CardPayment,
    Contribution,
    ContributionStatus,
    LedgerEntry,
    Method,
)

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .factories import CampaignFactory
from .test_views import client_for, staff

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "stripe"
SECRET = "whsec_jisr_test_secret_not_real"
SESSION = "cs_test_a1JisrFictionalSession0001"
CHECKOUT = "https://checkout.stripe.com/c/pay/cs_test_a1JisrFictionalSession0001"


def sign(payload: bytes, *, secret: str = SECRET, at: int | None = None) -> str:
    """The ``Stripe-Signature`` header Stripe would send with this body."""
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"


def recorded(name: str) -> bytes:
    return (DATA / f"{name}.json").read_bytes()


def deliver(payload: bytes, signature: str | None = None):
    headers = {"HTTP_STRIPE_SIGNATURE": sign(payload) if signature is None else signature}
    return Client().post(
        reverse("treasury:stripe_webhook"), payload, content_type="application/json", **headers
    )


class FakeStripe:
    """Stands in for ``stripe_client``'s two calls and remembers what it was asked."""

    def __init__(self):
        self.sessions: list[dict] = []
        self.fees: list[str] = []

    def create_session(self, params):
        self.sessions.append(params)
        return SESSION, CHECKOUT

    def payment_fee(self, payment_intent):
        self.fees.append(payment_intent)
        return 103, "USD"


@pytest.fixture
def stripe_fake(settings, monkeypatch):
    settings.JISR_STRIPE_SECRET_KEY = "sk_test_jisr_not_real"
    settings.JISR_STRIPE_WEBHOOK_SECRET = SECRET

    def no_network():
        raise AssertionError("a test tried to reach Stripe")

    monkeypatch.setattr(stripe_client, "_client", no_network)
    fake = FakeStripe()
    monkeypatch.setattr(stripe_client, "create_session", fake.create_session)
    monkeypatch.setattr(stripe_client, "payment_fee", fake.payment_fee)
    return fake


@pytest.fixture
def card_gift(stripe_fake):
    """A member chose the card on the give page: a pending gift of 25.00 USD at Stripe."""
    campaign = CampaignFactory(title="حملة المدارس", title_en="Schools campaign")
    member = UserFactory()
    client = signed_in(Client(), member)
    response = client.post(
        reverse("treasury:give", args=[campaign.pk]),
        {
            "amount": "٢٥",
            "channel": Method.CARD,
            "name": "Fictional Card Donor",
            "contact": "+46 70 000 00 00",
            "display": "hidden",
            "attested": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == CHECKOUT
    return Contribution.objects.get(method=Method.CARD)


def in_english(role):
    """A signed-in client of someone who reads the site in English."""
    user = UserFactory() if role == "member" else staff(role)
    user.preferred_language = "en"
    user.save()
    return signed_in(Client(), user)


def snapshot():
    return (
        list(Contribution.objects.values_list("pk", "status", "gross", "fee", "net")),
        LedgerEntry.objects.count(),
        CardEvent.objects.count(),
        list(CardPayment.objects.values_list("flag", "payment_intent")),
    )


# --- The channels and the configuration -----------------------------------------------------


def test_the_card_is_offered_only_when_stripe_is_configured(settings):
    campaign = CampaignFactory()
    client = in_english("member")
    settings.JISR_STRIPE_SECRET_KEY = "sk_test_jisr_not_real"
    settings.JISR_STRIPE_WEBHOOK_SECRET = ""  # half a configuration: off
    with translation.override("en"):
        page = client.get(
            reverse("treasury:give", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Give by bank transfer" in page and 'value="card"' not in page
    assert deliver(recorded("checkout.session.completed")).status_code == 404

    settings.JISR_STRIPE_WEBHOOK_SECRET = SECRET
    with translation.override("en"):
        page = client.get(
            reverse("treasury:give", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert 'value="card"' in page and 'value="bank_transfer"' in page

    settings.JISR_TREASURY_CHANNELS = ["cash", "card"]  # this branch takes no transfers
    with translation.override("en"):
        page = client.get(
            reverse("treasury:give", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert 'value="bank_transfer"' not in page
    assert "Hand it to the treasurer" in page  # cash: said, not offered as a form

    iqd = CampaignFactory(currency="IQD")  # Stripe does not charge in dinars
    page = client.get(reverse("treasury:give", args=[iqd.pk])).content.decode()
    assert 'value="card"' not in page


def test_half_a_stripe_configuration_is_a_warning_of_manage_check(settings):
    from django.core.checks import run_checks

    settings.JISR_STRIPE_SECRET_KEY = "sk_test_jisr_not_real"
    settings.JISR_STRIPE_WEBHOOK_SECRET = ""
    assert [m.id for m in run_checks() if m.id.startswith("jisr.treasury")] == [
        "jisr.treasury.W001"
    ]
    settings.JISR_STRIPE_WEBHOOK_SECRET = SECRET
    assert not [m for m in run_checks() if m.id.startswith("jisr.treasury")]
    settings.JISR_STRIPE_SECRET_KEY = settings.JISR_STRIPE_WEBHOOK_SECRET = ""
    assert not [m for m in run_checks() if m.id.startswith("jisr.treasury")]


def test_choosing_the_card_sends_the_giver_to_checkout_without_their_name(card_gift, stripe_fake):
    assert card_gift.status == ContributionStatus.PENDING
    assert (card_gift.gross, card_gift.currency, card_gift.reference) == (2500, "USD", None)
    assert CardPayment.objects.get().session_id == SESSION
    (params,) = stripe_fake.sessions
    item = params["line_items"][0]["price_data"]
    assert (item["unit_amount"], item["currency"]) == (2500, "usd")
    assert params["client_reference_id"] == str(card_gift.pk)
    assert "Fictional Card Donor" not in json.dumps(params)
    assert LedgerEntry.objects.count() == 0


def test_when_stripe_cannot_be_reached_nothing_is_recorded(stripe_fake, monkeypatch):
    import stripe

    def down(params):
        raise stripe.APIConnectionError("no route to Stripe")

    monkeypatch.setattr(stripe_client, "create_session", down)
    campaign = CampaignFactory()
    client = in_english("member")
    with translation.override("en"):
        response = client.post(
            reverse("treasury:give", args=[campaign.pk]),
            {
                "amount": "10",
                "channel": "card",
                "name": "X Y",
                "display": "hidden",
                "attested": "on",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "The card service cannot be reached now" in response.content.decode()
    assert not Contribution.objects.exists()


# --- The webhook ----------------------------------------------------------------------------


def test_a_completed_checkout_is_booked_once_however_often_it_is_delivered(card_gift, stripe_fake):
    payload = recorded("checkout.session.completed")
    first = deliver(payload)
    assert (first.status_code, first.json()) == (200, {"outcome": "booked"})
    booked = snapshot()
    for _ in range(2):  # Stripe retries; a second signature, the same event
        again = deliver(payload)
        assert (again.status_code, again.json()) == (200, {"outcome": "duplicate"})
    assert snapshot() == booked

    gift = Contribution.objects.get(pk=card_gift.pk)
    assert (gift.status, gift.gross, gift.fee, gift.net) == ("paid", 2500, 103, 2397)
    assert gift.receipt_number
    lines = dict(
        LedgerEntry.objects.filter(group=gift.ledger_group).values_list("account", "amount")
    )
    assert lines == {Account.CARD: 2397, Account.FEES: 103, Account.INCOME: -2500}
    assert stripe_fake.fees == ["pi_3JisrFictionalIntent0001"]
    assert CardEvent.objects.get().outcome == "booked"
    paid = AuditEntry.objects.get(action="contribution.paid", object_id=str(gift.pk))
    assert paid.actor_ref == "stripe"
    # What Stripe knows of the card holder is never kept.
    stored = json.dumps(
        list(CardPayment.objects.values()) + list(CardEvent.objects.values()), default=str
    )
    assert "Fictional Card Holder" not in stored and "card.holder@" not in stored


def test_events_out_of_order_never_move_a_gift_backwards(card_gift):
    assert deliver(recorded("checkout.session.completed")).json() == {"outcome": "booked"}
    booked = snapshot()
    # Expired after completed: nothing changes.
    assert deliver(recorded("checkout.session.expired")).json() == {"outcome": "ignored: paid"}
    # A second "paid" event (another id) for a gift already paid: nothing changes.
    assert deliver(recorded("checkout.session.async_payment_succeeded")).json() == {
        "outcome": "ignored: paid"
    }
    assert deliver(recorded("checkout.session.async_payment_failed")).json() == {
        "outcome": "ignored: paid"
    }
    after = snapshot()
    assert after[:2] == booked[:2] and after[3] == booked[3]
    assert Contribution.objects.get(pk=card_gift.pk).status == "paid"


def test_an_expired_session_expires_the_gift(card_gift):
    assert deliver(recorded("checkout.session.expired")).json() == {"outcome": "expired"}
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.EXPIRED
    assert LedgerEntry.objects.count() == 0


def test_a_delayed_payment_waits_then_books_or_cancels(card_gift, settings):
    assert deliver(recorded("checkout.session.completed.unpaid")).json() == {"outcome": "waiting"}
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.PENDING
    assert deliver(recorded("checkout.session.async_payment_failed")).json() == {
        "outcome": "cancelled"
    }
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.CANCELLED
    assert deliver(recorded("checkout.session.async_payment_succeeded")).json() == {
        "outcome": "ignored: cancelled"
    }
    assert LedgerEntry.objects.count() == 0


def test_a_delayed_payment_that_succeeds_is_booked(card_gift):
    deliver(recorded("checkout.session.completed.unpaid"))
    assert deliver(recorded("checkout.session.async_payment_succeeded")).json() == {
        "outcome": "booked"
    }
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.PAID


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda p: (p, sign(p, secret="whsec_someone_else")), id="another-secret"),
        pytest.param(
            lambda p: (p.replace(b'"amount_total": 2500', b'"amount_total": 9'), sign(p)),
            id="altered-after-signing",
        ),
        pytest.param(lambda p: (p, sign(p, at=int(time.time()) - 600)), id="ten-minutes-old"),
        pytest.param(lambda p: (p, ""), id="no-signature"),
        pytest.param(lambda p: (b"not json", sign(b"not json")), id="not-json"),
    ],
)
def test_a_forged_delivery_is_refused_and_changes_nothing(card_gift, forge):
    before = snapshot()
    payload, signature = forge(recorded("checkout.session.completed"))
    response = deliver(payload, signature)
    assert response.status_code == 400
    assert snapshot() == before
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.PENDING


def test_the_webhook_takes_only_post(card_gift):
    assert Client().get(reverse("treasury:stripe_webhook")).status_code == 405


@pytest.mark.parametrize(
    ("name", "flag", "paid"),
    [
        ("checkout.session.completed.wrong_amount", CardFlag.AMOUNT, (250, "USD")),
        ("checkout.session.completed.wrong_currency", CardFlag.CURRENCY, (2500, "EUR")),
    ],
)
def test_a_payment_of_another_amount_or_currency_is_flagged_not_paid(card_gift, name, flag, paid):
    assert deliver(recorded(name)).json() == {"outcome": "flagged"}
    gift = Contribution.objects.get(pk=card_gift.pk)
    assert gift.status == ContributionStatus.PENDING
    assert LedgerEntry.objects.count() == 0
    payment = CardPayment.objects.get()
    assert (payment.flag, (payment.paid_amount, payment.paid_currency)) == (flag, paid)
    assert AuditEntry.objects.filter(action="contribution.flagged").count() == 1
    # The right payment arriving afterwards does not book a flagged session either.
    assert deliver(recorded("checkout.session.completed")).json() == {"outcome": "ignored: flagged"}

    treasurer = in_english(Role.TREASURER)
    with translation.override("en"):
        page = treasurer.get(
            reverse("treasury_staff:card_flagged"), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        home = treasurer.get(
            reverse("treasury_staff:index"), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert f"#{gift.pk}" in page and str(flag.label) in page
    assert reverse("treasury_staff:card_flagged") in home  # linked from the staff menu


def test_a_whole_refund_reverses_the_gift_and_a_part_is_flagged(card_gift):
    deliver(recorded("checkout.session.completed"))
    assert deliver(recorded("charge.refunded.partial")).json() == {"outcome": "flagged"}
    assert Contribution.objects.get(pk=card_gift.pk).status == ContributionStatus.PAID
    assert CardPayment.objects.get().flag == CardFlag.REFUND

    assert deliver(recorded("charge.refunded")).json() == {"outcome": "refunded"}
    gift = Contribution.objects.get(pk=card_gift.pk)
    assert gift.status == ContributionStatus.REFUNDED
    reversed_lines = LedgerEntry.objects.filter(reverses=gift.ledger_group)
    assert sorted(reversed_lines.values_list("amount", flat=True)) == [-2397, -103, 2500]
    assert deliver(recorded("charge.refunded")).json() == {"outcome": "duplicate"}


def test_an_event_for_a_session_jisr_never_opened_is_recorded_and_ignored(stripe_fake):
    response = deliver(recorded("checkout.session.completed"))
    assert response.json() == {"outcome": "ignored: unknown payment"}
    assert LedgerEntry.objects.count() == 0


# --- The treasurer's list -------------------------------------------------------------------


def test_only_the_treasurer_and_the_auditor_open_the_list(stripe_fake):
    url = reverse("treasury_staff:card_flagged")
    assert client_for(Role.TREASURER).get(url).status_code == 200
    assert client_for(Role.AUDITOR).get(url).status_code == 200
    assert client_for(Role.ORGANIZER).get(url).status_code == 403
    assert client_for("member").get(url).status_code == 403


def test_the_list_takes_a_fixed_number_of_queries(card_gift, django_assert_num_queries):
    deliver(recorded("checkout.session.completed.wrong_amount"))
    treasurer = client_for(Role.TREASURER)
    url = reverse("treasury_staff:card_flagged")
    treasurer.get(url)
    with django_assert_num_queries(8):
        assert treasurer.get(url).status_code == 200


def test_erasing_the_account_deletes_a_card_gift_that_never_arrived(card_gift):
    from jisr.treasury.services import donor_erase_for_user

    deliver(recorded("checkout.session.expired"))
    donor_erase_for_user(card_gift.member)
    assert not Contribution.objects.filter(pk=card_gift.pk).exists()
    assert not CardPayment.objects.exists()
    assert CardEvent.objects.get().payment is None  # the event id stays: a replay is refused
    assert deliver(recorded("checkout.session.expired")).json() == {"outcome": "duplicate"}


def test_erasing_the_account_keeps_a_paid_card_gift(card_gift):
    from jisr.treasury.services import donor_erase_for_user

    deliver(recorded("checkout.session.completed"))
    donor_erase_for_user(card_gift.member)
    gift = Contribution.objects.get(pk=card_gift.pk)
    assert (gift.status, gift.member) == (ContributionStatus.PAID, None)
    assert CardPayment.objects.filter(contribution=gift).exists()


def test_when_the_fee_cannot_be_read_the_delivery_fails_and_stripe_retries(card_gift, monkeypatch):
    import stripe

    real_fee = stripe_client.payment_fee

    def down(payment_intent):
        raise stripe.APIConnectionError("no route to Stripe")

    monkeypatch.setattr(stripe_client, "payment_fee", down)
    before = snapshot()
    payload = recorded("checkout.session.completed")
    response = Client(raise_request_exception=False).post(
        reverse("treasury:stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 500  # Stripe sends it again later
    assert snapshot() == before
    monkeypatch.setattr(stripe_client, "payment_fee", real_fee)
    assert deliver(payload).json() == {"outcome": "booked"}
