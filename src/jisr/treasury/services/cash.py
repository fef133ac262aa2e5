"""Cash count sheets, pledges in instalments and monthly dues: every write validated, in
one transaction, audited; money reaches the ledger only through ``ledger.post`` (a sheet's
gifts through the contributions' own booking, ``_book``)."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import SYSTEM_ACTOR, audit_append
from jisr.core.transactions import entry_service

from .. import ledger
from ..models import (
    Account,
    Campaign,
    Contribution,
    ContributionStatus,
    Display,
    Kind,
    Method,
)
from ..models.cash import (
    MONTHS,
    CountLine,
    CountSheet,
    Frequency,
    Instalment,
    Pledge,
    PledgeKind,
    PledgeStatus,
    SheetGift,
)
from ..money import format_minor
from . import _book, _check_amount, _check_currency, _donor_new, _new_reference

# The notes and coins of each currency, in minor units, largest first. A branch may set
# its own in JISR_TREASURY_DENOMINATIONS (same shape).
DENOMINATIONS: dict[str, tuple[int, ...]] = {
    "EUR": (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "USD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1),
    "GBP": (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "SEK": (100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100),
    "AUD": (10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5),
    "CAD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5),
    "IQD": (50000, 25000, 10000, 5000, 1000, 500, 250),
}


def denominations(currency: str) -> tuple[int, ...]:
    configured = getattr(settings, "JISR_TREASURY_DENOMINATIONS", None) or DENOMINATIONS
    return tuple(configured.get(currency, ()))


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) and actor.pk else None


# --- Cash count sheets ----------------------------------------------------------------------


def count_total(currency: str, counts: dict[int, int]) -> int:
    """The cash counted: Σ count × denomination. A denomination the currency does not have,
    or a negative count, is refused."""
    known = set(denominations(currency))
    unknown = sorted(set(counts) - known)
    if unknown:
        raise ValidationError(
            _("%(currency)s has no note or coin of %(values)s.")
            % {
                "currency": currency,
                "values": ", ".join(format_minor(v, currency) for v in unknown),
            },
            code="denomination",
        )
    if any(count < 0 for count in counts.values()):
        raise ValidationError(_("A count cannot be negative."), code="count")
    return sum(value * count for value, count in counts.items())


@entry_service
def count_sheet_create(
    *,
    actor: User,
    campaign: Campaign,
    label: str,
    counted_on: datetime.date,
    currency: str,
    counts: dict[int, int],
    gifts: list[dict],
    difference_reason: str = "",
) -> CountSheet:
    """The counter writes down the cash by denomination and the gifts it holds, each with
    its donor (``{"name", "amount", "contact"?, "display"?, "nickname"?, "attested"}``),
    and signs: the first of two signatures. Nothing is booked yet."""
    _check_currency(campaign, currency)
    if _user(actor) is None:
        raise ValidationError(_("A sheet is signed by the person who counted."), code="signer")
    if not label.strip():
        raise ValidationError(_("Name the event or collection the cash comes from."), code="label")
    total = count_total(currency, counts)
    if total <= 0:
        raise ValidationError(_("Count at least one note or coin."), code="empty")
    if not gifts:
        raise ValidationError(
            _("List the gifts in the cash, each with its donor: the law forbids anonymous gifts."),
            code="gifts",
        )
    for gift in gifts:
        _check_amount(gift["amount"], what=_("Each gift"))
    given = sum(gift["amount"] for gift in gifts)
    reason = difference_reason.strip()
    if given != total and not reason:
        raise ValidationError(
            _(
                "The cash counted (%(counted)s) differs from the sum of the gifts (%(given)s). "
                "Correct the counts or the gifts, or explain the difference."
            )
            % {"counted": format_minor(total, currency), "given": format_minor(given, currency)},
            code="difference",
        )
    sheet = CountSheet.objects.create(
        campaign=campaign,
        label=label.strip(),
        counted_on=counted_on,
        currency=currency,
        total=total,
        difference_reason=reason if given != total else "",
        counted_by=_user(actor),
    )
    CountLine.objects.bulk_create(
        CountLine(sheet=sheet, denomination=value, count=count)
        for value, count in sorted(counts.items(), reverse=True)
        if count
    )
    for gift in gifts:
        donor = _donor_new(
            user=gift.get("member"),
            name=gift["name"],
            contact=gift.get("contact", ""),
            display=gift.get("display", Display.HIDDEN),
            nickname=gift.get("nickname", ""),
            attested=gift["attested"],
        )
        SheetGift.objects.create(sheet=sheet, donor=donor, amount=gift["amount"])
    audit_append(
        actor=actor,
        action=Action.CASH_SHEET_COUNTED,
        target=sheet,
        data={"total": total, "gifts": len(gifts)},
    )
    return sheet


@entry_service
def count_sheet_sign(*, actor: User, sheet: CountSheet) -> CountSheet:
    """The second signature, by a different treasurer: each gift becomes a paid cash
    contribution, booked in the ledger (cash in hand debited, donations credited)."""
    sheet = CountSheet.objects.select_for_update().select_related("campaign").get(pk=sheet.pk)
    if sheet.is_signed:
        raise ValidationError(_("This sheet is already signed twice."), code="signed")
    if _user(actor) is None or sheet.counted_by_id == actor.pk:
        raise ValidationError(
            _(
                "You counted this sheet and signed it already. "
                "A second, different person must count again and sign."
            ),
            code="same_signer",
        )
    for gift in sheet.gifts.select_related("donor").order_by("pk"):
        contribution = Contribution(
            campaign=sheet.campaign,
            donor=gift.donor,
            member=gift.donor.user,
            method=Method.CASH,
            currency=sheet.currency,
            gross=gift.amount,
            net=gift.amount,
        )
        _book(contribution, gross=gift.amount, fee=0, received_on=sheet.counted_on)
        gift.contribution = contribution
        gift.save(update_fields=["contribution"])
    sheet.second_signer = actor
    sheet.signed_at = timezone.now()
    sheet.save(update_fields=["second_signer", "signed_at"])
    audit_append(actor=actor, action=Action.CASH_SHEET_SIGNED, target=sheet)
    return sheet


@entry_service
def count_sheet_deposit(
    *,
    actor: User | str,
    sheet: CountSheet,
    amount: int,
    deposited_on: datetime.date,
    reason: str = "",
) -> CountSheet:
    """The sheet's cash reached the bank: the amount the bank shows moves from cash in hand
    to the bank account. A different amount without a reason leaves the sheet flagged."""
    sheet = CountSheet.objects.select_for_update().select_related("campaign").get(pk=sheet.pk)
    if not sheet.is_signed:
        raise ValidationError(
            _("Only a sheet signed by two people can be deposited."), code="unsigned"
        )
    if sheet.is_deposited:
        raise ValidationError(_("This sheet's deposit is already recorded."), code="deposited")
    _check_amount(amount, what=_("The amount deposited"))
    sheet.deposit_group = ledger.post(
        kind=Kind.TRANSFER,
        campaign=sheet.campaign,
        currency=sheet.currency,
        booked_on=deposited_on,
        lines=[(Account.BANK, amount), (Account.CASH, -amount)],
    )
    sheet.deposited_amount, sheet.deposited_on = amount, deposited_on
    sheet.deposit_reason = reason.strip() if amount != sheet.total else ""
    sheet.save(
        update_fields=["deposit_group", "deposited_amount", "deposited_on", "deposit_reason"]
    )
    audit_append(
        actor=actor,
        action=Action.CASH_SHEET_DEPOSITED,
        target=sheet,
        data={"amount": amount, "difference": amount - sheet.total},
    )
    return sheet


@entry_service
def count_sheet_explain(*, actor: User | str, sheet: CountSheet, reason: str) -> CountSheet:
    """Say why the deposit differs from the counted cash; the flag goes away."""
    sheet = CountSheet.objects.select_for_update().get(pk=sheet.pk)
    if not sheet.deposit_flagged:
        raise ValidationError(_("This sheet's deposit has no difference to explain."), code="ok")
    if not reason.strip():
        raise ValidationError(_("Write why the deposit differs from the count."), code="reason")
    sheet.deposit_reason = reason.strip()
    sheet.save(update_fields=["deposit_reason"])
    audit_append(actor=actor, action=Action.CASH_SHEET_EXPLAINED, target=sheet)
    return sheet


# --- Pledges and dues -----------------------------------------------------------------------


def split(total: int, count: int) -> list[int]:
    """``total`` in ``count`` instalments as equal as integers allow, the first ones a
    minor unit larger: the parts sum to the total exactly."""
    base, extra = divmod(total, count)
    return [base + 1 if i < extra else base for i in range(count)]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@entry_service
def pledge_make(
    *,
    actor: User | str,
    campaign: Campaign,
    currency: str,
    starts_on: datetime.date,
    name: str,
    attested: bool,
    total: int | None = None,
    count: int | None = None,
    frequency: str = Frequency.MONTHLY,
    amount: int | None = None,
    contact: str = "",
    display: str = Display.HIDDEN,
    nickname: str = "",
    member=None,
) -> Pledge:
    """A pledge of ``total`` in ``count`` instalments every ``frequency``, or — with
    ``amount`` and no total — monthly dues until stopped. Its schedule is written now; each
    instalment becomes a pending contribution when due (``instalments_fall_due``)."""
    _check_currency(campaign, currency)
    is_dues = total is None
    if is_dues:
        _check_amount(amount, what=_("The monthly dues"))
        if member is None:
            raise ValidationError(_("Monthly dues belong to a member."), code="member")
        frequency = Frequency.MONTHLY
    else:
        _check_amount(total, what=_("The pledged total"))
        assert total is not None  # checked
        if not count or count < 1 or count > 120:
            raise ValidationError(_("A pledge has between 1 and 120 instalments."), code="count")
        if total < count:
            raise ValidationError(
                _("The pledged total is too small for that many instalments."), code="count"
            )
    donor = _donor_new(
        user=member,
        name=name,
        contact=contact,
        display=display,
        nickname=nickname,
        attested=attested,
    )
    parts = [] if total is None or count is None else split(total, count)
    first = amount if is_dues else parts[0]
    assert first is not None  # checked
    pledge = Pledge.objects.create(
        kind=PledgeKind.DUES if is_dues else PledgeKind.PLEDGE,
        campaign=campaign,
        donor=donor,
        member=member,
        currency=currency,
        amount=first,
        total=total,
        count=count if not is_dues else None,
        frequency=frequency,
        starts_on=starts_on,
    )
    Instalment.objects.bulk_create(
        Instalment(
            pledge=pledge,
            number=i + 1,
            due_on=add_months(starts_on, i * MONTHS[Frequency(frequency)]),
            amount=part,
        )
        for i, part in enumerate(parts)
    )
    audit_append(
        actor=actor,
        action=Action.PLEDGE_MADE,
        target=pledge,
        data={"kind": pledge.kind, "instalments": len(parts)},
    )
    return pledge


@entry_service
def pledge_stop(*, actor: User | str, pledge: Pledge) -> Pledge:
    """Cancel the rest: no further instalment falls due, and those waiting for their money
    are cancelled. What was paid stays paid."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status == PledgeStatus.STOPPED:
        raise ValidationError(_("This pledge is already stopped."), code="stopped")
    pledge.status = PledgeStatus.STOPPED
    pledge.stopped_on = timezone.localdate()
    pledge.save(update_fields=["status", "stopped_on"])
    waiting = Contribution.objects.filter(
        instalment__pledge=pledge,
        status__in=[ContributionStatus.PENDING, ContributionStatus.EXPIRED],
    )
    cancelled = waiting.update(status=ContributionStatus.CANCELLED, changed_at=timezone.now())
    audit_append(
        actor=actor, action=Action.PLEDGE_STOPPED, target=pledge, data={"cancelled": cancelled}
    )
    return pledge


def pledges_stop_for_user(user) -> None:
    """Erasing an account stops its pledges and dues and unlinks them (inside the erasure's
    transaction): nothing more falls due for a person who left. ``donor_erase_for_user``
    then keeps or deletes the donor, and a deleted donor's pledges go with it."""
    for pledge in Pledge.objects.filter(member=user, status=PledgeStatus.ACTIVE):
        pledge_stop.within(actor=SYSTEM_ACTOR, pledge=pledge)
    Pledge.objects.filter(member=user).update(member=None)


def _dues_months(pledge: Pledge, today: datetime.date) -> None:
    """Write the dues' instalments up to this month (a missed month included), once."""
    last = pledge.instalments.order_by("-number").first()
    number = last.number if last else 0
    while True:
        due_on = add_months(pledge.starts_on, number)
        if due_on > today:
            return
        number += 1
        Instalment.objects.get_or_create(
            pledge=pledge, number=number, defaults={"due_on": due_on, "amount": pledge.amount}
        )


@entry_service
def instalments_fall_due(*, today: datetime.date | None = None) -> int:
    """Turn every instalment due by ``today`` into a pending contribution with its own
    reference code, once: running it again creates nothing (the clock runs it daily;
    ``jisr manage treasury_instalments_due`` by hand). Return how many were created."""
    today = today or timezone.localdate()
    active = Pledge.objects.select_for_update().filter(status=PledgeStatus.ACTIVE)
    for pledge in active.filter(kind=PledgeKind.DUES).order_by("pk"):
        _dues_months(pledge, today)
    due = (
        Instalment.objects.select_related("pledge__campaign", "pledge__donor")
        .filter(pledge__status=PledgeStatus.ACTIVE, contribution__isnull=True, due_on__lte=today)
        .order_by("due_on", "pk")
    )
    created = 0
    for instalment in due:
        pledge = instalment.pledge
        instalment.contribution = Contribution.objects.create(
            campaign=pledge.campaign,
            donor=pledge.donor,
            member=pledge.member,
            method=Method.BANK_TRANSFER,
            currency=pledge.currency,
            gross=instalment.amount,
            net=instalment.amount,
            reference=_new_reference(),
            expires_on=instalment.due_on
            + datetime.timedelta(days=settings.JISR_TREASURY_PENDING_DAYS),
        )
        instalment.save(update_fields=["contribution"])
        audit_append(
            actor=None,
            action=Action.INSTALMENT_DUE,
            target=instalment.contribution,
            data={"pledge": pledge.pk, "number": instalment.number},
        )
        created += 1
    return created
