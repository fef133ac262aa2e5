import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.core.middleware import LANGUAGE_CHOSEN_COOKIE, LANGUAGE_COOKIE
from jisr.core.models import AuditEntry
from jisr.core.selectors import audit_verify

from ..conftest import signed_in, with_mfa
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_updates_display_name_and_language(client, member, django_assert_num_queries):
    signed_in(client, member)
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "  نجمة   الصباح ", "preferred_language": "en"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "نجمة الصباح"
    assert member.preferred_language == "en"
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()


def test_language_follows_the_profile_across_sessions(client, member):
    signed_in(client, member)
    client.post(reverse("accounts:language"), {"language": "en"})
    client.post(reverse("account_logout"))
    assert '<html lang="en"' in client.get("/").content.decode()  # this browser remembers
    elsewhere = Client()  # another browser opens in Arabic, until the member signs in
    assert '<html lang="ar"' in elsewhere.get("/").content.decode()
    elsewhere.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert '<html lang="en"' in elsewhere.get("/").content.decode()


def test_invalid_profile_changes_nothing(client, member):
    signed_in(client, member)
    before = member.display_name
    response = client.post(
        reverse("accounts:profile"), {"display_name": "x" * 500, "preferred_language": "fr"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "preferred_language"}
    member.refresh_from_db()
    assert member.display_name == before and member.preferred_language == "ar"


def test_export_contains_my_data_and_no_secrets(client):
    member = with_mfa(UserFactory(display_name="Layla"))
    signed_in(client, member)
    response = client.post(reverse("accounts:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "jisr-personal-data/1"
    assert data["account"]["email"] == member.email
    assert data["account"]["display_name"] == "Layla"
    assert data["account"]["roles"] == ["member"]
    assert data["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]
    assert {m["type"] for m in data["two_factor_methods"]} == {"totp", "recovery_codes"}
    assert all(entry["object_type"] for entry in data["audit_log"])
    text = response.content.decode()
    assert member.password not in text
    assert "secret" not in text.lower()


def test_export_needs_a_post(client, member):
    signed_in(client, member)
    response = client.get(reverse("accounts:export"))  # a link or a prefetch exports nothing
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert not response.has_header("Content-Disposition")
    assert member.email not in response.content.decode()


def test_erasure_needs_the_password_and_the_confirmation(client, member):
    signed_in(client, member)
    response = client.post(reverse("accounts:erase"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD})
    assert "confirm" in response.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()


def test_erasure_removes_the_person_everywhere_and_keeps_the_log_valid(client):
    member = UserFactory(email="leaving@example.org", display_name="Leaving")
    other_device = Client()
    for device in (client, other_device):
        device.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    with_mfa(member)
    client.post(
        reverse("accounts:profile"), {"display_name": "Leaving", "preferred_language": "en"}
    )
    ref = f"user:{member.audit_ref}"
    assert AuditEntry.objects.filter(actor_ref=ref).exists()

    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email="leaving@example.org").exists()
    assert not Authenticator.objects.filter(user_id=member.pk).exists()
    # Every session of the account is gone, on this device and the other one.
    assert all(
        s.get_decoded().get("_auth_user_id") != str(member.pk) for s in Session.objects.all()
    )
    assert other_device.get(reverse("accounts:profile")).status_code == 302
    assert "_auth_user_id" not in client.session

    # The log keeps its links: no personal value, and nothing resolves the reference.
    for entry in AuditEntry.objects.values():
        assert "leaving@example.org" not in json.dumps(entry, default=str)
        assert "Leaving" not in json.dumps(entry, default=str)
    assert AuditEntry.objects.filter(actor_ref=ref, action="account.erased").exists()
    assert not User.objects.filter(audit_ref=member.audit_ref).exists()
    assert audit_verify().broken is None


def test_the_last_organizer_cannot_erase_their_account(client, organizer):
    signed_in(client, organizer)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert User.objects.filter(pk=organizer.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_erasure_also_removes_queued_mail_and_admin_history(settings):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core.mail import send_mail
    from django_tasks_db.models import DBTaskResult

    from jisr.accounts.services import user_erase

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member = UserFactory(email="gone@example.org")
    send_mail("Reset your password", "secret link", "from@example.org", ["gone@example.org"])
    send_mail("Someone else", "text", "from@example.org", ["stays@example.org"])
    # An address that contains the erased one is another person's.
    send_mail("A namesake", "text", "from@example.org", ["agone@example.org"])
    LogEntry.objects.log_actions(
        user_id=UserFactory(is_staff=True).pk, queryset=[member], action_flag=CHANGE
    )
    user_erase(user=member)
    assert sorted(r.args_kwargs["args"][0]["to"] for r in DBTaskResult.objects.all()) == [
        ["agone@example.org"],
        ["stays@example.org"],
    ]
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(member.pk)
    ).exists()


def test_two_factor_secrets_are_encrypted_at_rest():
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    member = with_mfa(UserFactory())
    authenticator = Authenticator.objects.get(user=member, type="totp")
    stored = authenticator.data["secret"]
    assert stored.startswith("gAAAA")  # a Fernet token, not the base32 secret
    secret = get_adapter().decrypt(stored)
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    assert authenticator.wrap().validate_code(code)


def test_role_grant_command_makes_the_first_organizer(capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    member = UserFactory(email="first@example.org")
    call_command("role_grant", "FIRST@example.org", "organizer")
    assert member.groups.filter(name="organizer").exists()
    assert "now has the role organizer" in capsys.readouterr().out
    entry = AuditEntry.objects.filter(action="role.granted").get()
    assert entry.actor_ref == "system:command-line"
    with pytest.raises(CommandError, match=r"No account uses nobody@example\.org"):
        call_command("role_grant", "nobody@example.org", "organizer")
    with pytest.raises(CommandError, match="آخر منظِّم"):  # the last organizer
        call_command("role_grant", "first@example.org", "organizer", "--revoke")


def test_a_language_chosen_before_signing_in_wins_over_the_profile(client, member):
    assert member.preferred_language == "ar"
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get("/").content.decode()
    member.refresh_from_db()
    assert member.preferred_language == "en"  # saved, so it follows them to other browsers
    # The choice is used up: it cannot overrule the next person who signs in here.
    assert client.cookies[LANGUAGE_CHOSEN_COOKIE].value == ""
    assert AuditEntry.objects.filter(action="account.language_changed").exists()


def test_without_a_choice_the_profile_language_applies_at_sign_in(client, member):
    member.preferred_language = "en"
    member.save()
    client.cookies[LANGUAGE_COOKIE] = "ar"  # left by someone else's profile, not chosen
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert '<html lang="en"' in client.get("/").content.decode()
    member.refresh_from_db()
    assert member.preferred_language == "en"


def test_a_choice_before_signing_in_through_two_factor_is_kept(client):
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    client.post(reverse("account_login"), {"login": organizer.email, "password": PASSWORD})
    authenticator = Authenticator.objects.get(user=organizer, type="recovery_codes")
    code = RecoveryCodes(authenticator).get_unused_codes()[0]
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert '<html lang="en"' in client.get("/").content.decode()
    organizer.refresh_from_db()
    assert organizer.preferred_language == "en"
