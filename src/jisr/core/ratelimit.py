"""Rate limits counted by allauth's limiter, so every limit in Jisr uses the same shared
cache, lock and proxy-aware client address as the sign-in limits.

Rates are written in allauth's notation, ``"5/h/user,20/h/ip,3/h/key"``: per account, per
client address, or per ``key`` (an e-mail address, say; the cache holds only its hash).
"""

from allauth.core.internal import ratelimit as _allauth


class Usage:
    """A granted hit, which can be given back when the action did not happen after all
    (the form was invalid), so a typo does not use up anyone's allowance."""

    def __init__(self, usage):
        self._usage = usage

    def rollback(self) -> None:
        self._usage.rollback()


def consume(request, *, app: str, action: str, rates: dict, key: str | None = None):
    """Count one ``action`` against every rate configured for it; return a ``Usage``, or
    None when a limit is reached (and then count nothing)."""
    config = rates
    if not request.user.is_authenticated:
        # Per-account rates cannot apply to a visitor.
        config = {action: ",".join(r for r in rates.get(action, "").split(",") if "/user" not in r)}
    # A dry run first, so a hit refused by one rate is not counted by the others.
    checks = {"app": app, "action": action, "config": config, "key": key}
    if _allauth.consume(request, dry_run=True, **checks) is None:
        return None
    usage = _allauth.consume(request, **checks)
    return Usage(usage) if usage is not None else None
