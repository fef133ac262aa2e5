"""Staying up under load and through a database restart: the anonymous page cache, the
translated 503 page and the health checks. (The real restart is in bench/faults.py.)"""

import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from jisr.core import page_cache as page_cache_module
from jisr.core.middleware import LANGUAGE_COOKIE

from ..conftest import assert_error_page, signed_in
from ..parliament.factories import BillFactory

pytestmark = pytest.mark.django_db

LIST = "/bills/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_visitor_gets_the_cached_page_without_touching_the_database(
    client, page_cache, django_assert_num_queries
):
    BillFactory(title="قانون الموازنة")
    first = client.get(LIST)
    assert first.status_code == 200 and "قانون الموازنة" in first.content.decode()
    BillFactory(title="قانون التقاعد")  # within the cache's lifetime a visitor sees the copy
    with django_assert_num_queries(0):
        again = Client().get(LIST)
    assert again.content == first.content
    assert again["Content-Security-Policy"]


def test_languages_and_htmx_fragments_are_cached_apart(client, page_cache):
    arabic = client.get("/").content.decode()
    english = Client()
    english.cookies[LANGUAGE_COOKIE] = "en"
    assert '<html lang="en"' in english.get("/").content.decode()
    assert '<html lang="ar"' in arabic and '<html lang="ar"' in Client().get("/").content.decode()


def test_signed_in_members_always_see_the_live_page(client, member, page_cache):
    Client().get(LIST)  # a visitor fills the cache
    BillFactory(title="قانون التقاعد")
    signed_in(client, member)
    html = client.get(LIST).content.decode()
    assert "قانون التقاعد" in html and member.display_name in html


def test_a_page_with_a_form_token_or_a_cookie_is_never_shared(client, page_cache):
    # The sign-up page carries a CSRF token: it must never be served to someone else.
    first = client.get(reverse("account_signup"))
    second = Client().get(reverse("account_signup"))
    assert first.cookies.get("csrftoken") and second.cookies.get("csrftoken")
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_no_cache_when_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(LIST)
    BillFactory(title="قانون التقاعد")
    assert "قانون التقاعد" in Client().get(LIST).content.decode()


def later(seconds=31):
    """The clock once every cached copy has gone stale (but is still kept)."""
    return mock.patch("time.time", return_value=time.time() + seconds)


def rebuild_lock(path):
    return page_cache_module._key(RequestFactory().get(path)) + ":rebuild"


def test_a_stale_page_is_served_while_another_request_rebuilds_it(
    client, page_cache, django_assert_num_queries
):
    BillFactory(title="قانون الموازنة")
    first = client.get(LIST)
    BillFactory(title="قانون التقاعد")
    with later():
        caches["pages"].add(rebuild_lock(LIST), True)  # someone is rebuilding it now
        with django_assert_num_queries(0):
            assert Client().get(LIST).content == first.content
        caches["pages"].delete(rebuild_lock(LIST))  # the rebuild is done, or was abandoned
        assert "قانون التقاعد" in Client().get(LIST).content.decode()
        with django_assert_num_queries(0):
            assert "قانون التقاعد" in Client().get(LIST).content.decode()


def test_readers_keep_the_old_copy_while_the_database_is_down(client, page_cache, database_down):
    BillFactory(title="قانون الموازنة")
    client.get(LIST)
    database_down()
    with later():
        for reader in (Client(raise_request_exception=False) for _ in range(3)):
            response = reader.get(LIST)
            assert response.status_code == 200
            assert "قانون الموازنة" in response.content.decode()
        never_cached = Client(raise_request_exception=False).get("/votes/")
        assert never_cached.status_code == 503


def test_a_page_that_is_gone_is_not_served_from_the_old_copy(client, page_cache):
    bill = BillFactory(title="قانون الموازنة")
    path = f"/bills/{bill.pk}/"
    assert "قانون الموازنة" in client.get(path).content.decode()
    bill.delete()
    with later():
        gone = Client().get(path)
        assert_error_page(gone, 404)
        assert "قانون الموازنة" not in gone.content.decode()
        caches["pages"].add(rebuild_lock(path), True)  # even while someone else rebuilds it
        gone = Client().get(path)
        assert_error_page(gone, 404)
        assert "قانون الموازنة" not in gone.content.decode()


def test_language_choice_survives_signing_out(client, member):
    signed_in(client, member)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    client.post(reverse("account_logout"))
    assert '<html lang="en"' in client.get("/").content.decode()


def refuse(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.fixture
def database_down(monkeypatch):
    """From now on, every query fails as it does while PostgreSQL restarts."""

    def go_down():
        monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)

    return go_down


def test_a_database_outage_gives_a_translated_503_page(client, member, database_down):
    signed_in(client, member)
    database_down()
    client.raise_request_exception = False
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="ar" dir="rtl">' in html
    assert "Traceback" not in html


def test_the_503_page_is_in_english_for_english_readers(client, database_down):
    database_down()
    client.cookies[LANGUAGE_COOKIE] = "en"
    client.raise_request_exception = False
    html = client.get(LIST).content.decode()
    assert "briefly unavailable" in html


def test_a_real_bug_is_still_a_500(client, monkeypatch):
    monkeypatch.setattr("jisr.core.views.home_blocks", lambda request: 1 / 0)
    client.raise_request_exception = False
    response = client.get("/")
    # Not mistaken for a database outage: the 500 page, with no Retry-After and no trace.
    assert_error_page(response, 500)
    assert not response.has_header("Retry-After")
    assert "ZeroDivisionError" not in response.content.decode()


def test_health_checks(client, database_down):
    database_down()
    live = client.get(reverse("health_live"))
    assert live.status_code == 200 and live.content == b"ok"
    ready = client.get(reverse("health_ready"))
    assert ready.status_code == 503 and ready.content == b"database unavailable"


def test_ready_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # it really asks the database
        ready = client.get(reverse("health_ready"))
    assert ready.status_code == 200 and ready.content == b"ok"
    assert "no-cache" in ready["Cache-Control"]  # a proxy never answers for it
