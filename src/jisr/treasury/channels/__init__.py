"""How a gift reaches the treasury: one channel per way of paying. Cash and bank transfers
come first; the card channel (Stripe Checkout) sits behind the same interface and is offered
only when it is configured. ``JISR_TREASURY_CHANNELS`` says which channels this branch uses.

A channel started online (``online``) takes the giver's amount and identity from the give
page and answers where to send them next; cash is handed to the treasurer, who records it."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Campaign, Contribution, Method


@dataclass(frozen=True)
class Started:
    """What the give page does next: go to ``redirect_to``, saying ``message`` if any."""

    contribution: Contribution
    redirect_to: str
    message: str = ""


class Channel:
    method: str
    label: Promise
    #: One sentence for the give page: what the giver does.
    hint: Promise
    #: Whether a member starts it on the give page (cash is recorded by the treasurer).
    online = True

    def configured(self) -> bool:
        return True

    def takes(self, campaign: Campaign) -> bool:
        return True

    def start(self, *, request, campaign: Campaign, gross: int, donor: dict) -> Started:
        raise NotImplementedError


class CashChannel(Channel):
    method = Method.CASH
    label = gettext_lazy("Cash")
    hint = gettext_lazy("Hand it to the treasurer, who records it and gives you a receipt.")
    online = False


class BankTransferChannel(Channel):
    method = Method.BANK_TRANSFER
    label = gettext_lazy("Bank transfer")
    hint = gettext_lazy(
        "You get a code to write in the transfer's reference, so the treasurer can match it."
    )

    def start(self, *, request, campaign, gross, donor):
        from ..services import contribution_announce

        contribution = contribution_announce(
            member=request.user,
            campaign=campaign,
            currency=campaign.currency,
            gross=gross,
            **donor,
        )
        return Started(
            contribution,
            reverse("treasury:mine"),
            _("Thank you. Write the code %(reference)s on your transfer.")
            % {"reference": contribution.reference},
        )


class CardChannel(Channel):
    method = Method.CARD
    label = gettext_lazy("Card")
    hint = gettext_lazy(
        "You pay on Stripe's secure page; the gift counts once Stripe confirms the payment."
    )

    def configured(self) -> bool:
        return bool(settings.JISR_STRIPE_SECRET_KEY and settings.JISR_STRIPE_WEBHOOK_SECRET)

    def takes(self, campaign):
        from .stripe_client import CURRENCIES

        return campaign.currency in CURRENCIES

    def start(self, *, request, campaign, gross, donor):
        from ..services.card import card_checkout_start

        contribution, url = card_checkout_start(
            member=request.user,
            campaign=campaign,
            gross=gross,
            success_url=request.build_absolute_uri(reverse("treasury:mine")),
            cancel_url=request.build_absolute_uri(reverse("treasury:give", args=[campaign.pk])),
            **donor,
        )
        return Started(contribution, url)


CHANNELS: tuple[Channel, ...] = (CashChannel(), BankTransferChannel(), CardChannel())


def enabled(campaign: Campaign | None = None) -> list[Channel]:
    """The channels this branch uses, configured, and (for a campaign) in its currency."""
    chosen = set(settings.JISR_TREASURY_CHANNELS)
    return [
        channel
        for channel in CHANNELS
        if channel.method in chosen
        and channel.configured()
        and (campaign is None or channel.takes(campaign))
    ]


def online(campaign: Campaign) -> list[Channel]:
    return [channel for channel in enabled(campaign) if channel.online]


def by_method(method: str) -> Channel:
    return next(channel for channel in CHANNELS if channel.method == method)
