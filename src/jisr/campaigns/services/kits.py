"""The share kits' writes: a kit for a subject, its prepared posts, their safety review,
publishing, and the short link's counter.

A post may name people or places at home (relatives live where militias punish political
activity), so nothing is published before an organizer other than its author has reviewed
it against a short checklist; every change to its text sends it back to review.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..kit_selectors import subject_path
from ..models import SHORT_CODE_ALPHABET, Kit, KitItem, KitPlatform, ShortLink
from .channels import channel_post_kit

SHORT_CODE_LENGTH = 6
SUBJECT_FIELDS = ("treasury_campaign", "event", "proposal", "report")
CHECKLIST = (
    "checked_no_one_at_risk",
    "checked_no_place_at_home",
    "checked_no_face_without_consent",
)


def _new_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def short_link_create(*, target: str) -> ShortLink:
    """A new short link to ``target``, a path on this site; in the caller's transaction."""
    if not target.startswith("/") or target.startswith("//"):
        raise ValueError("a short link points to a path on this site")
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return ShortLink.objects.create(code=_new_code(), target=target)
        except IntegrityError:  # the code was taken: draw another
            continue
    raise RuntimeError("no free short code after 10 draws")


def short_link_follow(code: str) -> str | None:
    """Count one use of the short link and return where it leads (None: no such code).

    The count is one atomic UPDATE (``clicks + 1``), so parallel requests never lose one;
    nothing about the request is read or kept. Not an entry service: it writes no audit
    entry (a click is not an action of a person the log could name) and runs in
    autocommit, one statement.
    """
    updated = ShortLink.objects.filter(code=code).update(clicks=F("clicks") + 1)
    if not updated:
        return None
    return ShortLink.objects.values_list("target", flat=True).get(code=code)


def _subject(subject_kwargs: dict) -> tuple[str, object]:
    given = [(name, value) for name, value in subject_kwargs.items() if value is not None]
    if len(given) != 1 or given[0][0] not in SUBJECT_FIELDS:
        raise ValidationError(_("Choose exactly one subject for the kit."), code="subject")
    return given[0]


@entry_service
def kit_create(
    *,
    actor: User | str,
    title: str,
    title_en: str = "",
    treasury_campaign=None,
    event=None,
    proposal=None,
    report=None,
) -> Kit:
    """Create the share kit of one subject (a subject has at most one), with its short link."""
    field, subject = _subject(
        {
            "treasury_campaign": treasury_campaign,
            "event": event,
            "proposal": proposal,
            "report": report,
        }
    )
    if Kit.objects.filter(**{field: subject}).exists():
        raise ValidationError(_("This subject already has a share kit."), code="exists")
    kit = Kit.objects.create(
        title=title.strip(),
        title_en=title_en.strip(),
        created_by=actor if isinstance(actor, User) else None,
        **{field: subject},
    )
    kit.short_link = short_link_create(target=subject_path(kit))
    kit.save(update_fields=["short_link"])
    audit_append(actor=actor, action=Action.KIT_CREATED, target=kit, data={"subject": field})
    return kit


@entry_service
def kit_update(*, actor: User, kit: Kit, title: str, title_en: str = "") -> Kit:
    kit.title, kit.title_en = title.strip(), title_en.strip()
    kit.save(update_fields=["title", "title_en", "updated_at"])
    audit_append(actor=actor, action=Action.KIT_UPDATED, target=kit)
    return kit


def _check_item(platform: str, subject: str, text: str) -> None:
    if platform not in KitPlatform.values:
        raise ValidationError(_("Choose a platform."), code="platform")
    if not text.strip():
        raise ValidationError(_("Write the text of the post."), code="text")
    if platform == KitPlatform.EMAIL and not subject.strip():
        raise ValidationError(_("An e-mail needs a subject."), code="subject")


@entry_service
def kit_item_add(
    *, actor: User | str, kit: Kit, platform: str, language: str, text: str, subject: str = ""
) -> KitItem:
    """Add a prepared post; it waits for its safety review."""
    _check_item(platform, subject, text)
    if kit.items.filter(platform=platform, language=language).exists():
        raise ValidationError(
            _("This kit already has a post for this platform in this language."), code="exists"
        )
    item = KitItem.objects.create(
        kit=kit,
        platform=platform,
        language=language,
        text=text.strip(),
        subject=subject.strip() if platform == KitPlatform.EMAIL else "",
        author=actor if isinstance(actor, User) else None,
    )
    audit_append(
        actor=actor,
        action=Action.KIT_ITEM_ADDED,
        target=item,
        data={"kit": kit.pk, "platform": platform, "language": language},
    )
    return item


