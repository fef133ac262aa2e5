"""The card channel's writes: a card gift sent to Stripe Checkout, and Stripe's webhook
events applied to it. Events are idempotent (each id is processed once), safe out of order
(an event that would move a gift backwards changes nothing) and checked: a payment of
another amount or currency than the gift is flagged for the treasurer, never booked."""

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..channels import stripe_client
from ..models import (
    Campaign,
    CardEvent,
    CardFlag,
    CardPayment,
    Contribution,
    ContributionStatus,
    Method,
)
from ..states import check_move
from . import contribution_cancel, contribution_record, contribution_refund, contributions_mark_paid

#: Who the audit log names for what Stripe's events do.
STRIPE = "stripe"
PAYS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
FAILS = "checkout.session.async_payment_failed"
EXPIRES = "checkout.session.expired"
REFUNDS = "charge.refunded"
HANDLED = (*PAYS, FAILS, EXPIRES, REFUNDS)


class BadEvent(Exception):
    """The request was not an event Stripe signed for us: refused, nothing changed."""


@entry_service
def card_checkout_start(
    *,
    member: User,
    campaign: Campaign,
    gross: int,
    name: str,
    contact: str,
    display: str,
    nickname: str,
    attested: bool,
    success_url: str,
    cancel_url: str,
) -> tuple[Contribution, str]:
    """Record a pending card gift and open its Checkout Session; return the gift and the
    address of Stripe's payment page. If Stripe cannot be reached, nothing is recorded."""
    if not (settings.JISR_STRIPE_SECRET_KEY and settings.JISR_STRIPE_WEBHOOK_SECRET):
        raise ValidationError(_("Card payments are not available here."), code="card_off")
    if not campaign.is_public:
        raise ValidationError(_("This campaign does not take gifts."), code="closed")
    if campaign.currency not in stripe_client.CURRENCIES:
        raise ValidationError(
            _("Cards cannot pay in %(currency)s. Choose a bank transfer.")
            % {"currency": campaign.currency},
            code="card_currency",
        )
    contribution = contribution_record.within(
        actor=member,
        campaign=campaign,
        method=Method.CARD,
        currency=campaign.currency,
        gross=gross,
        name=name,
        contact=contact,
        display=display,
        nickname=nickname,
        attested=attested,
        member=member,
    )
    try:
        session_id, url = stripe_client.create_session(
            _session_params(campaign, contribution, gross, success_url, cancel_url)
        )
    except stripe.StripeError:
        raise ValidationError(
            _(
                "The card service cannot be reached now. "
                "Try again later, or choose a bank transfer."
            ),
            code="card_unavailable",
        ) from None
    CardPayment.objects.create(contribution=contribution, session_id=session_id)
    return contribution, url


def _session_params(campaign, contribution, gross, success_url, cancel_url) -> dict:
    reference = str(contribution.pk)
    return {
        "mode": "payment",
        "submit_type": "donate",
        # The campaign's title only: the giver's name never goes to Stripe from here.
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": campaign.currency.lower(),
                    "unit_amount": gross,
                    "product_data": {"name": campaign.title_en or campaign.title},
                },
            }
        ],
        "client_reference_id": reference,
        "metadata": {"contribution": reference},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def card_webhook_receive(*, payload: bytes, signature: str) -> str:
    """Verify one webhook delivery and apply it; return what it did. A forged, altered or
    stale delivery raises ``BadEvent`` and changes nothing."""
    try:
        event = stripe_client.verify(payload, signature)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise BadEvent(str(error)) from None
    kind = event.get("type", "")
    if kind not in HANDLED:
        return "ignored"
    if CardEvent.objects.filter(event_id=event["id"]).exists():
        return "duplicate"
    obj = event["data"]["object"]
    fee = None
    if kind in PAYS and obj.get("payment_status") == "paid" and obj.get("payment_intent"):
        # Asked before the transaction, so no lock is held while Stripe answers. If Stripe
        # cannot be reached, the delivery fails and Stripe sends it again later.
        fee = stripe_client.payment_fee(obj["payment_intent"])
    return _card_event_apply(event, fee)


