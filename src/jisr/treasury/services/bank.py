"""Bank statements: importing their lines once, matching them to contributions by their
reference codes, settling the rest by hand, and erasing payer names (docs/treasury.md,
"Bank statements").

A matched line marks its contribution as paid through ``contributions_mark_paid``, so the
ledger is booked exactly as when the treasurer ticks it on the pending page: what arrived
goes to the bank account, the fee the bank kept to fees, the whole gift to income.
"""

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.text.digits import to_ascii_digits
from jisr.core.transactions import entry_service

from .. import crypto
from ..models import BankLine, BankStatement, Contribution, ContributionStatus, LineState
from . import REFERENCE_ALPHABET, REFERENCE_LENGTH, contributions_mark_paid

#: A line that brings less than expected is matched automatically when the shortfall is at
#: most this share of the expected amount (a bank's fee); a bigger one waits for a person.
FEE_TOLERANCE_PERCENT = 10
_SEPARATORS = re.compile(r"[\s\-_./:,;#]+")
_CODE = re.compile(f"(?=(J[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}))")
WAITING = (ContributionStatus.PENDING, ContributionStatus.EXPIRED)


@dataclass(frozen=True)
class StatementLine:
    """A credit line as a statement gives it, checked by the importer."""

    line: int
    booked_on: datetime.date
    amount: int
    currency: str
    text: str
    payer: str


def reference_candidates(text: str) -> set[str]:
    """Every string in the bank's text that has the shape of a reference code, whatever the
    case, the digits (Arabic-Indic too) or the spaces and dashes a payer put inside it."""
    folded = _SEPARATORS.sub("", to_ascii_digits(text).upper())
    return set(_CODE.findall(folded))


def checksums(lines: list[StatementLine]) -> list[str]:
    """One checksum per line: its date, amount, currency and text, and how many identical
    lines came before it in the file (so two equal gifts on one day stay two lines, and a
    file that overlaps an imported one adds only what is new). The payer is left out: the
    name is erased later, and no hash of it is kept."""
    seen: Counter = Counter()
    result = []
    for line in lines:
        key = (line.booked_on.isoformat(), str(line.amount), line.currency, line.text)
        result.append(hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode()).hexdigest())
        seen[key] += 1
    return result


def _fee_for(expected: int, received: int) -> int | None:
    """The fee to record when ``received`` arrives for a gift of ``expected``; None when the
    shortfall is too big to be a fee."""
    if received >= expected:
        return 0
    shortfall = expected - received
    return shortfall if shortfall * 100 <= expected * FEE_TOLERANCE_PERCENT else None


def _settle(line: BankLine, *, actor, state: str, **fields) -> None:
    for name, value in fields.items():
        setattr(line, name, value)
    line.state = state
    line.settled_at = timezone.now()
    line.settled_by = actor if isinstance(actor, User) and actor.pk else None
    line.save()


def _match(line: BankLine, contribution: Contribution, *, actor, state, received, fee) -> None:
    contributions_mark_paid.within(
        actor=actor,
        payments=[
            {
                "contribution": contribution,
                "gross": received + fee,
                "fee": fee,
                "received_on": line.booked_on,
            }
        ],
    )
    _settle(line, actor=actor, state=state, contribution=contribution, received=received, fee=fee)
    audit_append(
        actor=actor,
        action=Action.BANK_LINE_MATCHED,
        target=line,
        data={"how": state, "contribution": contribution.pk},
    )


def match_automatically(*, actor, lines: list[BankLine]) -> int:
    """Match each line whose text holds exactly one known reference code of a waiting
    contribution in the line's currency, with an amount that is the gift's less at most a
    fee; return how many matched. Ambiguous and unknown codes stay for a person."""
    found = {line.pk: reference_candidates(line.text) for line in lines}
    codes = set().union(*found.values()) if found else set()
    waiting = {
        c.reference: c for c in Contribution.objects.filter(reference__in=codes, status__in=WAITING)
    }
    known = set(
        Contribution.objects.filter(reference__in=codes).values_list("reference", flat=True)
    )
    matched = 0
    for line in lines:
        references = found[line.pk] & known
        if len(references) != 1:
            continue
        contribution = waiting.get(next(iter(references)))
        if contribution is None or contribution.currency != line.currency:
            continue
        fee = _fee_for(contribution.gross, line.amount)
        if fee is None:
            continue
        del waiting[contribution.reference]
        _match(
            line,
            contribution,
            actor=actor,
            state=LineState.AUTOMATIC,
            received=line.amount,
            fee=fee,
        )
        matched += 1
    return matched


