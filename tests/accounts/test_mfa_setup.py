"""Two-factor set-up takes a staff member back where they were going, and shows the
secret so it can be used on the phone that shows it."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from jisr.accounts.roles import Role

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in_organizer(client):
    UserFactory(email="org@example.org", roles=[Role.ORGANIZER])
    client.post(reverse("account_login"), {"login": "org@example.org", "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def _code(client) -> str:
    secret = client.session[SECRET_SESSION_KEY]
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_set_up_returns_to_the_staff_page_asked_for(client):
    _signed_in_organizer(client)
    wanted = reverse("proposals_staff:dashboard")
    sent_to = client.get(wanted)["Location"]
    assert sent_to.startswith(reverse("mfa_activate_totp")) and "next=" in sent_to
    page = client.get(sent_to).content.decode()
    assert f'name="next" value="{wanted}"' in page
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(client), "next": wanted})
    codes_page = response["Location"]
    assert codes_page.startswith(reverse("mfa_view_recovery_codes"))
    page = client.get(codes_page).content.decode()
    # The recovery codes page is no dead end: "continue" goes where they were going.
    assert re.search(rf'<a class="button" href="{re.escape(wanted)}">', page)
    assert client.get(wanted).status_code == 200


def test_set_up_never_sends_to_another_site(client):
    _signed_in_organizer(client)
    page = client.get(reverse("mfa_activate_totp") + "?next=https://evil.example/").content
    assert b'value="https://evil.example/"' not in page
    response = client.post(
        reverse("mfa_activate_totp"), {"code": _code(client), "next": "//evil.example/"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "evil.example" not in page
    assert f'href="{reverse("staff:dashboard")}"' in page


def test_the_secret_reads_left_to_right_with_a_link_for_this_phone(client):
    _signed_in_organizer(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert re.search(rf'<p class="totp-secret" id="totp-secret" dir="ltr"[^>]*>{secret}</p>', page)
    assert re.search(r'href="otpauth://totp/[^"]*secret=' + secret, page)
    # The copy button is a JavaScript enhancement: hidden until the script shows it.
    assert re.search(r"<button[^>]*data-copy-target=\"totp-secret\"[^>]*hidden>", page)
