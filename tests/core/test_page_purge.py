"""A committed write purges the visitors' page cache on every server: a staff correction is
on the public pages within a second, not after the cache's lifetime; and a page cache that
cannot be reached (Redis restarting) serves pages uncached instead of failing."""

import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from jisr.core import page_cache
from jisr.parliament import services

from ..parliament.factories import BillFactory, TermFactory

pytestmark = pytest.mark.django_db

LIST = "/bills/"


@pytest.fixture
def cached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def after(seconds: float):
    return mock.patch("time.time", return_value=time.time() + seconds)


def record_bill(title: str) -> None:
    services.bill_record(
        actor="system", term=TermFactory(), title=title, introduced_on=TermFactory().start_date
    )


def test_a_committed_write_is_on_the_cached_page_within_a_second(
    cached_pages, django_capture_on_commit_callbacks, django_assert_num_queries
):
    BillFactory(title="قانون الموازنة")
    Client().get(LIST)  # cached for 30 s
    with django_capture_on_commit_callbacks(execute=True):
        record_bill("قانون التصحيح")
    with after(page_cache.PURGE_GRACE):
        assert "قانون التصحيح" in Client().get(LIST).content.decode()
        with django_assert_num_queries(0):  # and cached again
            assert "قانون التصحيح" in Client().get(LIST).content.decode()


def test_a_write_that_is_not_committed_purges_nothing(cached_pages):
    BillFactory(title="قانون الموازنة")
    Client().get(LIST)
    before = page_cache.generation()
    record_bill("قانون لم يُحفظ")  # the test's transaction never commits: no callback runs
    assert page_cache.generation() == before


def test_a_stream_of_writes_rebuilds_a_page_at_most_every_grace_period(
    cached_pages, django_assert_num_queries
):
    BillFactory(title="قانون الموازنة")
    with after(0):  # the clock stands still: the copy is younger than the grace period
        Client().get(LIST)
        page_cache.purge()
        with django_assert_num_queries(0):  # built a moment ago: kept through the purge
            Client().get(LIST)


def test_a_page_cache_that_cannot_be_reached_serves_pages_uncached(cached_pages, monkeypatch):
    BillFactory(title="قانون الموازنة")

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(caches["pages"], "get", unreachable)
    monkeypatch.setattr(caches["pages"], "set", unreachable)
    for _ in range(2):
        response = Client().get(LIST)
        assert response.status_code == 200 and "قانون الموازنة" in response.content.decode()


def test_a_purge_that_cannot_reach_the_cache_does_not_fail_the_write(monkeypatch):
    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(page_cache.shared_cache, "incr", unreachable)
    monkeypatch.setattr(page_cache.shared_cache, "add", unreachable)
    page_cache.purge()  # logged, not raised: the write it follows is committed


def test_a_support_waits_for_the_cache_instead_of_purging_it(django_capture_on_commit_callbacks):
    """Election night's stream of supports must not rebuild every page twice a second: a
    support's count may wait for PAGE_CACHE_SECONDS."""
    from jisr.proposals import services as proposals

    from ..accounts.factories import UserFactory
    from ..proposals.conftest import publish

    topic = proposals.topic_save(actor="system:test", name="التعليم", name_en="Education")
    proposal = publish(UserFactory(), topic, title="مكتبة رقمية", body="كتب مجانية للطلبة.")
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.support_add(actor=UserFactory(), proposal=proposal)
    assert page_cache.generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        record_bill("قانون التصحيح")
    assert page_cache.generation() == before + 1