@entry_service
def bank_statement_import(
    *,
    actor: User | str,
    sha256: str,
    format: str,
    account: str,
    file_name: str,
    lines: list[StatementLine],
) -> Counter:
    """Add the statement's lines the treasury does not have yet, and match what can be
    matched. A file that adds nothing records nothing."""
    sums = checksums(lines)
    have = set(BankLine.objects.filter(checksum__in=sums).values_list("checksum", flat=True))
    new = [
        (line, checksum) for line, checksum in zip(lines, sums, strict=True) if checksum not in have
    ]
    counts = Counter(read=len(lines), added=len(new), known=len(lines) - len(new))
    if not new:
        return counts
    statement = BankStatement.objects.create(
        sha256=sha256,
        format=format,
        account=account.strip()[:80],
        file_name=file_name[:200],
        imported_by=actor if isinstance(actor, User) and actor.pk else None,
        lines_read=len(lines),
        lines_added=len(new),
    )
    created = BankLine.objects.bulk_create(
        BankLine(
            statement=statement,
            booked_on=line.booked_on,
            amount=line.amount,
            currency=line.currency,
            text=line.text[:500],
            payer_ciphertext=crypto.encrypt(line.payer.strip()),
            checksum=checksum,
        )
        for line, checksum in new
    )
    if not all(line.pk for line in created):  # a database that returns no ids
        created = list(statement.lines.order_by("pk"))
    counts["matched"] = statement.lines_matched = match_automatically(actor=actor, lines=created)
    statement.save(update_fields=["lines_matched"])
    counts["unmatched"] = len(new) - counts["matched"]
    audit_append(
        actor=actor,
        action=Action.BANK_STATEMENT_IMPORTED,
        target=statement,
        data={"added": len(new), "matched": counts["matched"]},
    )
    return counts


@entry_service
def bank_lines_settle(
    *, actor: User | str, matches: list[dict], ignores: list[dict]
) -> tuple[int, int]:
    """Settle lines by hand, all or nothing: ``matches`` are ``{"line", "contribution",
    "received", "fee"}`` (what arrived and what the bank kept), ``ignores`` are ``{"line",
    "reason"}``. Return how many were matched and ignored."""
    if not matches and not ignores:
        raise ValidationError(
            _("Choose a contribution for a line, or tick “Ignore” and say why."), code="empty"
        )
    lines = BankLine.objects.select_for_update()
    taken: set[int] = set()
    for item in matches:
        line = lines.get(pk=item["line"].pk)
        contribution = item["contribution"]
        _check_open(line)
        if contribution.pk in taken:
            raise ValidationError(
                _("Contribution %(reference)s is chosen for two lines; a gift is paid once.")
                % {"reference": contribution.reference or contribution.pk},
                code="twice",
            )
        taken.add(contribution.pk)
        if contribution.currency != line.currency:
            raise ValidationError(
                _(
                    "The line of %(date)s is in %(line)s but contribution %(reference)s is in "
                    "%(contribution)s: choose a contribution in the line's currency."
                )
                % {
                    "date": line.booked_on.isoformat(),
                    "line": line.currency,
                    "reference": contribution.reference or contribution.pk,
                    "contribution": contribution.currency,
                },
                code="currency",
            )
        received, fee = item["received"], item.get("fee") or 0
        if received is None or received <= 0:
            raise ValidationError(_("The amount received must be more than zero."), code="amount")
        _match(line, contribution, actor=actor, state=LineState.MANUAL, received=received, fee=fee)
    for item in ignores:
        line = lines.get(pk=item["line"].pk)
        _check_open(line)
        reason = (item.get("reason") or "").strip()
        if not reason:
            raise ValidationError(_("Say why the line is ignored."), code="reason")
        _settle(line, actor=actor, state=LineState.IGNORED, ignored_reason=reason[:300])
        audit_append(actor=actor, action=Action.BANK_LINE_IGNORED, target=line)
    return len(matches), len(ignores)


def _check_open(line: BankLine) -> None:
    if line.state != LineState.UNMATCHED:
        raise ValidationError(
            _("The line of %(date)s was settled meanwhile; reload the page.")
            % {"date": line.booked_on.isoformat()},
            code="settled",
        )


@entry_service
def bank_payers_shred(*, now: datetime.datetime | None = None) -> int:
    """Erase the payer names of lines settled more than JISR_TREASURY_PAYER_NAME_DAYS ago
    (the worker's clock runs this daily: ``jisr manage treasury_bank_shred``)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.JISR_TREASURY_PAYER_NAME_DAYS)
    count = (
        BankLine.objects.exclude(state=LineState.UNMATCHED)
        .filter(settled_at__lt=cutoff)
        .exclude(payer_ciphertext="")
        .update(payer_ciphertext="", payer_shredded_at=now)
    )
    if count:
        audit_append(actor=None, action=Action.BANK_PAYERS_SHREDDED, data={"count": count})
    return count
