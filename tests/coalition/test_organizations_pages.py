"""The organizations' pages, API, search and home card: who sees which organization, its
delegates and its members; registering, managing, vouching and verifying through pages."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.coalition.hooks.organizations import home_blocks, landing_section
from jisr.coalition.models import (
    Delegate,
    Organization,
    OrganizationStatus,
    OrganizationVisibility,
)
from jisr.search.models import SearchDocument

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from .factories import CoalitionFactory, DelegateFactory, MembershipFactory, OrganizationFactory
from .organization_factories import AffiliationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("coalition:list")


def _detail(organization):
    return reverse("coalition:organization_detail", args=[organization.pk])


def _english(client):
    client.cookies["jisr_language"] = "en"
    return client


def _world():
    return {
        "public": OrganizationFactory(name="نادي عام"),
        "members": OrganizationFactory(
            name="رابطة صغيرة", visibility=OrganizationVisibility.MEMBERS
        ),
        "pending": OrganizationFactory(name="إذاعة تنتظر", status=OrganizationStatus.PENDING),
        "rejected": OrganizationFactory(name="جمعية مرفوضة", status=OrganizationStatus.REJECTED),
    }


# --- the directory ----------------------------------------------------------------------------


def test_visitors_see_public_verified_organizations_only(client):
    _world()
    page = client.get(LIST).content.decode()
    assert "نادي عام" in page
    for hidden in ("رابطة صغيرة", "إذاعة تنتظر", "جمعية مرفوضة"):
        assert hidden not in page


@pytest.mark.usefixtures("english")
def test_signed_in_members_also_see_members_only_organizations_marked_as_such(client):
    _world()
    page = _english(signed_in(client, UserFactory())).get(LIST).content.decode()
    assert "Listed for members only" in page  # the members-only league, marked as such
    assert "إذاعة تنتظر" not in page and "جمعية مرفوضة" not in page


def test_the_directory_filters_by_kind_and_city(client):
    OrganizationFactory(name="نادي مالمو", kind="club", city="مالمو")
    OrganizationFactory(name="اتحاد لندن", kind="union", city="لندن")
    OrganizationFactory(name="اتحاد مالمو", kind="union", city="مالمو")
    page = client.get(LIST, {"kind": "union", "city": "مالمو"}).content.decode()
    assert "اتحاد مالمو" in page
    assert "نادي مالمو" not in page and "اتحاد لندن" not in page


def test_the_directory_costs_the_same_with_more_organizations(assert_flat_queries):
    OrganizationFactory.create_batch(3)
    request = RequestFactory().get(LIST)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    def fetch():
        section = landing_section(request)
        return render_to_string(section.template, {"data": section.context}, request)

    _before, after = assert_flat_queries(
        3, fetch, lambda: OrganizationFactory.create_batch(40, city="غوتنبرغ")
    )
    assert "غوتنبرغ" in after and 'rel="next"' in after  # a second page


# --- an organization's page -------------------------------------------------------------------


def test_members_only_pending_and_rejected_pages_are_404_for_visitors(client):
    world = _world()
    assert client.get(_detail(world["public"])).status_code == 200
    for name in ("members", "pending", "rejected"):
        assert client.get(_detail(world[name])).status_code == 404, name
    signed_in(client, UserFactory())
    assert client.get(_detail(world["members"])).status_code == 200
    for name in ("pending", "rejected"):
        assert client.get(_detail(world[name])).status_code == 404, name
    signed_in(client, DelegateFactory(role="observer").user)  # no organization that vouches
    assert client.get(_detail(world["pending"])).status_code == 404
    signed_in(client, DelegateFactory().user)  # may vouch for a pending one, never a rejected
    assert client.get(_detail(world["pending"])).status_code == 200
    assert client.get(_detail(world["rejected"])).status_code == 404


def test_its_own_delegates_and_organizers_see_a_pending_organization(client, organizer):
    delegate = DelegateFactory(organization=OrganizationFactory(status=OrganizationStatus.PENDING))
    signed_in(client, delegate.user)
    assert client.get(_detail(delegate.organization)).status_code == 200
    signed_in(client, organizer)
    assert client.get(_detail(delegate.organization)).status_code == 200


def test_the_public_never_sees_its_delegates(client, organizer):
    delegate = DelegateFactory(user=with_mfa(UserFactory(display_name="مندوبة سرية")))
    url = _detail(delegate.organization)
    assert "مندوبة سرية" not in client.get(url).content.decode()
    signed_in(client, UserFactory())
    assert "مندوبة سرية" not in client.get(url).content.decode()
    signed_in(client, DelegateFactory().user)  # another organization's delegate
    assert "مندوبة سرية" not in client.get(url).content.decode()
    signed_in(client, delegate.user)
    assert "مندوبة سرية" in client.get(url).content.decode()
    signed_in(client, organizer)
    assert "مندوبة سرية" in client.get(url).content.decode()


def test_the_page_shows_its_profile_in_the_page_language_and_its_coalitions(
    client, django_assert_num_queries
):
    organization = OrganizationFactory(
        name_en="Bridge Club", about="عن النادي", about_en="", website="https://club.example"
    )
    MembershipFactory(organization=organization, coalition=CoalitionFactory(name_en="Unity"))
    with django_assert_num_queries(2):
        page = _english(client).get(_detail(organization)).content.decode()
    assert "Bridge Club" in page and "Unity" in page
    assert "عن النادي" in page  # no English text: the Arabic one
    assert "https://club.example" in page and "Verified on" in page


# --- members who opt in -----------------------------------------------------------------------


def test_a_member_declares_membership_and_opts_in_from_the_page(client):
    organization = OrganizationFactory()
    member = UserFactory()
    signed_in(client, member)
    url = reverse("coalition:organization_affiliate", args=[organization.pk])
    client.post(url, {"member": "1"})
    assert organization.affiliations.get(user=member).share_contact is False
    client.post(url, {"member": "1", "share_contact": "1"})
    assert organization.affiliations.get(user=member).share_contact is True
    client.post(url, {"member": "0"})
    assert not organization.affiliations.exists()


def test_no_organization_reads_or_exports_another_organizations_members(client):
    ours, theirs = DelegateFactory(), DelegateFactory()
    AffiliationFactory(organization=theirs.organization, user__email="their@example.org")
    signed_in(client, ours.user)
    other = theirs.organization.pk
    assert client.get(reverse("coalition:organization_members", args=[other])).status_code == 403
    response = client.post(reverse("coalition:organization_members_csv", args=[other]))
    assert response.status_code == 403
    assert b"their@example.org" not in response.content


def test_the_delegates_export_only_their_members_who_opted_in(client):
    delegate = DelegateFactory()
    AffiliationFactory(organization=delegate.organization, user__email="shares@example.org")
    AffiliationFactory(
        organization=delegate.organization, user__email="private@example.org", share_contact=False
    )
    signed_in(client, delegate.user)
    pk = delegate.organization.pk
    page = client.get(reverse("coalition:organization_members", args=[pk])).content.decode()
    assert "shares@example.org" in page and "private@example.org" not in page
    csv = client.post(reverse("coalition:organization_members_csv", args=[pk])).content
    assert b"shares@example.org" in csv and b"private@example.org" not in csv


def test_an_observer_does_not_see_the_members(client):
    observer = DelegateFactory(role="observer")
    AffiliationFactory(organization=observer.organization)
    signed_in(client, observer.user)
    url = reverse("coalition:organization_members", args=[observer.organization.pk])
    assert client.get(url).status_code == 403


# --- registering and "my organizations" -------------------------------------------------------


def test_a_member_registers_an_organization_and_becomes_its_primary_delegate(client):
    register = reverse("coalition:organization_register")
    assert client.get(register).status_code == 302  # to sign in
    member = UserFactory()
    signed_in(client, member)
    response = client.post(
        register,
        {
            "name": "جمعية جديدة",
            "name_en": "New association",
            "kind": "association",
            "city": "أوسلو",
            "country": "النرويج",
            "visibility": "public",
        },
    )
    organization = Organization.objects.get(name="جمعية جديدة")
    assert response.status_code == 302
    assert organization.status == OrganizationStatus.PENDING
    assert Delegate.objects.get(organization=organization).user == member
    response = client.post(register, {"name": "", "kind": "nothing"})
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.usefixtures("english")
def test_my_organizations_warns_a_delegate_without_two_factor(client):
    delegate = DelegateFactory(user=UserFactory(), organization__status="rejected")
    delegate.organization.status_reason = "لا دليل على وجودها"
    delegate.organization.save()
    page = (
        _english(signed_in(client, delegate.user))
        .get(reverse("coalition:organization_mine"))
        .content.decode()
    )
    assert "two-factor authentication" in page and reverse("mfa_activate_totp") in page
    assert "لا دليل على وجودها" in page
    # The management pages send them to set it up first.
    edit = reverse("coalition:organization_edit", args=[delegate.organization.pk])
    assert client.get(edit)["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.usefixtures("english")
def test_the_primary_appoints_by_email_and_is_told_when_there_is_no_account(client):
    primary = DelegateFactory()
    person = UserFactory(email="alt@example.org")
    signed_in(client, primary.user)
    url = reverse("coalition:organization_appoint", args=[primary.organization.pk])
    response = _english(client).post(
        url, {"email": "ghost@example.org", "role": "alternate"}, follow=True
    )
    assert "No account uses this e-mail address" in response.content.decode()
    client.post(url, {"email": "alt@example.org", "role": "alternate"})
    mandate = Delegate.objects.get(user=person)
    assert mandate.role == "alternate"
    end = reverse("coalition:organization_mandate_end", args=[mandate.pk])
    client.post(end)
    mandate.refresh_from_db()
    assert mandate.ends_on is not None


def test_an_alternate_cannot_appoint_or_edit(client):
    alternate = DelegateFactory(role="alternate")
    signed_in(client, alternate.user)
    pk = alternate.organization.pk
    edit = reverse("coalition:organization_edit", args=[pk])
    assert client.get(edit).status_code == 403
    appoint = reverse("coalition:organization_appoint", args=[pk])
    response = client.post(appoint, {"email": UserFactory().email, "role": "observer"})
    assert response.status_code == 403
    assert Delegate.objects.count() == 1


def test_vouching_from_the_page_of_a_pending_organization(client):
    pending = OrganizationFactory(status=OrganizationStatus.PENDING)
    voucher = DelegateFactory()
    signed_in(client, voucher.user)
    page = client.get(_detail(pending)).content.decode()
    assert reverse("coalition:organization_vouch", args=[pending.pk]) in page
    client.post(
        reverse("coalition:organization_vouch", args=[pending.pk]), {"delegate": voucher.pk}
    )
    assert pending.vouches.get().delegate == voucher
    other = DelegateFactory()  # someone else's mandate cannot be used
    response = client.post(
        reverse("coalition:organization_vouch", args=[pending.pk]), {"delegate": other.pk}
    )
    assert response.status_code == 403
    assert pending.vouches.count() == 1


# --- organizers: verification -----------------------------------------------------------------


def test_only_organizers_open_the_queue(client, organizer):
    pending = OrganizationFactory(name="منظمة للتحقق", status=OrganizationStatus.PENDING)
    queue = reverse("coalition_staff:organization_queue")
    signed_in(client, UserFactory())
    assert client.get(queue).status_code == 403
    signed_in(client, organizer)
    assert "منظمة للتحقق" in client.get(queue).content.decode()
    review = reverse("coalition_staff:organization_review", args=[pending.pk])
    assert client.get(review).status_code == 200


@pytest.mark.usefixtures("english")
def test_an_organizer_records_evidence_then_verifies(client, organizer):
    pending = OrganizationFactory(status=OrganizationStatus.PENDING)
    signed_in(client, organizer)
    _english(client)
    verify = reverse("coalition_staff:organization_verify", args=[pending.pk])
    response = client.post(verify, follow=True)
    assert "Record at least one piece of evidence first" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == OrganizationStatus.PENDING
    evidence = reverse("coalition_staff:organization_evidence", args=[pending.pk])
    assert client.post(evidence, {"kind": "certificate", "note": ""}).status_code == 400
    client.post(evidence, {"kind": "met", "note": "التقيت بهم", "url": ""})
    assert pending.evidence.count() == 1
    client.post(verify)
    pending.refresh_from_db()
    assert pending.status == OrganizationStatus.VERIFIED


def test_an_organizer_rejects_with_a_reason(client, organizer):
    pending = OrganizationFactory(status=OrganizationStatus.PENDING)
    signed_in(client, organizer)
    reject = reverse("coalition_staff:organization_reject", args=[pending.pk])
    assert client.post(reject, {"reason": ""}).status_code == 400
    client.post(reject, {"reason": "لا أثر لها"})
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason) == ("rejected", "لا أثر لها")


# --- API, search, home ------------------------------------------------------------------------


def test_the_api_lists_public_verified_organizations_without_people(client):
    world = _world()
    delegate = DelegateFactory(
        organization=world["public"], user=with_mfa(UserFactory(email="del@example.org"))
    )
    AffiliationFactory(organization=world["public"], user__email="mem@example.org")
    MembershipFactory(organization=world["public"])
    response = client.get("/api/v1/coalition/organizations")
    assert response.status_code == 200
    body = response.json()
    assert [o["id"] for o in body["items"]] == [world["public"].pk]
    assert body["count"] == 1 and len(body["items"][0]["coalitions"]) == 1
    text = response.content.decode()
    assert "del@example.org" not in text and "mem@example.org" not in text
    assert delegate.user.display_name not in text
    for name in ("members", "pending", "rejected"):
        detail = client.get(f"/api/v1/coalition/organizations/{world[name].pk}")
        assert detail.status_code == 404, name
    assert client.get(f"/api/v1/coalition/organizations/{world['public'].pk}").status_code == 200


def test_search_holds_public_verified_organizations_only():
    world = _world()
    docs = SearchDocument.objects.filter(doc_type="organization")
    assert list(docs.values_list("object_id", flat=True)) == [world["public"].pk]
    public = world["public"]
    public.visibility = OrganizationVisibility.MEMBERS
    public.save()
    assert not docs.exists()


def test_the_home_card_counts_verified_organizations_and_coalitions(
    client, django_assert_num_queries
):
    _world()
    CoalitionFactory()
    request = RequestFactory().get("/")
    with django_assert_num_queries(2):
        (block,) = home_blocks(request)
    assert block.context == {"organizations": 1, "coalitions": 1}
    page = client.get(reverse("home")).content.decode()
    assert LIST in page


def test_the_staff_link_counts_the_organizations_waiting(organizer):
    from jisr.coalition.hooks.organizations import staff_links

    OrganizationFactory.create_batch(2, status=OrganizationStatus.PENDING)
    menu, waiting = staff_links()
    assert menu.menu and menu.count is None  # no query on every organizer's page
    assert not waiting.menu and waiting.count is not None
    assert waiting.count(organizer) == 2
    assert waiting.roles() == (Role.ORGANIZER,)
