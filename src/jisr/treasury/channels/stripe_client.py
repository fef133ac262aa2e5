"""Everything that talks to Stripe, in two small functions the tests replace: nothing else
in Jisr opens a connection to Stripe. Webhook signatures are checked locally with
``stripe.Webhook.construct_event`` (no connection)."""

import stripe
from django.conf import settings

#: The campaign currencies Stripe charges in. Each has two decimals at Stripe as here, so an
#: amount in minor units is the same number on both sides. Stripe does not take IQD.
CURRENCIES = frozenset({"USD", "EUR", "GBP", "SEK", "AUD", "CAD"})
#: A signed event older than this (seconds) is refused, so a captured one cannot be replayed.
TOLERANCE = 300


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(settings.JISR_STRIPE_SECRET_KEY)


def create_session(params: dict) -> tuple[str, str]:
    """Create a Checkout Session; return its id and the address to send the giver to."""
    session = _client().v1.checkout.sessions.create(params=params)  # type: ignore[arg-type]
    return session.id, str(session.url)


def payment_fee(payment_intent: str) -> tuple[int, str]:
    """What Stripe kept of a payment: the fee of its balance transaction and its currency."""
    intent = _client().v1.payment_intents.retrieve(
        payment_intent, params={"expand": ["latest_charge.balance_transaction"]}
    )
    transaction = intent.latest_charge.balance_transaction  # type: ignore[union-attr]
    return int(transaction.fee), str(transaction.currency).upper()  # type: ignore[union-attr]


def verify(payload: bytes, signature: str) -> dict:
    """The event, if Stripe signed it with our secret in the last five minutes; else
    ``ValueError`` (not JSON) or ``stripe.SignatureVerificationError``."""
    event = stripe.Webhook.construct_event(
        payload, signature, settings.JISR_STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE
    )
    return event.to_dict()
