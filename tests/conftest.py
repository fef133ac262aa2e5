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
