"""The share kits' rules: a post is public only after a safety review by an organizer who
did not write it; changing its text sends it back; a kit has exactly one subject."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from jisr.campaigns.models import Kit, KitItem
from jisr.campaigns.services import kits as services
from jisr.core.models import AuditEntry

from ..treasury.factories import CampaignFactory
from .kit_helpers import CHECKED, kit_with_posts, organizer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages are read in English here (the site's default is Arabic)."""
    with translation.override("en"):
        yield


def test_publishing_is_refused_until_another_organizer_reviewed_the_post():
    author, reviewer = organizer(), organizer()
    kit, _items = kit_with_posts(author, reviewer, publish=False)
    item = services.kit_item_add(
        actor=author, kit=kit, platform="whatsapp", language="en", text="Give today."
    )
    with pytest.raises(ValidationError, match="safety review"):
        services.kit_item_publish(actor=reviewer, item=item)
    with pytest.raises(ValidationError, match="safety review"):
        services.kit_publish(actor=reviewer, kit=kit)  # refused whole
    assert not KitItem.objects.exclude(published_at=None).exists()
    with pytest.raises(ValidationError, match="you wrote it"):
        services.kit_item_review(actor=author, item=item, **CHECKED)
    with pytest.raises(ValidationError, match="checklist"):
        services.kit_item_review(
            actor=reviewer, item=item, **{**CHECKED, "no_place_at_home": False}
        )
    item.refresh_from_db()
    assert item.reviewed_at is None
    services.kit_item_review(actor=reviewer, item=item, **CHECKED)
    published = services.kit_publish(actor=author, kit=kit)
    assert len(published) == 6
    item.refresh_from_db()
    assert item.reviewed_by == reviewer and item.is_published
    assert item.checked_no_one_at_risk and item.checked_no_face_without_consent


def test_the_database_refuses_a_published_post_without_its_review():
    _kit, items = kit_with_posts(organizer(), organizer(), publish=False)
    item = items[0]
    item.reviewed_at = None
    item.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        KitItem.objects.filter(pk=item.pk).update(published_at=item.created_at)


def test_changing_the_text_withdraws_the_post_until_it_is_reviewed_again():
    author, reviewer = organizer(), organizer()
    _kit, items = kit_with_posts(author, reviewer)
    item = items[0]
    services.kit_item_update(actor=reviewer, item=item, text="نص جديد")
    item.refresh_from_db()
    assert (item.reviewed_at, item.published_at, item.author) == (None, None, reviewer)
    assert not item.checked_no_one_at_risk
    # The one who changed it is now its author: the first author reviews it.
    with pytest.raises(ValidationError):
        services.kit_item_review(actor=reviewer, item=item, **CHECKED)
    services.kit_item_review(actor=author, item=item, **CHECKED)
    services.kit_item_publish(actor=author, item=item)
    assert KitItem.objects.get(pk=item.pk).is_published


def test_an_unchanged_text_keeps_its_review():
    author, reviewer = organizer(), organizer()
    _kit, items = kit_with_posts(author, reviewer)
    services.kit_item_update(actor=author, item=items[0], text=items[0].text + "  ")
    assert KitItem.objects.get(pk=items[0].pk).is_published


def test_unpublishing_keeps_the_reviews():
    author, reviewer = organizer(), organizer()
    kit, _items = kit_with_posts(author, reviewer)
    assert services.kit_unpublish(actor=author, kit=kit) == 5
    assert not kit.items.exclude(published_at=None).exists()
    assert not kit.items.filter(reviewed_at=None).exists()


def test_a_kit_has_exactly_one_subject():
    campaign = CampaignFactory()
    with pytest.raises(ValidationError):
        services.kit_create(actor=organizer(), title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kit.objects.create(title="none")
    kit = services.kit_create(actor=organizer(), title="x", treasury_campaign=campaign)
    with pytest.raises(ValidationError, match="already"):
        services.kit_create(actor=organizer(), title="y", treasury_campaign=campaign)
    assert kit.subject == campaign and kit.short_link is not None
    assert kit.short_link.target == f"/treasury/{campaign.pk}/"


def test_an_email_post_needs_a_subject_and_one_post_per_platform_and_language():
    kit, _items = kit_with_posts(organizer(), organizer(), publish=False)
    with pytest.raises(ValidationError, match="subject"):
        services.kit_item_add(actor=organizer(), kit=kit, platform="email", language="ar", text="x")
    with pytest.raises(ValidationError, match="already"):
        services.kit_item_add(
            actor=organizer(), kit=kit, platform="whatsapp", language="ar", text="x"
        )


def test_every_step_is_audited_without_the_texts():
    author, reviewer = organizer(), organizer()
    kit, items = kit_with_posts(author, reviewer)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("kit.created") == 1
    assert actions.count("kit_item.added") == 5
    assert actions.count("kit_item.reviewed") == 5
    assert actions.count("kit.published") == 1
    for entry in AuditEntry.objects.filter(action__startswith="kit"):
        flat = str(entry.data)
        assert not any(item.text in flat for item in items)
        assert kit.title not in flat