@transaction.atomic
def _card_event_apply(event: dict, fee: tuple[int, str] | None) -> str:
    kind, obj = event["type"], event["data"]["object"]
    try:
        with transaction.atomic():
            record = CardEvent.objects.create(event_id=event["id"], type=kind, outcome="")
    except IntegrityError:  # delivered twice at the same time: the other one applies it
        return "duplicate"
    payments = CardPayment.objects.select_for_update()
    if kind == REFUNDS:
        payment = payments.filter(payment_intent=obj.get("payment_intent") or "-").first()
    else:
        payment = payments.filter(session_id=obj.get("id") or "-").first()
    if payment is None:
        outcome = "ignored: unknown payment"
    else:
        contribution = (
            Contribution.objects.select_for_update()
            .select_related("campaign")
            .get(pk=payment.contribution_id)
        )
        outcome = _HANDLERS[kind](payment, contribution, obj, fee)
    record.payment = payment
    record.outcome = outcome
    record.save(update_fields=["payment", "outcome"])
    return outcome


def _paid(payment: CardPayment, contribution: Contribution, obj: dict, fee) -> str:
    if obj.get("payment_status") != "paid":
        return "waiting"  # a delayed method: async_payment_succeeded or _failed follows
    if contribution.status not in (ContributionStatus.PENDING, ContributionStatus.EXPIRED):
        return f"ignored: {contribution.status}"
    if payment.flag:
        return "ignored: flagged"
    amount, currency = obj.get("amount_total"), str(obj.get("currency") or "").upper()
    payment.payment_intent = obj.get("payment_intent") or ""
    if currency != contribution.currency or amount != contribution.gross:
        payment.flag = CardFlag.CURRENCY if currency != contribution.currency else CardFlag.AMOUNT
        payment.paid_amount, payment.paid_currency = amount, currency[:3]
        payment.flagged_at = timezone.now()
        payment.save()
        audit_append(
            actor=STRIPE,
            action=Action.CONTRIBUTION_FLAGGED,
            target=contribution,
            data={"flag": payment.flag},
        )
        return "flagged"
    payment.save(update_fields=["payment_intent"])
    fee_amount, fee_currency = fee or (0, currency)
    contributions_mark_paid.within(
        actor=STRIPE,
        payments=[
            {
                "contribution": contribution,
                "gross": amount,
                # A fee Stripe took in another currency (after converting) is not this
                # gift's currency: the gift is booked whole, docs/treasury.md says why.
                "fee": fee_amount if fee_currency == currency else 0,
                "received_on": timezone.localdate(),
            }
        ],
    )
    return "booked"


def _failed(payment, contribution, obj, fee) -> str:
    if contribution.status != ContributionStatus.PENDING:
        return f"ignored: {contribution.status}"
    contribution_cancel.within(actor=STRIPE, contribution=contribution)
    return "cancelled"


def _expired(payment, contribution, obj, fee) -> str:
    if contribution.status != ContributionStatus.PENDING:
        return f"ignored: {contribution.status}"
    check_move(contribution.status, ContributionStatus.EXPIRED)
    contribution.status = ContributionStatus.EXPIRED
    contribution.save(update_fields=["status", "changed_at"])
    audit_append(actor=STRIPE, action=Action.CONTRIBUTION_EXPIRED, target=contribution)
    return "expired"


def _refunded(payment, contribution, obj, fee) -> str:
    if contribution.status != ContributionStatus.PAID:
        return f"ignored: {contribution.status}"
    if not obj.get("refunded") or obj.get("amount_refunded") != contribution.gross:
        # A part given back is for the treasurer to book: only a whole refund is automatic.
        payment.flag = CardFlag.REFUND
        payment.paid_amount = contribution.gross - int(obj.get("amount_refunded") or 0)
        payment.paid_currency = contribution.currency
        payment.flagged_at = timezone.now()
        payment.save()
        audit_append(
            actor=STRIPE,
            action=Action.CONTRIBUTION_FLAGGED,
            target=contribution,
            data={"flag": payment.flag},
        )
        return "flagged"
    contribution_refund.within(
        actor=STRIPE, contribution=contribution, refunded_on=timezone.localdate()
    )
    return "refunded"


_HANDLERS = {
    "checkout.session.completed": _paid,
    "checkout.session.async_payment_succeeded": _paid,
    FAILS: _failed,
    EXPIRES: _expired,
    REFUNDS: _refunded,
}
