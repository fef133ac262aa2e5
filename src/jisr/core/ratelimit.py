"""Rate limits on Django's cache (the shared cache when several servers run), with the
client address allauth's adapter reads behind the proxy — the same the sign-in limits use.

Rates are written in allauth's notation, ``"5/h/user,20/h/ip,3/h/key"``: an amount per
period (``s``, ``m``, ``h``, ``d``, optionally with a number: ``5/15m/ip``), per account,
per client address, or per ``key`` (an e-mail address, a token). The cache holds a hash of
what is counted, never the address itself, for at most twice the period.

When the shared cache cannot be reached, limits fail closed: the cache's error reaches
Django's error handler, which answers a translated 503 ("try again in a minute",
``core.outages``) and nothing is written.
"""

import hashlib
import re
import time
from contextlib import suppress
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.cache import cache

from .outages import CACHE_DOWN

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])/(user|ip|key)$")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str


def parse(spec: str) -> list[Rate]:
    rates = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        match = RATE.match(part)
        if match is None:
            raise ValueError(f"Not a rate: {part!r} (write it like 5/h/ip or 3/15m/key)")
        amount, count, unit, per = match.groups()
        rates.append(Rate(int(amount), int(count or 1) * SECONDS[unit], per))
    return rates


class Usage:
    """A granted hit, which can be given back when the action did not happen after all
    (the form was invalid), so a typo does not use up anyone's allowance."""

    def __init__(self, keys: list[str]):
        self._keys = keys

    def rollback(self) -> None:
        for key in self._keys:
            with suppress(ValueError, *CACHE_DOWN):  # the window ended; the cache is down
                cache.decr(key)


def _source(request, rate: Rate, key: str | None) -> str | None:
    if rate.per == "user":
        user = request.user
        return str(user.pk) if user.is_authenticated else None  # no account, no such limit
    if rate.per == "ip":
        return get_adapter(request).get_client_ip(request)
    return key


def consume(request, *, app: str, action: str, rates: dict, key: str | None = None):
    """Count one ``action`` against every rate configured for it; return a ``Usage``, or
    None when a limit is reached (and then count nothing)."""
    counters = []
    for rate in parse(rates.get(action, "")):
        source = _source(request, rate, key)
        if source is None:
            continue
        window = int(time.time() // rate.seconds)
        digest = hashlib.sha256(source.encode()).hexdigest()[:32]
        name = f"jisr:rl:{app}:{action}:{rate.amount}/{rate.seconds}/{rate.per}:{digest}:{window}"
        counters.append((name, rate))
    if any((cache.get(name) or 0) >= rate.amount for name, rate in counters):
        return None
    for name, rate in counters:
        cache.add(name, 0, timeout=2 * rate.seconds)
        try:
            cache.incr(name)
        except ValueError:  # evicted between add and incr
            cache.set(name, 1, timeout=2 * rate.seconds)
    return Usage([name for name, _rate in counters])
