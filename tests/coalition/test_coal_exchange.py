"""The resource exchange: delegates post and close their own organization's listings
(acting rules); the public sees listings of public organizations only, never a delegate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jisr.coalition.models import DelegateRole, ListingStatus, ResourceListing
from jisr.coalition.services import resources

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .coal_factories import ListingFactory
from .factories import DelegateFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_delegate_posts_for_their_organization_and_both_are_recorded():
    delegate = DelegateFactory()
    listing = resources.listing_post(
        delegate=delegate, kind="need", category="translation", title="  مترجم  "
    )
    assert (listing.organization, listing.delegate, listing.title) == (
        delegate.organization,
        delegate,
        "مترجم",
    )


@pytest.mark.parametrize(
    "delegate",
    [
        lambda: DelegateFactory(role=DelegateRole.OBSERVER),
        lambda: DelegateFactory(user=UserFactory()),
        lambda: DelegateFactory(organization=OrganizationFactory(status="pending")),
    ],
    ids=["observer", "no_two_factor", "unverified"],
)
def test_observers_unverified_and_no_two_factor_cannot_post(delegate):
    with pytest.raises(ValidationError):
        resources.listing_post(delegate=delegate(), kind="offer", category="venue", title="قاعة")
    assert not ResourceListing.objects.exists()


def test_bad_input_is_refused_and_changes_nothing():
    delegate = DelegateFactory()
    with pytest.raises(ValidationError):
        resources.listing_post(delegate=delegate, kind="gift", category="venue", title="قاعة")
    with pytest.raises(ValidationError):
        resources.listing_post(
            delegate=delegate,
            kind="offer",
            category="venue",
            title="قاعة",
            until=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert not ResourceListing.objects.exists()


def test_only_a_delegate_of_its_organization_closes_a_listing():
    listing = ListingFactory()
    with pytest.raises(ValidationError) as refused:
        resources.listing_close(delegate=DelegateFactory(), listing=listing)
    assert refused.value.code == "not_delegate"
    colleague = DelegateFactory(organization=listing.organization, role=DelegateRole.ALTERNATE)
    resources.listing_close(delegate=colleague, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED
    with pytest.raises(ValidationError):
        resources.listing_close(delegate=colleague, listing=listing)


def test_closing_through_the_page_is_refused_to_another_organizations_delegate(client):
    listing = ListingFactory()
    signed_in(client, DelegateFactory().user)
    assert client.post(reverse("coalition:resource_close", args=[listing.pk])).status_code == 403
    listing.refresh_from_db()
    assert listing.status == ListingStatus.OPEN


def test_posting_through_the_page(client):
    delegate = DelegateFactory()
    signed_in(client, delegate.user)
    url = reverse("coalition:resource_new")
    data = {
        "organization": delegate.organization_id,
        "kind": "offer",
        "category": "printing",
        "title": "طباعة منشورات",
        "details": "",
        "city": "لندن",
        "until": "",
    }
    assert client.post(url, data).status_code == 302
    listing = ResourceListing.objects.get()
    assert listing.delegate == delegate
    # A member with no mandate never reaches the page.
    signed_in(client, UserFactory())
    assert client.get(url).status_code == 403


def test_another_organization_cannot_be_chosen_on_the_page(client):
    delegate = DelegateFactory()
    other = OrganizationFactory()
    signed_in(client, delegate.user)
    data = {"organization": other.pk, "kind": "offer", "category": "venue", "title": "قاعة"}
    response = client.post(reverse("coalition:resource_new"), data)
    assert response.status_code == 200  # the form refuses the choice
    assert not ResourceListing.objects.exists()


def _exchange_world():
    public = ListingFactory(title="قاعة علنية", kind="offer")
    need = ListingFactory(title="حاجة علنية", kind="need")
    hidden = ListingFactory(
        title="حاجة سرية",
        delegate=DelegateFactory(organization=OrganizationFactory(visibility="members")),
    )
    ListingFactory(title="مغلق", status=ListingStatus.CLOSED)
    ListingFactory(title="انتهى", until=timezone.localdate() - datetime.timedelta(days=1))
    return public, need, hidden


def test_visitors_see_open_listings_of_public_organizations_only(client, django_assert_num_queries):
    public, _need, hidden = _exchange_world()
    with django_assert_num_queries(1):
        page = client.get(reverse("coalition:exchange")).content.decode()
    assert "قاعة علنية" in page and "حاجة علنية" in page
    for absent in ("حاجة سرية", "مغلق", "انتهى", hidden.organization.name):
        assert absent not in page
    assert public.delegate.user.display_name not in page


def test_the_exchange_costs_the_same_with_more_listings(client, assert_flat_queries):
    _exchange_world()
    assert_flat_queries(1, lambda: client.get(reverse("coalition:exchange")), ListingFactory)


def test_the_api_answers_public_open_listings_without_delegates(client):
    public, _need, _hidden = _exchange_world()
    body = client.get("/api/v1/coalition/exchange").json()
    assert sorted(row["title"] for row in body["items"]) == sorted(["قاعة علنية", "حاجة علنية"])
    assert "delegate" not in body["items"][0]
    assert public.delegate.user.email not in str(body)


def test_the_delegates_pages_make_a_fixed_number_of_queries(client, django_assert_num_queries):
    from jisr.coalition.models import CoalitionMembership

    from .coal_factories import CohostFactory
    from .factories import MembershipFactory

    delegate = DelegateFactory()
    membership: CoalitionMembership = MembershipFactory(organization=delegate.organization)
    signed_in(client, delegate.user)

    def grow():
        ListingFactory(delegate=delegate)
        CohostFactory(organization=delegate.organization)

    grow()
    pages = {
        "coalition:resource_new": ((), PINS["resource_new"]),
        "coalition:calendar_mine": ((), PINS["calendar_mine"]),
        "coalition:coalition_membership_edit": ((membership.pk,), PINS["membership_edit"]),
    }
    for name, (args, queries) in pages.items():
        for _ in range(2):  # the same with more listings and invitations
            with django_assert_num_queries(queries):
                assert client.get(reverse(name, args=args)).status_code == 200
            grow()


# The session and its user, the user's mandates (twice: the decorator, then the view), the
# roles (the header), and what the page reads.
PINS = {"resource_new": 7, "calendar_mine": 8, "membership_edit": 7}
