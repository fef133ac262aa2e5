from datetime import UTC

from django.db import models, transaction
from django.utils import timezone

from .audit_actions import Action
from .auditchain import GENESIS_HASH, entry_hash
from .models import AuditEntry, AuditHead

SYSTEM_ACTOR = "system"
ANONYMOUS_ACTOR = "anonymous"
# For what a member does that says where they stand (supporting, reporting): the log keeps
# that it happened, never which account did it (the rows themselves say so while the
# account exists, and go with it). An account's reference would tie the erased author of
# a proposal to every proposal they supported or reported.
MEMBER_ACTOR = "member"


def actor_ref_for(actor) -> str:
    """Return the opaque reference the audit log stores for an actor.

    Users carry a random ``audit_ref``; once a user is erased, nothing resolves it.
    """
    if actor is None:
        return SYSTEM_ACTOR
    if isinstance(actor, str):
        return actor
    if not getattr(actor, "is_authenticated", False):
        return ANONYMOUS_ACTOR
    return f"user:{actor.audit_ref}"


@transaction.atomic
def audit_append(
    *,
    actor,
    action: Action,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, in the caller's transaction.

    ``data`` holds non-personal facts only (a status, a role name), never names or e-mails.
    ``action`` is a member of the fixed registry ``core.audit_actions.Action``.
    """
    action = Action(action)  # an unknown code is a ValueError, never a new word in the log
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    now = timezone.now().astimezone(UTC)
    fields = {
        "seq": head.seq + 1,
        "created_at": now.isoformat(),
        "actor_ref": actor_ref_for(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "data": data or {},
    }
    digest = entry_hash(head.hash, fields)
    entry = AuditEntry.objects.create(
        **{**fields, "created_at": now}, prev_hash=head.hash, hash=digest
    )
    head.seq, head.hash = entry.seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry
