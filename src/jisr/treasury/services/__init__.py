"""Every write of the treasury: validated, one transaction, audited, and — when money moves
— one balanced ledger group."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from .. import crypto, ledger
from ..models import (
    Account,
    Approval,
    BankLine,
    Campaign,
    Contribution,
    ContributionStatus,
    Display,
    Donor,
    Expense,
    ExpenseStatus,
    Kind,
    Method,
    ReceiptCounter,
)
from ..states import check_move

#: The eligibility statement donors confirm; its version is stored with each donor.
ATTESTATION_VERSION = "2026-1"
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: a code read over the phone or copied by hand from a
# bank's app survives.
REFERENCE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
REFERENCE_LENGTH = 7

CAMPAIGN_FIELDS = (
    "title",
    "title_en",
    "purpose",
    "spending_plan",
    "parent",
    "currency",
    "goal",
    "preset_amounts",
    "starts_on",
    "ends_on",
    "is_public",
)


def _check_amount(amount: int | None, *, what: str | None = None) -> None:
    if amount is None or amount <= 0:
        raise ValidationError(
            _("%(what)s must be more than zero.") % {"what": what or _("The amount")},
            code="amount",
        )


def _check_currency(campaign: Campaign, currency: str) -> None:
    if currency != campaign.currency:
        raise ValidationError(
            _("This campaign collects in %(campaign)s, not in %(given)s.")
            % {"campaign": campaign.currency, "given": currency},
            code="currency",
        )


def _check_parent(campaign: Campaign | None, parent: Campaign | None, currency: str | None) -> None:
    if parent is None:
        return
    if currency != parent.currency:
        raise ValidationError(
            _("A part collects in its campaign's currency (%(currency)s).")
            % {"currency": parent.currency},
            code="currency",
        )
    if parent.parent_id is not None:
        raise ValidationError(_("A part cannot have parts of its own."), code="parent")
    if (
        campaign is not None
        and campaign.pk is not None
        and (parent.pk == campaign.pk or campaign.parts.exists())
    ):
        raise ValidationError(_("A campaign with parts cannot be a part."), code="parent")


# --- Campaigns ------------------------------------------------------------------------------


@entry_service
def campaign_create(*, actor: User | str, **fields) -> Campaign:
    _check_parent(None, fields.get("parent"), fields.get("currency"))
    campaign = Campaign(**{k: fields[k] for k in CAMPAIGN_FIELDS if k in fields})
    campaign.full_clean()
    campaign.save()
    audit_append(actor=actor, action=Action.CAMPAIGN_CREATED, target=campaign)
    return campaign


@entry_service
def campaign_update(*, actor: User | str, campaign: Campaign, **fields) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_parent(campaign, fields.get("parent"), fields.get("currency", campaign.currency))
    changes_currency = "currency" in fields and fields["currency"] != campaign.currency
    if changes_currency and Contribution.objects.filter(campaign=campaign).exists():
        raise ValidationError(
            _("The currency cannot change once the campaign has contributions."),
            code="currency",
        )
    for name in CAMPAIGN_FIELDS:
        if name in fields:
            setattr(campaign, name, fields[name])
    campaign.full_clean()
    campaign.save()
    audit_append(actor=actor, action=Action.CAMPAIGN_CORRECTED, target=campaign)
    return campaign


# --- Donors and contributions ---------------------------------------------------------------


def public_label_for(*, name: str, display: str, nickname: str = "") -> str:
    """What the public sees of a donor, exactly as they chose; empty when hidden."""
    if display == Display.NAME:
        return name.strip()[:80]
    if display == Display.NICKNAME:
        return nickname.strip()[:80]
    if display == Display.INITIALS:
        return " ".join(f"{word[0]}." for word in name.split())[:80]
    return ""


def _donor_new(
    *, user, name: str, contact: str, display: str, nickname: str, attested: bool
) -> Donor:
    if not attested:
        raise ValidationError(
            _(
                "The law accepts a gift only from a known person giving their own money, not on "
                "behalf of a foreign state, organization or person. Please confirm this."
            ),
            code="attestation",
        )
    if not name.strip():
        raise ValidationError(
            _("The donor's name is required: the law forbids anonymous gifts."), code="name"
        )
    if display == Display.NICKNAME and not nickname.strip():
        raise ValidationError(_("Write the nickname to show."), code="nickname")
    return Donor.objects.create(
        user=user,
        name_ciphertext=crypto.encrypt(name.strip()),
        contact_ciphertext=crypto.encrypt(contact.strip()),
        display=display,
        public_label=public_label_for(name=name, display=display, nickname=nickname),
        attestation=ATTESTATION_VERSION,
        attested_at=timezone.now(),
    )


def _new_reference() -> str:
    while True:
        code = "J" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Contribution.objects.filter(reference=code).exists():
            return code


def _next_receipt_number(year: int) -> str:
    """The year's next receipt number, gap-free: the counter row stays locked until the
    transaction that took the number commits (or rolls back, giving it back)."""
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:05d}"


def _book(contribution: Contribution, *, gross: int, fee: int, received_on: datetime.date):
    """Mark as paid and write the contribution's ledger group: the money that arrived and
    the fee the bank kept are debited, the gift is credited as income."""
    if fee < 0 or fee >= gross:
        raise ValidationError(
            _("The fee must be at least zero and less than the amount received."), code="fee"
        )
    assets: dict[str, Account] = {
        Method.CASH: Account.CASH,
        Method.BANK_TRANSFER: Account.BANK,
        Method.IN_KIND: Account.IN_KIND,
        Method.CARD: Account.CARD,
    }
    asset = assets[contribution.method]
    income = Account.INCOME_IN_KIND if contribution.method == Method.IN_KIND else Account.INCOME
    contribution.gross, contribution.fee, contribution.net = gross, fee, gross - fee
    contribution.ledger_group = ledger.post(
        kind=Kind.CONTRIBUTION,
        campaign=contribution.campaign,
        currency=contribution.currency,
        booked_on=received_on,
        lines=[(asset, gross - fee), (Account.FEES, fee), (income, -gross)],
    )
    contribution.status = ContributionStatus.PAID
    contribution.received_on = received_on
    contribution.receipt_number = _next_receipt_number(received_on.year)
    contribution.save()


@entry_service
def contribution_record(
    *,
    actor: User | str,
    campaign: Campaign,
    method: str,
    currency: str,
    gross: int,
    fee: int = 0,
    received_on: datetime.date | None = None,
    name: str,
    contact: str = "",
    display: str = Display.HIDDEN,
    nickname: str = "",
    attested: bool,
    in_kind_description: str = "",
    member=None,
) -> Contribution:
    """Record a gift the treasurer knows of. Cash and gifts in kind are in hand, so paid at
    once; a bank transfer waits, with its reference code, until the money is seen."""
    _check_amount(gross)
    _check_currency(campaign, currency)
    if method == Method.IN_KIND and not in_kind_description.strip():
        raise ValidationError(_("Say what was given in kind."), code="in_kind")
    donor = _donor_new(
        user=member,
        name=name,
        contact=contact,
        display=display,
        nickname=nickname,
        attested=attested,
    )
    contribution = Contribution(
        campaign=campaign,
        donor=donor,
        member=member,
        method=method,
        currency=currency,
        gross=gross,
        fee=0,
        net=gross,
        in_kind_description=in_kind_description.strip(),
    )
    if method in (Method.BANK_TRANSFER, Method.CARD):  # waits until the money is seen
        if method == Method.BANK_TRANSFER:
            contribution.reference = _new_reference()
        contribution.expires_on = timezone.localdate() + datetime.timedelta(
            days=settings.JISR_TREASURY_PENDING_DAYS
        )
        contribution.save()
    else:
        _book(contribution, gross=gross, fee=fee, received_on=received_on or timezone.localdate())
    audit_append(
        actor=actor,
        action=Action.CONTRIBUTION_RECORDED,
        target=contribution,
        data={"how": method, "to": contribution.status},
    )
    return contribution


@entry_service
def contribution_announce(
    *,
    member,
    campaign: Campaign,
    currency: str,
    gross: int,
    name: str,
    contact: str,
    display: str,
    nickname: str,
    attested: bool,
) -> Contribution:
    """A member says they will send a bank transfer: they get a reference code to write on
    it, and the treasurer sees it waiting."""
    if not campaign.is_public:
        raise ValidationError(_("This campaign does not take gifts."), code="closed")
    return contribution_record.within(
        actor=member,
        campaign=campaign,
        method=Method.BANK_TRANSFER,
        currency=currency,
        gross=gross,
        name=name,
        contact=contact,
        display=display,
        nickname=nickname,
        attested=attested,
        member=member,
    )


@entry_service
def contributions_mark_paid(*, actor: User | str, payments: list[dict]) -> list[Contribution]:
    """Mark several waiting contributions as paid at once, each with what actually arrived:
    ``{"contribution", "gross", "fee", "received_on"}``. All or nothing: one bad line
    changes nothing."""
    if not payments:
        raise ValidationError(_("Choose at least one contribution."), code="empty")
    done = []
    locked = Contribution.objects.select_for_update().select_related("campaign")
    for payment in payments:
        contribution = locked.get(pk=payment["contribution"].pk)
        check_move(contribution.status, ContributionStatus.PAID)
        _check_amount(payment["gross"], what=_("The amount received"))
        _book(
            contribution,
            gross=payment["gross"],
            fee=payment.get("fee") or 0,
            received_on=payment["received_on"],
        )
        audit_append(
            actor=actor,
            action=Action.CONTRIBUTION_PAID,
            target=contribution,
            data={"count": len(payments)},
        )
        done.append(contribution)
    return done


@entry_service
def contribution_cancel(*, actor: User | str, contribution: Contribution) -> Contribution:
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    check_move(contribution.status, ContributionStatus.CANCELLED)
    previous = contribution.status
    contribution.status = ContributionStatus.CANCELLED
    contribution.save(update_fields=["status", "changed_at"])
    audit_append(
        actor=actor,
        action=Action.CONTRIBUTION_CANCELLED,
        target=contribution,
        data={"from": previous},
    )
    return contribution


@entry_service
def contribution_refund(
    *, actor: User | str, contribution: Contribution, refunded_on: datetime.date
) -> Contribution:
    """Give a paid gift back: its ledger group is reversed, line by line."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    check_move(contribution.status, ContributionStatus.REFUNDED)
    ledger.post_reverse(group=contribution.ledger_group, kind=Kind.REFUND, booked_on=refunded_on)
    contribution.status = ContributionStatus.REFUNDED
    contribution.save(update_fields=["status", "changed_at"])
    audit_append(actor=actor, action=Action.CONTRIBUTION_REFUNDED, target=contribution)
    return contribution


@entry_service
def contributions_expire(*, today: datetime.date | None = None) -> int:
    """Expire the bank transfers announced and never received in time (the task queue runs
    this daily; ``jisr manage treasury_expire_pending`` does it by hand)."""
    today = today or timezone.localdate()
    due = list(
        Contribution.objects.select_for_update()
        .filter(status=ContributionStatus.PENDING, expires_on__lt=today)
        .order_by("pk")
    )
    for contribution in due:
        check_move(contribution.status, ContributionStatus.EXPIRED)
        contribution.status = ContributionStatus.EXPIRED
        contribution.save(update_fields=["status", "changed_at"])
        audit_append(actor=None, action=Action.CONTRIBUTION_EXPIRED, target=contribution)
    return len(due)


# --- Expenses -------------------------------------------------------------------------------


@entry_service
def expense_submit(
    *,
    actor: User | str,
    campaign: Campaign,
    description: str,
    payee: str,
    currency: str,
    amount: int,
    spent_on: datetime.date,
    receipt=None,
    no_receipt_reason: str = "",
) -> Expense:
    _check_amount(amount)
    _check_currency(campaign, currency)
    if not description.strip() or not payee.strip():
        raise ValidationError(_("Describe the expense and name who was paid."), code="blank")
    if receipt is None and not no_receipt_reason.strip():
        raise ValidationError(
            _("Attach the receipt, or say why there is none."), code="receipt_or_reason"
        )
    expense = Expense(
        campaign=campaign,
        description=description.strip(),
        payee_ciphertext=crypto.encrypt(payee.strip()),
        currency=currency,
        amount=amount,
        spent_on=spent_on,
        no_receipt_reason="" if receipt is not None else no_receipt_reason.strip(),
        submitted_by=actor if isinstance(actor, User) and actor.pk else None,
    )
    if receipt is not None:
        from jisr.core.storage import save_file

        field = Expense._meta.get_field("receipt")
        expense.receipt.name = save_file(
            field.storage, field.generate_filename(expense, receipt.name), receipt
        )
    expense.save()
    audit_append(actor=actor, action=Action.EXPENSE_SUBMITTED, target=expense)
    return expense


@entry_service
def expense_approve(*, actor: User, expense: Expense) -> Expense:
    """Approve an expense; the second approval by a different person makes it approved.
    Whoever submitted it may approve once, like anyone else."""
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.status != ExpenseStatus.SUBMITTED:
        raise ValidationError(_("This expense is not waiting for approval."), code="status")
    if Approval.objects.filter(expense=expense, approver=actor).exists():
        raise ValidationError(
            _(
                "You have already approved this expense. "
                "A second, different person must approve it."
            ),
            code="same_approver",
        )
    Approval.objects.create(expense=expense, approver=actor)
    if Approval.objects.filter(expense=expense, approver__isnull=False).count() >= 2:
        expense.status = ExpenseStatus.APPROVED
        expense.save(update_fields=["status"])
    audit_append(
        actor=actor, action=Action.EXPENSE_APPROVED, target=expense, data={"to": expense.status}
    )
    return expense


@entry_service
def expense_pay(
    *, actor: User | str, expense: Expense, paid_on: datetime.date, account: str = Account.BANK
):
    """Pay an approved expense: spending is debited, the bank (or cash) credited."""
    expense = Expense.objects.select_for_update().select_related("campaign").get(pk=expense.pk)
    if expense.status != ExpenseStatus.APPROVED:
        raise ValidationError(
            _("An expense is paid only after two different people approved it."), code="status"
        )
    if account not in (Account.BANK, Account.CASH):
        raise ValidationError(_("Pay from the bank account or from cash."), code="account")
    expense.ledger_group = ledger.post(
        kind=Kind.EXPENSE,
        campaign=expense.campaign,
        currency=expense.currency,
        booked_on=paid_on,
        lines=[(Account.EXPENSE, expense.amount), (account, -expense.amount)],
    )
    expense.status = ExpenseStatus.PAID
    expense.paid_on = paid_on
    expense.save(update_fields=["status", "paid_on", "ledger_group"])
    audit_append(actor=actor, action=Action.EXPENSE_PAID, target=expense)
    return expense


@entry_service
def transfer_to_centre(
    *,
    actor: User | str,
    campaign: Campaign,
    currency: str,
    amount: int,
    transferred_on: datetime.date,
    account: str = Account.BANK,
):
    """Send part of a campaign's money to the party's centre: the transfer account is
    debited, the bank (or cash) credited. Return the ledger group."""
    _check_amount(amount)
    _check_currency(campaign, currency)
    if account not in (Account.BANK, Account.CASH):
        raise ValidationError(_("Pay from the bank account or from cash."), code="account")
    group = ledger.post(
        kind=Kind.TRANSFER,
        campaign=campaign,
        currency=currency,
        booked_on=transferred_on,
        lines=[(Account.CENTRE, amount), (account, -amount)],
    )
    audit_append(
        actor=actor,
        action=Action.TRANSFER_TO_CENTRE,
        target=campaign,
        data={"amount": amount, "currency": currency},
    )
    return group


# --- Reading what is private (each read audited) -------------------------------------------


@dataclass(frozen=True)
class DonorIdentity:
    name: str
    contact: str


@entry_service
def access_donor(*, actor: User, donor: Donor) -> DonorIdentity:
    """Decrypt a donor's identity for a treasurer or auditor (the view checked the role and
    the second factor) and record that they read it."""
    audit_append(actor=actor, action=Action.DONOR_READ, target=donor)
    return DonorIdentity(
        crypto.decrypt(donor.name_ciphertext), crypto.decrypt(donor.contact_ciphertext)
    )


@entry_service
def access_expense_payee(*, actor: User, expense: Expense) -> str:
    """Decrypt who was paid (and hand out the receipt), recording the read."""
    audit_append(actor=actor, action=Action.EXPENSE_RECEIPT_READ, target=expense)
    return crypto.decrypt(expense.payee_ciphertext)


# --- Erasure and keys -----------------------------------------------------------------------


def donor_erase_for_user(user) -> None:
    """What erasing an account does to their gifts (docs/treasury.md, "Erasure").

    The law keeps the record of a gift that was received: Law 36/2015 forbids anonymous
    donations and requires records of income, so the encrypted identity of a donor with a
    paid or refunded gift stays, unlinked from the account and hidden from the public.
    A donor whose gifts never arrived (pending, expired, cancelled) is deleted with them.
    Runs inside the erasure's transaction."""
    donors = list(Donor.objects.filter(user=user))
    if not donors:
        return
    kept = set(
        Contribution.objects.filter(
            donor__in=donors,
            status__in=[ContributionStatus.PAID, ContributionStatus.REFUNDED],
        ).values_list("donor_id", flat=True)
    )
    for donor in donors:
        if donor.pk in kept:
            Donor.objects.filter(pk=donor.pk).update(
                user=None, display=Display.HIDDEN, public_label=""
            )
            Contribution.objects.filter(donor=donor).update(member=None)
        else:
            Contribution.objects.filter(donor=donor).delete()
            donor.delete()
        audit_append(
            actor=None,
            action=Action.DONOR_ERASED,
            object_type="treasury.donor",
            object_id=donor.pk,
            data={"kind": "kept" if donor.pk in kept else "deleted"},
        )


@entry_service
def treasury_keys_rotate(*, actor: User | str | None = None) -> int:
    """Re-encrypt every stored identity, payee and payer name with the newest key."""
    count = 0
    for donor in Donor.objects.select_for_update().order_by("pk"):
        donor.name_ciphertext = crypto.rotate(donor.name_ciphertext)
        donor.contact_ciphertext = crypto.rotate(donor.contact_ciphertext)
        donor.save(update_fields=["name_ciphertext", "contact_ciphertext"])
        count += 1
    for expense in Expense.objects.select_for_update().order_by("pk"):
        expense.payee_ciphertext = crypto.rotate(expense.payee_ciphertext)
        expense.save(update_fields=["payee_ciphertext"])
        count += 1
    for line in BankLine.objects.select_for_update().exclude(payer_ciphertext="").order_by("pk"):
        line.payer_ciphertext = crypto.rotate(line.payer_ciphertext)
        line.save(update_fields=["payer_ciphertext"])
        count += 1
    audit_append(actor=actor, action=Action.TREASURY_KEYS_ROTATED, data={"count": count})
    return count
