"""Jisr's own rate limiter, on Django's cache: each rate counts on its own, a refused hit
counts nowhere, a hit can be given back, and per-key limits hold a hash, not the key."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

from jisr.core import ratelimit

RATES = {"try": "3/h/ip,2/h/key"}


def _request(ip="203.0.113.9"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = AnonymousUser()
    return request


def _try(key="a@example.org", ip="203.0.113.9"):
    return ratelimit.consume(_request(ip), app="test", action="try", rates=RATES, key=key)


def test_each_rate_counts_and_a_refused_hit_counts_nowhere():
    assert _try() and _try()
    assert _try() is None  # the key's 2 an hour
    assert _try(key="b@example.org")  # another key: the address has one left
    assert _try(key="c@example.org") is None  # the address's 3 an hour
    assert _try(key="c@example.org", ip="198.51.100.1")  # c was never counted


def test_a_hit_given_back_is_not_counted():
    _try().rollback()
    _try().rollback()
    assert _try() and _try()


def test_the_cache_holds_no_address_or_key():
    _try(key="secret@example.org")
    stored = " ".join(str(k) for k in getattr(cache, "_cache", {}))
    assert "secret@example.org" not in stored and "203.0.113.9" not in stored


@pytest.mark.parametrize("spec", ["5/h", "x/h/ip", "5/w/ip", "5/h/email"])
def test_a_mistyped_rate_is_refused_in_plain_words(spec):
    with pytest.raises(ValueError, match="Not a rate"):
        ratelimit.parse(spec)
