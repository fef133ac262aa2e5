"""Every allauth page and e-mail the site shows speaks Jisr's words in both languages: no
grammar error of allauth's Arabic, one name for two-factor authentication, sentence case
in English, and none of allauth's own Arabic showing through."""

import gettext
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.core.middleware import LANGUAGE_COOKIE

from ..conftest import with_mfa
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Each seen on the site before Jisr worded allauth's texts itself.
BAD_ARABIC = [
    "لم ترى",
    "لم تتلقى",
    "غضو",
    "كلمة المرور الخاص بك",
    "كود",
    "الالكتروني",
    "المصادقة الثنائية",
    "ذو عاملين",
    "عاملين",
]
TWO_FACTOR = "التحقق بخطوتين"
# Words that keep their capital inside an English sentence.
PROPER = (
    {"Jisr", "IP", "QR", "I", "JSON", "Arabic", "English", "E-mail", "AM", "PM"}
    | {
        "Telegram",
        "WhatsApp",
        "Facebook",
    }
    | {date(2026, month, 1).strftime("%B") for month in range(1, 13)}
)
TITLE_CASE_TAGS = {"title", "h1", "h2", "h3", "button", "label", "legend", "th", "a", "summary"}


class _Texts(HTMLParser):
    """The texts a reader sees, and those of headings, buttons, labels and links."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.all: list[str] = []
        self.labels: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        self.open.append(tag)
        button = tag == "input" and dict(attrs).get("type") in {"submit", "button"}
        shown = {"placeholder", "aria-label", "title"} | ({"value"} if button else set())
        for name, value in attrs:
            if value and name in shown:
                self.labels.append(value)
                self.all.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or self.skip:
            return
        self.all.append(text)
        if TITLE_CASE_TAGS & set(self.open):
            self.labels.append(text)


def texts(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    return parser


def title_cased(label: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", label)
    # An acronym (CSV, PDF) is written in capitals in any case.
    return any(w[0].isupper() and not w.isupper() and w not in PROPER for w in words[1:])


def _catalog(path: Path) -> dict:
    with open(path, "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def _allauth_arabic() -> set[str]:
    """allauth's own Arabic sentences (four words or more), of the texts Jisr's catalog
    does not word itself and that Jisr's own Arabic does not also say."""
    ours = _catalog(Path(__file__).parents[2] / "src/jisr/locale/ar/LC_MESSAGES/django.mo")
    theirs = _catalog(Path(allauth.__file__).parent / "locale/ar/LC_MESSAGES/django.mo")
    our_words = set(ours.values())
    return {
        value
        for key, value in theirs.items()
        if isinstance(key, str)
        and key
        and key not in ours
        and value not in our_words
        and len(value.split()) >= 4
    }


ALLAUTH_ARABIC = _allauth_arabic()


def check_arabic(text: str, where: str) -> None:
    for bad in BAD_ARABIC:
        assert bad not in text, f"{where}: «{bad}»"
    for sentence in ALLAUTH_ARABIC:
        assert sentence not in text, f"{where}: allauth's own Arabic «{sentence}»"


def check_english(labels: list[str], where: str) -> None:
    cased = [label for label in labels if title_cased(label)]
    assert not cased, f"{where}: Title Case {cased}"


def browser(language: str) -> Client:
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = language
    return client


def page(client, path: str, language: str) -> str:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert f'<html lang="{language}"' in html, path
    seen = texts(html)
    if language == "ar":
        check_arabic(" ".join(seen.all), path)
    else:
        check_english(seen.labels, path)
    return html


def reset_link(language: str, email: str) -> str:
    mail.outbox.clear()
    browser(language).post(reverse("account_reset_password"), {"email": email})
    return re.search(r"https?://[^\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)[
        1
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_allauth_page_is_in_jisr_wording(language, settings):
    member = UserFactory(preferred_language=language)
    organizer = with_mfa(UserFactory(preferred_language=language, roles=[Role.ORGANIZER]))
    visitor = browser(language)
    for name in [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
    ]:
        page(visitor, reverse(name), language)
    page(visitor, "/accounts/confirm-email/not-a-key/", language)
    page(visitor, "/accounts/password/reset/key/1-bad-key/", language)
    page(browser(language), reset_link(language, member.email), language)

    settings.JISR_SIGNUP_OPEN = False
    page(browser(language), reverse("account_signup"), language)
    settings.JISR_SIGNUP_OPEN = True

    # A new member, before confirming the address.
    newcomer = browser(language)
    newcomer.post(
        reverse("account_signup"),
        {
            "email": f"new-{language}@example.org",
            "display_name": f"جديد {language}",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    key = re.search(r"/accounts/confirm-email/([^\s/]+)/", mail.outbox[-1].body)[1]
    page(newcomer, f"/accounts/confirm-email/{key}/", language)

    signed_in = browser(language)
    signed_in.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    for name in [
        "account_email",
        "account_change_password",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "usersessions_list",
    ]:
        page(signed_in, reverse(name), language)
    signed_in.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page(signed_in, reverse("mfa_activate_totp"), language)
    # A message after an action, in the page that follows it.
    html = page(signed_in, reverse("account_email"), language)
    assert ("البريد الإلكتروني" if language == "ar" else "E-mail addresses") in html

    staff = browser(language)
    staff.post(reverse("account_login"), {"login": organizer.email, "password": PASSWORD})
    html = page(staff, reverse("mfa_authenticate"), language)
    if language == "ar":
        assert TWO_FACTOR in html
    authenticator = Authenticator.objects.get(user=organizer, type="recovery_codes")
    staff.post(
        reverse("mfa_authenticate"), {"code": RecoveryCodes(authenticator).get_unused_codes()[0]}
    )
    for name in [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "staff:dashboard",
    ]:
        page(staff, reverse(name), language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_allauth_email_is_in_jisr_wording(language):
    member = UserFactory(preferred_language=language)
    visitor = browser(language)
    visitor.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "display_name": "جديد",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    visitor.post(
        reverse("account_signup"),
        {
            "email": member.email,
            "display_name": "آخر",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    browser(language).post(reverse("account_reset_password"), {"email": member.email})
    browser(language).post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    signed_in = browser(language)
    signed_in.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    signed_in.post(reverse("account_email"), {"email": "second@example.org", "action_add": ""})
    assert EmailAddress.objects.filter(email="second@example.org").exists()

    assert len(mail.outbox) == 5
    for message in mail.outbox:
        where = f"e-mail {message.subject!r}"
        if language == "ar":
            check_arabic(message.subject + "\n" + message.body, where)
        else:
            check_english([message.subject], where)
            assert "Please" not in message.body, where


def test_two_factor_authentication_has_one_arabic_name():
    import polib

    catalog = polib.pofile(
        str(Path(__file__).parents[2] / "src/jisr/locale/ar/LC_MESSAGES/django.po")
    )
    for entry in catalog.translated_entries():
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in texts:
            check_arabic(text, repr(entry.msgid))
        if re.search(r"two-factor", entry.msgid, re.IGNORECASE):
            assert all("بخطوتين" in text for text in texts), entry.msgid
