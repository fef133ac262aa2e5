import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")


def signup_data(**overrides):
    return {
        "email": "new@example.org",
        "display_name": "أبو علي",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def confirmation_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_sign_up_verify_email_and_land_signed_in(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "أبو علي"
    assert user.preferred_language == "ar"
    assert list(user.groups.values_list("name", flat=True)) == [Role.MEMBER]
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    link = confirmation_link(mail.outbox[0])
    assert link.startswith(settings.JISR_SITE_URL)  # never the request's host
    path = urlsplit(link).path
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:profile")).status_code == 200
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"account.created", "account.email_verified"} <= actions


def test_the_verification_email_is_in_the_language_of_the_signup(client):
    client.post(reverse("accounts:language"), {"language": "en"})
    client.post(SIGNUP, signup_data())
    assert User.objects.get(email="new@example.org").preferred_language == "en"
    assert mail.outbox[0].subject == "Confirm your e-mail address"
    assert mail.outbox[0].body.startswith("Hello from Jisr,")


def test_the_verification_email_names_the_site_in_arabic(client):
    client.post(SIGNUP, signup_data())
    assert mail.outbox[0].subject == "أكِّد عنوان بريدك الإلكتروني"
    assert "جسر" in mail.outbox[0].body
    assert "testserver!" not in mail.outbox[0].body


def test_login_needs_a_verified_email_then_works(client):
    user = UserFactory(email="someone@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    login = {"login": "someone@example.org", "password": PASSWORD}
    response = client.post(reverse("account_login"), login)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # a fresh confirmation link
    EmailAddress.objects.filter(user=user).update(verified=True)
    response = client.post(reverse("account_login"), login)
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200 and "someone@example.org" in profile.content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"display_name": "x" * 41}, "display_name", "40"),
        ({"display_name": "a"}, "display_name", "حرفين"),
        ({"display_name": "me@example.org"}, "display_name", "@"),
        ({"display_name": "abc\u202edef"}, "display_name", "محارف تحكّم"),
        ({"email": "not-an-email"}, "email", ""),
        ({"password2": "something else 123"}, "password2", ""),
    ],
)
def test_bad_signup_input_gets_a_translated_error_and_creates_nothing(
    client, overrides, field, message
):
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert re.search("[\u0600-\u06ff]", " ".join(errors[field]))  # in Arabic
    assert not User.objects.exists()
    assert not mail.outbox


def test_display_names_are_unique_ignoring_case(client):
    UserFactory(display_name="Sami")
    response = client.post(SIGNUP, signup_data(display_name="sami"))
    assert "display_name" in response.context["form"].errors
    assert User.objects.count() == 1


def test_html_in_a_display_name_is_shown_escaped(client):
    client.post(SIGNUP, signup_data(display_name="<b>x</b>"))
    user = User.objects.get()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_mixed_direction_names_are_isolated(client):
    user = UserFactory(display_name="علي Ali 2")
    client.force_login(user)
    assert "<bdi>علي Ali 2</bdi>" in client.get("/").content.decode()


def test_signup_is_rate_limited_per_ip(client):
    for n in range(3):
        client.post(SIGNUP, signup_data(email=f"p{n}@example.org", display_name=f"name {n}"))
        client.logout()
    response = client.post(SIGNUP, signup_data(email="p9@example.org", display_name="name 9"))
    assert response.status_code == 429
    assert "محاولات كثيرة" in response.content.decode()
    assert not User.objects.filter(email="p9@example.org").exists()


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "target@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert re.search("[\u0600-\u06ff]", " ".join(response.context["form"].non_field_errors()))
    assert "_auth_user_id" not in client.session
