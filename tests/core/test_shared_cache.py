"""The shared cache of several app servers, on a real Redis (``CACHE_URL=redis://…``;
``dev.py test`` starts one and sets JISR_TEST_REDIS_URL; CI requires it).

Two servers are two cache clients with their own connections to the same Redis, as two
processes on two machines would have."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory
from django.urls import reverse

from jisr.core import page_cache, ratelimit
from jisr.proposals import services as proposals
from jisr.proposals.models import Support

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..proposals.conftest import publish

REDIS = os.environ.get("JISR_TEST_REDIS_URL")
if not REDIS and os.environ.get("JISR_REDIS_TESTS") == "required":
    raise RuntimeError("JISR_REDIS_TESTS=required, but JISR_TEST_REDIS_URL is not set")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS, reason="no Redis here (JISR_TEST_REDIS_URL)"),
]
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: Redis is down


def server_cache(prefix: str, location: str | None = None) -> RedisCache:
    """One app server's client of the shared cache."""
    return RedisCache(
        location or REDIS,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


@pytest.fixture
def prefix():
    """A key prefix of this test's own: the SQLite and PostgreSQL runs share the Redis."""
    return f"jisr-test-{uuid.uuid4().hex}"


def test_a_rate_limit_of_n_allows_n_in_total_across_two_servers(monkeypatch, prefix, member):
    one, two = server_cache(prefix), server_cache(prefix)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    request.user = member
    rates = {"act": "4/h/user"}
    granted = 0
    for attempt in range(10):
        monkeypatch.setattr(ratelimit, "cache", (one, two)[attempt % 2])
        granted += ratelimit.consume(request, app="test", action="act", rates=rates) is not None
    assert granted == 4  # not 4 per server


def test_a_purge_on_one_server_makes_the_others_copies_stale(monkeypatch, prefix):
    one, two = server_cache(prefix), server_cache(prefix)
    monkeypatch.setattr(page_cache, "shared_cache", one)
    before = page_cache.generation()
    monkeypatch.setattr(page_cache, "shared_cache", two)
    page_cache.purge()  # a write committed on the second server
    monkeypatch.setattr(page_cache, "shared_cache", one)
    assert page_cache.generation() == before + 1
    entry = (float("inf"), 0.0, before, None)  # built long ago under the old generation
    assert page_cache._stale(entry, page_cache.generation())


def redis_settings(settings, location: str, prefix: str) -> None:
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    settings.CACHES = {"default": redis, "pages": {**redis, "KEY_PREFIX": f"{prefix}-pages"}}


@pytest.fixture
def redis_down(settings, prefix):
    """The site runs on Redis (CACHE_URL=redis://…); calling the fixture's value takes
    Redis down, as while it restarts."""
    redis_settings(settings, REDIS, prefix)
    settings.PAGE_CACHE_SECONDS = 30
    settings.SESSION_ENGINE = "jisr.core.sessions"
    return lambda: redis_settings(settings, CLOSED_PORT, prefix)


def test_while_redis_is_down_pages_answer_and_a_limited_write_fails_closed(
    client, member, redis_down
):
    topic = proposals.topic_save(actor="system:test", name="التعليم", name_en="Education")
    proposal = publish(UserFactory(), topic, title="مكتبة رقمية", body="كتب مجانية للطلبة.")
    signed_in(client, member)
    redis_down()
    assert Client().get(reverse("proposals:list")).status_code == 200  # served uncached
    # The member's session is read from the database, where it was written through.
    assert member.display_name in client.get(reverse("proposals:list")).content.decode()
    client.raise_request_exception = False
    response = client.post(reverse("proposals:support", args=[proposal.pk]))
    assert response.status_code == 503
    assert "Jisr is briefly unavailable" in response.content.decode() or (
        "جسر متوقف لبرهة" in response.content.decode()
    )
    assert not Support.objects.filter(proposal=proposal).exists()  # nothing was written
