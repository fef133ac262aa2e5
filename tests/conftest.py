import time
from pathlib import Path

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled

from jisr.accounts.roles import Role

from .accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_through_the_task_queue(settings):
    """Django's test set-up swaps EMAIL_BACKEND for its outbox; put Jisr's queue back in
    front of it, so tests see mail exactly as the worker would deliver it."""
    settings.EMAIL_BACKEND = "jisr.core.mail.TaskQueueEmailBackend"
    settings.JISR_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def with_mfa(user):
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def organizer(db):
    """An organizer who has set up two-factor authentication."""
    return with_mfa(UserFactory(roles=[Role.ORGANIZER]))


@pytest.fixture
def moderator(db):
    return with_mfa(UserFactory(roles=[Role.MODERATOR]))


def signed_in(client, user, *, second_factor: bool = True, reauthenticated: bool = False):
    """Sign the user in, as after the password and, if the account has an authenticator
    app and ``second_factor`` holds, its code (what staff pages require of the session);
    ``reauthenticated``: and as if the password was just confirmed again (the two-factor
    settings ask for that)."""
    client.force_login(user)
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if reauthenticated:
        records[0]["reauthenticated"] = True
    if second_factor and is_mfa_enabled(user):
        records.append({"method": "mfa", "at": now, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def session_cookie(user, *, second_factor: bool = True) -> str:
    """The session cookie of a fresh sign-in (see ``signed_in``), for a browser or a raw
    HTTP client."""
    from django.conf import settings
    from django.test import Client

    client = signed_in(Client(), user, second_factor=second_factor)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# EveryPolitician's Popolo export of Iraq's 2014 parliament (public, CC0; see the README
# beside it): checked in, so the tests on real data run on a fresh clone too.
REAL_POPOLO = Path(__file__).resolve().parent / "data" / "popolo" / "iraq-majlis-2014.popolo.json"


def real_sample(path):
    """Return the path of a real data sample from ../shared, or skip the test when it is
    absent — except where JISR_REAL_DATA=required (CI), where a missing sample fails."""
    import os

    if not path.exists():
        message = f"the real data sample {path} is absent (it lives in ../shared/data)"
        if os.environ.get("JISR_REAL_DATA") == "required":
            pytest.fail(message)
        pytest.skip(message)
    return path


def count_queries(fetch):
    """Call ``fetch()`` and return its result with the number of queries it made (a
    streamed response is read to its end first, so its queries count too)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = fetch()
        if getattr(result, "streaming", False):
            b"".join(result.streaming_content)
    return result, len(queries)


@pytest.fixture
def assert_flat_queries(django_assert_num_queries):
    """``assert_flat_queries(queries, fetch, grow)``: ``fetch()`` makes exactly ``queries``
    queries, and the same number again after ``grow()`` added rows — a list whose cost
    grows with its data fails. Returns the two results."""

    def check(queries, fetch, grow, info=""):
        with django_assert_num_queries(queries, info=f"{info} before growing"):
            before = fetch()
        grow()
        with django_assert_num_queries(queries, info=f"{info} after growing"):
            after = fetch()
        return before, after

    return check


def assert_error_page(response, status: int) -> None:
    """The response is the site's own error page for ``status``: its title, in the page's
    language (a bare status code could be any page, or Django's debug page)."""
    from django.utils import translation

    from jisr.core.views import ERRORS

    title = next(title for code, title, _text in ERRORS.values() if code == status)
    assert response.status_code == status
    with translation.override(response.get("Content-Language", "ar")):
        assert f"<h1>{title}</h1>" in response.content.decode(), f"not the {status} page"
