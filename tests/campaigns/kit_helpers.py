"""Shared set-up for the share kits' tests: a published kit for a fundraising campaign."""

from jisr.accounts.roles import Role
from jisr.campaigns.services import kits as services

from ..accounts.factories import UserFactory
from ..conftest import with_mfa
from ..treasury.factories import CampaignFactory

CHECKED = {"no_one_at_risk": True, "no_place_at_home": True, "no_face_without_consent": True}


def organizer():
    return with_mfa(UserFactory(roles=[Role.ORGANIZER]))


def kit_with_posts(author, reviewer, *, posts=None, publish=True, campaign=None):
    campaign = campaign or CampaignFactory(is_public=True)
    kit = services.kit_create(
        actor=author,
        title="شاركوا الحملة",
        title_en="Share the campaign",
        treasury_campaign=campaign,
    )
    posts = posts or [
        ("whatsapp", "ar", "", "ساهموا في حملة الجالية."),
        ("telegram", "ar", "", "حملة الجالية: الحسابات منشورة."),
        ("facebook", "en", "", "Support our community's campaign."),
        ("x", "en", "", "Support the campaign & share it: 100% public accounts?"),
        ("email", "en", "Our campaign", "Hello,\nplease support our campaign."),
    ]
    items = []
    for platform, language, subject, text in posts:
        item = services.kit_item_add(
            actor=author, kit=kit, platform=platform, language=language, text=text, subject=subject
        )
        items.append(services.kit_item_review(actor=reviewer, item=item, **CHECKED))
    if publish:
        services.kit_publish(actor=reviewer, kit=kit)
    return kit, items
