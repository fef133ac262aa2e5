"""The share kits' staff pages: an organizer makes a kit from the list's subject picker,
adds posts; another organizer reviews them; publishing follows. Members are refused."""

import pytest
from django.test import Client
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.accounts.staff_navigation import waiting_for
from jisr.campaigns.models import Kit, KitItem

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from ..treasury.factories import CampaignFactory
from .kit_helpers import kit_with_posts, organizer

pytestmark = pytest.mark.django_db


def english(user) -> Client:
    user.preferred_language = "en"
    user.save()
    return signed_in(Client(), user)


def test_a_kit_is_made_reviewed_and_published_through_the_staff_pages():
    campaign = CampaignFactory(is_public=True, title_en="Books for schools")
    author, reviewer = organizer(), organizer()
    writer, checker = english(author), english(reviewer)
    listing = writer.get(reverse("campaigns_staff:kits")).content.decode()
    assert f'value="treasury_campaign:{campaign.pk}"' in listing  # the subject picker
    response = writer.post(
        reverse("campaigns_staff:kit_new"),
        {"subject": f"treasury_campaign:{campaign.pk}", "title": "شاركوا", "title_en": "Share"},
    )
    kit = Kit.objects.get(treasury_campaign=campaign)
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/campaigns/share/{kit.pk}/"
    )
    writer.post(
        reverse("campaigns_staff:kit_item_new", args=[kit.pk]),
        {"platform": "whatsapp", "language": "ar", "text": "ساهموا معنا"},
    )
    item = KitItem.objects.get(kit=kit)
    assert item.author == author and not item.is_reviewed
    # The author cannot review it; the page says so and offers no checklist.
    page = writer.get(reverse("campaigns_staff:kit_item", args=[item.pk])).content.decode()
    assert "another organizer must review it" in page and 'name="review"' not in page
    refused = writer.post(
        reverse("campaigns_staff:kit_item", args=[item.pk]),
        {
            "review": "1",
            "no_one_at_risk": "on",
            "no_place_at_home": "on",
            "no_face_without_consent": "on",
        },
    )
    assert refused.status_code == 200 and "you wrote it" in refused.content.decode()
    # Publishing before the review is refused.
    writer.post(reverse("campaigns_staff:kit_item_publish", args=[item.pk]))
    assert not KitItem.objects.get(pk=item.pk).is_published
    # A partial checklist is not a review.
    partial = checker.post(
        reverse("campaigns_staff:kit_item", args=[item.pk]), {"review": "1", "no_one_at_risk": "on"}
    )
    assert partial.status_code == 200 and not KitItem.objects.get(pk=item.pk).is_reviewed
    checker.post(
        reverse("campaigns_staff:kit_item", args=[item.pk]),
        {
            "review": "1",
            "no_one_at_risk": "on",
            "no_place_at_home": "on",
            "no_face_without_consent": "on",
        },
    )
    item.refresh_from_db()
    assert item.reviewed_by == reviewer
    writer.post(reverse("campaigns_staff:kit_publish", args=[kit.pk]))
    assert KitItem.objects.get(pk=item.pk).is_published
    assert Client().get(reverse("campaigns:kit", args=[kit.pk])).status_code == 200
    # Withdrawing the whole kit takes it off the public page.
    writer.post(reverse("campaigns_staff:kit_unpublish", args=[kit.pk]))
    assert Client().get(reverse("campaigns:kit", args=[kit.pk])).status_code == 404


def test_editing_a_published_post_sends_it_back_to_review():
    author, reviewer = organizer(), organizer()
    _kit, items = kit_with_posts(author, reviewer)
    client = english(author)
    client.post(reverse("campaigns_staff:kit_item", args=[items[0].pk]), {"text": "نص آخر"})
    item = KitItem.objects.get(pk=items[0].pk)
    assert item.text == "نص آخر" and not item.is_reviewed and not item.is_published


def test_the_staff_menu_counts_the_posts_waiting_for_review():
    author, reviewer = organizer(), organizer()
    kit_with_posts(author, reviewer, publish=False)
    kit, _items = kit_with_posts(author, reviewer, publish=False)
    from jisr.campaigns.services import kits as services

    services.kit_item_add(actor=author, kit=kit, platform="whatsapp", language="en", text="x")
    services.kit_item_add(actor=author, kit=kit, platform="telegram", language="en", text="y")
    reviewer.preferred_language = "en"
    texts = [entry["text"] for entry in waiting_for(reviewer)]
    assert "2 share kit posts wait for their safety review" in texts


@pytest.mark.parametrize("role", [None, Role.MODERATOR, Role.TREASURER])
def test_only_organizers_open_the_kits_pages(role):
    user = with_mfa(UserFactory(roles=[role] if role else []))
    client = signed_in(Client(), user)
    assert client.get(reverse("campaigns_staff:kits")).status_code == 403
    kit, _items = kit_with_posts(organizer(), organizer(), publish=False)
    assert client.post(reverse("campaigns_staff:kit_publish", args=[kit.pk])).status_code == 403
    assert not KitItem.objects.exclude(published_at=None).exists()


def test_the_kits_list_costs_the_same_with_more_kits(assert_flat_queries):
    author, reviewer = organizer(), organizer()
    kit_with_posts(author, reviewer)
    client = english(author)
    url = reverse("campaigns_staff:kits")
    # Session, user, roles, two-factor; the four kinds of subject without a kit; the kits;
    # the menu's count.
    before, after = assert_flat_queries(
        10,
        lambda: client.get(url),
        lambda: [kit_with_posts(author, reviewer, publish=False) for _ in range(3)],
    )
    assert len(after.context["kits"]) == len(before.context["kits"]) + 3
