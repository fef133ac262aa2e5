"""Reads of the bank statements: the statements, the lines waiting for a person, and the
payer names the treasurer matches them by."""

from . import crypto
from .models import BankLine, BankStatement, LineState
from .selectors import pending_contributions

MATCH_PAGE_LINES = 100
MATCH_PAGE_CONTRIBUTIONS = 500


def statements():
    return BankStatement.objects.order_by("-imported_at", "-pk")


def unmatched_lines():
    return BankLine.objects.filter(state=LineState.UNMATCHED).order_by("booked_on", "pk")


def lines_to_match() -> list[BankLine]:
    """The oldest lines waiting for a person, each with its payer's name decrypted for the
    treasurer (``payer``; empty once shredded)."""
    lines = list(unmatched_lines()[:MATCH_PAGE_LINES])
    for line in lines:
        line.payer = crypto.decrypt(line.payer_ciphertext)
    return lines


def contributions_to_match():
    return list(pending_contributions()[:MATCH_PAGE_CONTRIBUTIONS])
