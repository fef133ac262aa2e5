"""Staff two-factor is checked on the session, not on the account: a browser signed in with
the password alone — before the owner enrolled, or with a stolen password — does not get
staff access, and enrolling or being made staff ends the account's other sessions. Jisr
keeps no member's IP address in the list of signed-in devices."""

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from jisr.accounts import services
from jisr.accounts.roles import Role
from jisr.proposals.models import Proposal
from jisr.proposals.states import Status

from ..conftest import signed_in, with_mfa
from ..proposals.staff_fixtures import World, proposal_in
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return _code(get_adapter().decrypt(authenticator.data["secret"]))


def _sign_in_with_password(email: str, **extra) -> Client:
    client = Client(**extra)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_session_signed_in_with_the_password_alone_is_asked_for_the_code():
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
    client = signed_in(Client(), organizer, second_factor=False)
    response = client.get(reverse("staff:people"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    # Entering the code in this browser opens the page it asked for.
    response = client.post(response["Location"], {"code": _totp_code(organizer)})
    assert response.status_code == 302 and response["Location"] == reverse("staff:people")
    assert client.get(reverse("staff:people")).status_code == 200


def test_enrolling_verifies_this_session_and_ends_the_others():
    organizer = UserFactory(email="org@example.org", roles=[Role.ORGANIZER])
    thief = _sign_in_with_password("org@example.org")  # a stolen password, before enrolment
    owner = _sign_in_with_password("org@example.org")
    owner.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    owner.get(reverse("mfa_activate_totp"))
    secret = owner.session[SECRET_SESSION_KEY]
    response = owner.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.context["form"].errors
    assert owner.get(reverse("staff:people")).status_code == 200
    # The thief's session is over: back to signing in, not into the staff pages.
    response = thief.get(reverse("staff:people"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert UserSession.objects.filter(user=organizer).count() == 1


def test_being_made_staff_ends_the_persons_sessions(django_capture_on_commit_callbacks):
    moderator = UserFactory(email="new.moderator@example.org")
    browser = _sign_in_with_password("new.moderator@example.org")
    assert browser.get(reverse("accounts:profile")).status_code == 200
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
    with django_capture_on_commit_callbacks(execute=True):
        services.role_grant(actor=organizer, user=moderator, role=Role.MODERATOR)
    response = browser.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_volunteer_role_leaves_sessions_alone(django_capture_on_commit_callbacks):
    member = UserFactory(email="volunteer@example.org")
    browser = _sign_in_with_password("volunteer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.role_grant(actor=member, user=member, role=Role.VOLUNTEER)
    response = browser.get(reverse("accounts:profile"))
    assert response.status_code == 200 and response.context["user"] == member  # still signed in
    assert UserSession.objects.filter(user=member).count() == 1


def test_the_api_refuses_a_staff_write_from_a_session_without_the_second_factor(world_proposal):
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
    body = {"date": "2026-12-01", "note": "وافقت الوزارة", "progress": 40}
    url = f"/api/v1/proposals/{world_proposal.pk}/milestones"
    client = signed_in(Client(), organizer, second_factor=False)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert not world_proposal.milestones.exists()
    response = signed_in(Client(), organizer).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert world_proposal.milestones.count() == 1


def test_no_ip_address_is_kept_for_a_signed_in_device():
    UserFactory(email="member@example.org")
    client = _sign_in_with_password("member@example.org", REMOTE_ADDR="203.0.113.77")
    assert list(UserSession.objects.values_list("ip", flat=True)) == ["0.0.0.0"]
    page = client.get(reverse("usersessions_list")).content.decode()
    assert "203.0.113.77" not in page and "0.0.0.0" not in page


@pytest.fixture
def world_proposal(db) -> Proposal:
    return proposal_in(Status.DELIVERED, World())
