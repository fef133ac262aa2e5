"""The e-mails of accounts as a person's mail program shows them: a clean subject, the
site's name, and an HTML part beside the plain text in the reader's direction."""

import email
import re
from email import policy

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jisr.core.mail import html_from_text
from jisr.core.middleware import LANGUAGE_COOKIE

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def as_received(message) -> email.message.EmailMessage:
    """The message as a mail program parses the bytes it receives."""
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def every_account_email(language: str) -> list:
    member = UserFactory()
    visitor = Client()
    visitor.cookies[LANGUAGE_COOKIE] = language
    signup = {"password1": PASSWORD, "password2": PASSWORD}
    visitor.post(
        reverse("account_signup"), {**signup, "email": "new@example.org", "display_name": "جديد"}
    )
    visitor.post(
        reverse("account_signup"), {**signup, "email": member.email, "display_name": "آخر"}
    )
    visitor.post(reverse("account_reset_password"), {"email": member.email})
    visitor.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 4, [m.subject for m in mail.outbox]
    return mail.outbox


@pytest.mark.parametrize("language, direction", [("ar", "rtl"), ("en", "ltr")])
def test_each_account_email_has_a_clean_subject_text_and_html(language, direction):
    for message in every_account_email(language):
        received = as_received(message)
        subject = received["Subject"]
        assert subject == subject.strip() and subject == message.subject, subject
        parts = {
            p.get_content_type(): p.get_content() for p in received.walk() if not p.is_multipart()
        }
        assert parts["text/plain"].strip(), subject
        html = parts["text/html"]
        assert f'<html lang="{language}" dir="{direction}">' in html, subject
        assert "<img" not in html and "://" not in html.split("<body", 1)[0], subject
        # Every link of the text is a link in the HTML too.
        for url in re.findall(r"https?://\S+/", parts["text/plain"]):
            assert f'href="{url}"' in html, subject


def test_the_confirmation_names_the_site_not_the_host(client, settings):
    settings.JISR_SITE_NAME = "جسر الجالية"
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "أبو علي",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [message] = mail.outbox
    sentence = next(line for line in message.body.splitlines() if "لإنشاء حساب" in line)
    assert sentence.endswith("لإنشاء حساب في جسر الجالية.") and "testserver" not in sentence


def test_html_from_text_keeps_paragraphs_escapes_and_links():
    html = html_from_text(
        "مرحبًا <b>،\n\nافتح الرابط: https://jisr.example.org/a/b/?x=1&y=2.\nشكرًا",
        subject="موضوع",
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert (
        '<a href="https://jisr.example.org/a/b/?x=1&amp;y=2" dir="ltr"'
        ' style="word-break: break-all;">'
        "https://jisr.example.org/a/b/?x=1&amp;y=2</a>.<br>" in html
    )
    assert html.count("<p ") == 2
    assert '<html lang="en" dir="ltr">' in html_from_text("Hello, see you", subject="Hi")


def test_account_links_start_with_the_sites_address_whatever_host_the_request_named(
    client, settings
):
    """A password-reset link built from the Host header would send the key to whoever
    chose the host (ALLOWED_HOSTS does not check the port)."""
    settings.JISR_SITE_URL = "https://jisr.example.org"
    settings.ALLOWED_HOSTS = ["jisr.example.org"]
    UserFactory(email="forgetful@example.org")
    client.post(
        reverse("account_reset_password"),
        {"email": "forgetful@example.org"},
        HTTP_HOST="jisr.example.org:6666",
    )
    body = mail.outbox[-1].body
    links = re.findall(r"https?://[^\s\"<>]+", body)
    assert links and all(link.startswith("https://jisr.example.org/") for link in links), links
    assert "6666" not in body
