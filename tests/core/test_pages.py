import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from jisr.core.middleware import LANGUAGE_COOKIE

from ..conftest import signed_in

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[\u0600-\u06ff]")
# The front page's blocks, one selector each: the latest report (1), proposals that moved
# (1), votes and activities (2), the latest election (1; its lists are one more when there
# is one, see tests/elections/test_home.py), the next events (1), the community's
# organizations and coalitions counted (2).
HOME_QUERIES = 8


def switch_language(client, language, next_url="/"):
    return client.post(reverse("accounts:language"), {"language": language, "next": next_url})


def test_home_opens_in_arabic_right_to_left(client, django_assert_num_queries):
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "جسر" in html
    assert response["Content-Language"] == "ar"


def test_language_switch_gives_english_left_to_right_and_back(client):
    response = switch_language(client, "en", "/")
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "the bridge to our representatives" in html
    switch_language(client, "ar")
    assert '<html lang="ar" dir="rtl">' in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = switch_language(client, "xx", "https://evil.example/")
    assert response["Location"] == reverse("home")
    assert '<html lang="ar"' in client.get("/").content.decode()


@pytest.mark.parametrize("next_url", ["report", "home", "proposals:list", "x.html"])
def test_language_switch_back_to_something_not_a_path_goes_home(client, next_url):
    # redirect() reads a bare word as the name of a view: "report" used to be a 500.
    response = switch_language(client, "en", next_url)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_signed_in_page_query_count_is_bounded(client, member, django_assert_num_queries):
    signed_in(client, member)
    # The session, the user, their roles, their unread notices, and whom they follow.
    with django_assert_num_queries(HOME_QUERIES + 5):
        response = client.get("/")
    assert member.display_name in response.content.decode()


def test_areas_that_do_not_exist_yet_are_neither_linked_nor_announced(client, monkeypatch):
    from jisr.core import navigation

    unbuilt = navigation.Area("unbuilt:list", "Unbuilt area")
    monkeypatch.setattr(navigation, "AREAS", [*navigation.AREAS, unbuilt])
    html = client.get("/").content.decode()
    assert "Unbuilt area" not in html
    for path in ("/representatives/", "/campaigns/", "/coalition/"):
        assert f'href="{path}"' in html
    # No "coming soon" card, in either language: the front page shows what exists.
    assert "قريب" not in html
    client.cookies[LANGUAGE_COOKIE] = "en"
    english = client.get("/").content.decode()
    assert "Coming soon" not in english and "Unbuilt area" not in english


def test_every_page_sends_a_strict_content_security_policy(client):
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_with_personal_data_are_never_cached(client, member):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" in client.get(reverse("account_login"))["Cache-Control"]
    signed_in(client, member)
    assert "no-store" in client.get("/")["Cache-Control"]
    assert "private" in client.get(reverse("accounts:profile"))["Cache-Control"]


@pytest.mark.parametrize("language, text", [("ar", "الصفحة غير موجودة"), ("en", "Page not found")])
def test_404_page_is_translated(client, language, text):
    switch_language(client, language)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_403_page_is_translated(client, member):
    signed_in(client, member)
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 403
    assert ARABIC.search(response.content.decode())
    assert "ليس لديك" in response.content.decode()


def test_tampered_csrf_token_gets_a_translated_page_and_changes_nothing(member):
    client = Client(enforce_csrf_checks=True)
    signed_in(client, member)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "اسم جديد", "preferred_language": "en", "csrfmiddlewaretoken": "forged"},
    )
    assert response.status_code == 403
    assert "انتهت صلاحية النموذج" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != "اسم جديد"


@override_settings(DEBUG=False)
def test_server_errors_show_a_translated_page_without_a_stack_trace(client, monkeypatch):
    from jisr.core import views

    def explode(request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "home_blocks", explode)
    client.raise_request_exception = False
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "حدث خطأ" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_static_fonts_are_served_from_our_own_site(client):
    css = client.get("/static/jisr/css/fonts.css")
    body = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    assert "Jisr Naskh" in body and "Jisr Sans Arabic" in body
    # Family names of our own: a system font of the same name could stand in for them.
    families = {line.split('"')[1] for line in body.splitlines() if "font-family" in line}
    assert families == {"Jisr Naskh", "Jisr Sans Arabic", "Jisr Latin"}
    assert "http" not in body  # no font from another host
    assert (
        client.get("/static/jisr/fonts/noto-naskh-arabic-arabic-400-normal.woff2").status_code
        == 200
    )


def test_health_endpoint_reports_database(client):
    assert client.get("/api/v1/health").json() == {"status": "ok", "database": True}


def test_api_docs_are_served_without_any_other_host(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn.jsdelivr" not in html and "https://" not in html.split("<body")[0]


@pytest.mark.parametrize(
    "path", ["/staff/audit/?action=x%00", "/staff/people/?q=%00", "/search/?q=a%00b"]
)
def test_a_nul_character_in_the_query_is_dropped(client, organizer, path):
    # PostgreSQL cannot take one: the staff lists used to fail with a server error.
    signed_in(client, organizer)
    response = client.get(path)
    assert response.status_code == 200
    assert all("\x00" not in value for value in response.wsgi_request.GET.values())


def test_a_nul_character_in_a_form_changes_nothing(client, member):
    signed_in(client, member)
    name = member.display_name
    response = client.post(
        reverse("accounts:profile"), {"display_name": "نجمة\x00", "preferred_language": "en"}
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.display_name == name and member.preferred_language == "ar"