@entry_service
def kit_item_update(*, actor: User, item: KitItem, text: str, subject: str = "") -> KitItem:
    """Change a post's text: whoever changes it becomes its author, and it goes back to
    review (and off the public page) unless nothing changed."""
    _check_item(item.platform, subject, text)
    text = text.strip()
    subject = subject.strip() if item.platform == KitPlatform.EMAIL else ""
    if (text, subject) == (item.text, item.subject):
        return item
    was_published = item.is_published
    item.text, item.subject, item.author = text, subject, actor
    item.reviewed_by, item.reviewed_at, item.published_at = None, None, None
    for check in CHECKLIST:
        setattr(item, check, False)
    item.save()
    audit_append(
        actor=actor,
        action=Action.KIT_ITEM_UPDATED,
        target=item,
        data={"kit": item.kit_id, "withdrawn": was_published},
    )
    return item


@entry_service
def kit_item_review(
    *,
    actor: User,
    item: KitItem,
    no_one_at_risk: bool,
    no_place_at_home: bool,
    no_face_without_consent: bool,
) -> KitItem:
    """Record the safety review of a post: by an organizer who is not its author, with
    every point of the checklist confirmed."""
    if item.author_id is not None and item.author_id == actor.pk:
        raise ValidationError(
            _("Another organizer must review this post: you wrote it."), code="own"
        )
    if not (no_one_at_risk and no_place_at_home and no_face_without_consent):
        raise ValidationError(
            _("Confirm every point of the checklist, or change the text first."),
            code="checklist",
        )
    item.reviewed_by, item.reviewed_at = actor, timezone.now()
    for check in CHECKLIST:
        setattr(item, check, True)
    item.save(update_fields=["reviewed_by", "reviewed_at", *CHECKLIST])
    audit_append(
        actor=actor, action=Action.KIT_ITEM_REVIEWED, target=item, data={"kit": item.kit_id}
    )
    return item


def _refuse_unreviewed(items: list[KitItem]) -> None:
    waiting = [item for item in items if not item.is_reviewed]
    if waiting:
        raise ValidationError(
            _("A post is published only after its safety review by another organizer."),
            code="unreviewed",
        )


@entry_service
def kit_item_publish(*, actor: User, item: KitItem) -> KitItem:
    """Publish one reviewed post (refused without its review)."""
    _refuse_unreviewed([item])
    if not item.is_published:
        item.published_at = timezone.now()
        item.save(update_fields=["published_at"])
        audit_append(actor=actor, action=Action.KIT_PUBLISHED, target=item.kit, data={"items": 1})
        channel_post_kit(actor=actor, kit=item.kit)
    return item


@entry_service
def kit_publish(*, actor: User, kit: Kit) -> list[KitItem]:
    """Publish every post of the kit that is not yet public; refused whole if one of them
    has not been reviewed."""
    items = list(kit.items.select_for_update().filter(published_at=None))
    if not items:
        raise ValidationError(_("Every post of this kit is already published."), code="none")
    _refuse_unreviewed(items)
    now = timezone.now()
    for item in items:
        item.published_at = now
    KitItem.objects.bulk_update(items, ["published_at"])
    audit_append(actor=actor, action=Action.KIT_PUBLISHED, target=kit, data={"items": len(items)})
    channel_post_kit(actor=actor, kit=kit)
    return items


@entry_service
def kit_item_unpublish(*, actor: User, item: KitItem) -> KitItem:
    if item.is_published:
        item.published_at = None
        item.save(update_fields=["published_at"])
        audit_append(actor=actor, action=Action.KIT_UNPUBLISHED, target=item.kit, data={"items": 1})
    return item


@entry_service
def kit_unpublish(*, actor: User, kit: Kit) -> int:
    """Take every post of the kit off the public page (their reviews stay)."""
    count = kit.items.exclude(published_at=None).update(published_at=None)
    if count:
        audit_append(actor=actor, action=Action.KIT_UNPUBLISHED, target=kit, data={"items": count})
    return count


__all__ = [
    "CHECKLIST",
    "kit_create",
    "kit_item_add",
    "kit_item_publish",
    "kit_item_review",
    "kit_item_unpublish",
    "kit_item_update",
    "kit_publish",
    "kit_unpublish",
    "kit_update",
    "short_link_create",
    "short_link_follow",
]
