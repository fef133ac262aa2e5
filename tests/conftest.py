import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

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


def signed_in(client, user):
    """Sign the user in, as after password and (if set up) two-factor authentication."""
    client.force_login(user)
    return client


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
