import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.exceptions import ValidationError
from django.urls import URLPattern, reverse

from jisr.accounts import services, staff_urls
from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry

from ..conftest import assert_error_page, signed_in, with_mfa
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def staff_url(pattern, person_pk=1):
    kwargs = {"pk": person_pk} if "<int:pk>" in str(pattern.pattern) else {}
    return reverse(f"staff:{pattern.name}", kwargs=kwargs)


def _every_route(resolver=None, prefix=""):
    """Every route of the site, with its full path, from the whole URL resolver."""
    from django.urls import URLResolver, get_resolver

    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _every_route(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_page_under_staff_is_guarded_by_a_role_check():
    """Walks the whole URL resolver, not one urls module: a staff page added by any app
    without staff_required (role and two-factor) or office_required fails here."""
    staff = [(path, p) for path, p in _every_route() if path.startswith("staff/")]
    assert len(staff) > 40
    guards = ("staff_roles", "office_roles")
    unguarded = [path for path, p in staff if not any(getattr(p.callback, g, None) for g in guards)]
    assert not unguarded, unguarded


@pytest.mark.parametrize("pattern", STAFF_PAGES, ids=lambda p: p.name)
def test_staff_pages_send_visitors_to_sign_in(client, pattern):
    response = client.get(staff_url(pattern))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("pattern", STAFF_PAGES, ids=lambda p: p.name)
def test_staff_pages_refuse_members_and_volunteers(client, pattern):
    signed_in(client, UserFactory(roles=[Role.VOLUNTEER, Role.REPRESENTATIVE_OFFICE]))
    method = client.post if pattern.name == "audit_log_verify" else client.get
    audit = AuditEntry.objects.count()
    assert_error_page(method(staff_url(pattern)), 403)
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize("pattern", STAFF_PAGES, ids=lambda p: p.name)
def test_organizers_without_two_factor_are_sent_to_set_it_up(client, pattern):
    organizer = UserFactory(roles=[Role.ORGANIZER])
    signed_in(client, organizer)
    method = client.post if pattern.name == "audit_log_verify" else client.get
    response = method(staff_url(pattern, organizer.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_organizers_with_two_factor_use_every_staff_page(
    client, organizer, django_assert_num_queries
):
    signed_in(client, organizer)
    pages = {}
    # The home counts what waits for an organizer: proposals, events to close, share kit
    # posts to review, Telegram posts to check, pledges to rate and to agree, organizations
    # waiting for verification.
    for name, queries in (("dashboard", 16), ("audit_log", 6), ("people", 8)):
        with django_assert_num_queries(queries, info=name):
            pages[name] = client.get(reverse(f"staff:{name}"))
        assert pages[name].status_code == 200, name
    assert pages["dashboard"].context["organizer"] is True
    assert dict(pages["dashboard"].context["role_counts"])[Role.ORGANIZER.label] == 1
    assert reverse("staff:audit_log_verify") in pages["audit_log"].content.decode()
    assert list(pages["people"].context["page_obj"]) == [organizer]
    assert reverse("staff:person_roles", args=[organizer.pk]) in pages["people"].content.decode()
    roles = client.get(reverse("staff:person_roles", args=[organizer.pk]))
    assert roles.context["person"] == organizer and Role.ORGANIZER in roles.context["roles"]
    verified = client.post(reverse("staff:audit_log_verify"), follow=True)
    assert verified.redirect_chain[-1][0] == reverse("staff:audit_log")
    assert [m.level_tag for m in verified.context["messages"]] == ["success"]


def test_moderators_see_the_overview_but_not_the_organizer_pages(client, moderator):
    signed_in(client, moderator)
    overview = client.get(reverse("staff:dashboard"))
    assert overview.status_code == 200 and overview.context["organizer"] is False
    assert "role_counts" not in overview.context and "recent" not in overview.context
    html = overview.content.decode()
    assert reverse("staff:people") not in html and reverse("staff:audit_log") not in html
    assert_error_page(client.get(reverse("staff:people")), 403)
    assert_error_page(client.get(reverse("staff:audit_log")), 403)


def test_people_list_query_count_does_not_grow_with_people(client, organizer, assert_flat_queries):
    signed_in(client, organizer)
    url = reverse("staff:people")
    before, after = assert_flat_queries(
        8, lambda: client.get(url), lambda: UserFactory.create_batch(30)
    )
    assert before.context["page_obj"].paginator.count == 1
    assert after.context["page_obj"].paginator.count == 31


def test_granting_and_revoking_roles_is_audited(client, organizer):
    person = UserFactory()
    signed_in(client, organizer)
    url = reverse("staff:person_roles", args=[person.pk])
    client.post(url, {"role": Role.MODERATOR, "action": "grant"})
    assert person.groups.filter(name=Role.MODERATOR).exists()
    client.post(url, {"role": Role.MODERATOR, "action": "revoke"})
    assert not person.groups.filter(name=Role.MODERATOR).exists()
    entries = list(AuditEntry.objects.filter(object_id=str(person.pk)).order_by("seq"))
    assert [(e.action, e.data) for e in entries[-2:]] == [
        ("role.granted", {"role": "moderator"}),
        ("role.revoked", {"role": "moderator"}),
    ]
    assert entries[-1].actor_ref == f"user:{organizer.audit_ref}"


def test_an_unknown_role_changes_nothing(client, organizer):
    person = UserFactory()
    signed_in(client, organizer)
    response = client.post(reverse("staff:person_roles", args=[person.pk]), {"role": "superhero"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert list(person.groups.values_list("name", flat=True)) == [Role.MEMBER]


def test_the_last_organizer_cannot_be_removed(organizer):
    with pytest.raises(ValidationError):
        services.role_revoke(actor=organizer, user=organizer, role=Role.ORGANIZER)
    assert organizer.groups.filter(name=Role.ORGANIZER).exists()


def test_staff_cannot_switch_off_two_factor(client, organizer):
    signed_in(client, organizer)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=organizer, type="totp").exists()


def test_two_factor_codes_typed_in_arabic_indic_digits_are_accepted(client):
    organizer = UserFactory(email="org@example.org", roles=[Role.ORGANIZER])
    client.post(reverse("account_login"), {"login": "org@example.org", "password": PASSWORD})
    # Setting up two-factor asks for the password again first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    arabic_code = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.post(reverse("mfa_activate_totp"), {"code": arabic_code})
    assert response.status_code == 302, response.context["form"].errors
    assert Authenticator.objects.filter(user=organizer, type="totp").exists()
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_the_technical_admin_needs_two_factor_too(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    signed_in(client, admin_user)
    response = client.get("/admin/", follow=True)
    assert any(url.startswith(reverse("mfa_activate_totp")) for url, _ in response.redirect_chain)
    with_mfa(admin_user)
    # Enrolled, but this session never entered a code: it is asked for one.
    response = client.get("/admin/", follow=True)
    assert any(url.startswith(reverse("mfa_reauthenticate")) for url, _ in response.redirect_chain)
    signed_in(client, admin_user)  # signed in again, with the authenticator's code
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_expired_or_forged_sessions_just_ask_to_sign_in_again(client, member):
    client.cookies["sessionid"] = "forged-or-expired-session-key"
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("accounts:language"), {"language": "en"}).status_code == 302


def test_the_technical_admin_reads_domain_records_but_cannot_bypass_the_services(client):
    """A save in /admin/ would skip the services: no audit entry, no search index, no
    folded name, a display name not carried to the proposals, a role ending no session."""
    from django.contrib import admin

    from jisr.parliament.models import Person

    superuser = with_mfa(UserFactory(is_staff=True, is_superuser=True))
    signed_in(client, superuser)
    person = Person.objects.create(name="نائب للمراجعة")
    member = UserFactory(display_name="اسم قديم")
    assert client.get(f"/admin/parliament/person/{person.pk}/change/").status_code == 200
    response = client.post(f"/admin/parliament/person/{person.pk}/change/", {"name": "جديد"})
    assert response.status_code == 403
    assert client.get("/admin/parliament/person/add/").status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert (
        client.post(f"/admin/accounts/user/{member.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    person.refresh_from_db()
    assert person.name == "نائب للمراجعة"
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"parliament", "elections", "proposals", "reports"}:
            assert not model_admin.has_change_permission(None), model
