"""Fictional demo cash, pledges and dues: a counted stall waiting for its second
signature, a dinner signed twice and deposited with a difference still to explain, a
pledge in six instalments and a member's monthly dues. Every name and amount is invented."""

import datetime

from .models import Campaign
from .services import cash
from .services.cash import add_months


def load(*, campaign: Campaign, treasurer, organizer, member, today: datetime.date) -> None:
    if treasurer is None or organizer is None:
        return
    stall = cash.count_sheet_create.within(
        actor=organizer,
        campaign=campaign,
        label="عشاء الجالية في مالمو (تجريبي)",
        counted_on=today - datetime.timedelta(days=9),
        currency=campaign.currency,
        counts={5000: 1, 2000: 2, 500: 2},  # 100.00
        gifts=[
            {"name": "هدى الخيالية", "amount": 5000, "attested": True},
            {"name": "Karim Fictional", "amount": 3000, "attested": True},
            {"name": "رنا الخيالية", "amount": 2000, "attested": True},
        ],
    )
    cash.count_sheet_sign.within(actor=treasurer, sheet=stall)
    cash.count_sheet_deposit.within(
        actor=treasurer,
        sheet=stall,
        amount=9500,
        deposited_on=today - datetime.timedelta(days=7),
    )
    cash.count_sheet_create.within(
        actor=treasurer,
        campaign=campaign,
        label="Book stall after Friday prayers (demo)",
        counted_on=today - datetime.timedelta(days=1),
        currency=campaign.currency,
        counts={2000: 1, 1000: 1, 500: 1, 100: 5},  # 40.00
        gifts=[
            {"name": "Samir Fictional", "amount": 2500, "attested": True},
            {"name": "نور الخيالية", "amount": 1000, "attested": True},
        ],
        difference_reason="خمسة دولارات من بيع كتيّب، ليست تبرعاً (تجريبي)",
    )
    cash.pledge_make.within(
        actor=treasurer,
        campaign=campaign,
        currency=campaign.currency,
        starts_on=add_months(today, -2),
        name="Faris Fictional",
        attested=True,
        total=60000,
        count=6,
    )
    if member is not None:
        cash.pledge_make.within(
            actor=member,
            campaign=campaign,
            currency=campaign.currency,
            starts_on=add_months(today, -1),
            name="سلمى (حساب تجريبي)",
            attested=True,
            amount=1000,
            member=member,
        )
    cash.instalments_fall_due.within(today=today)
