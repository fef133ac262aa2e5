"""Rate limits on what members do to proposals, per account and per address.

The rates live in ``settings.JISR_PROPOSAL_RATE_LIMITS`` in allauth's notation
(``"5/h/user,20/h/ip"``) and are counted by allauth's limiter, so they use the same
shared cache, lock and proxy-aware client address as the sign-in limits.
"""

from allauth.core.internal import ratelimit as _allauth
from django.conf import settings

APP = "jisr.proposals"


class Usage:
    """A granted hit, which can be given back when the action did not happen after all
    (the form was invalid), so a typo does not use up a member's allowance."""

    def __init__(self, usage):
        self._usage = usage

    def rollback(self) -> None:
        self._usage.rollback()


def consume(request, action: str) -> Usage | None:
    """Count one ``action`` for the request's account and address; return None when a
    limit is reached (and count nothing)."""
    rates = settings.JISR_PROPOSAL_RATE_LIMITS
    if not request.user.is_authenticated:
        # Per-user rates cannot apply to a visitor; the views never let one this far.
        rates = {action: ",".join(r for r in rates.get(action, "").split(",") if "/user" not in r)}
    # A dry run first, so a hit refused by one rate is not counted by the others.
    if _allauth.consume(request, app=APP, action=action, config=rates, dry_run=True) is None:
        return None
    usage = _allauth.consume(request, app=APP, action=action, config=rates)
    return Usage(usage) if usage is not None else None
