from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC
from functools import wraps

from django.db import models, transaction
from django.utils import timezone

from .audit_actions import Action
from .auditchain import GENESIS_HASH, entry_hash
from .models import AuditEntry, AuditHead, ImportRun
from .transactions import EntryService, P, R, entry_service

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


# The entries of a long job (an import, a certification), held until its end: appending
# one takes the lock on the log's head, which would otherwise stay taken — and every audited
# write on the site wait — for the whole job.
_batch: ContextVar[list | None] = ContextVar("audit_batch", default=None)


@contextmanager
def audit_batch():
    """Inside, ``audit_append`` collects the entries; on leaving without an error they are
    appended together, in order, holding the head's lock only for that moment — still in
    the job's transaction, so they commit (or roll back) with what they record. Use it
    inside the job's ``transaction.atomic()``."""
    held: list[dict] = []
    token = _batch.set(held)
    try:
        yield
    finally:
        _batch.reset(token)
    if not transaction.get_rollback():  # a dry run: nothing of it will be kept
        _append(held)


def audit_batched(job: Callable[P, R]) -> EntryService[P, R]:
    """Make ``job`` an entry service whose audit entries are appended at its end
    (``audit_batch``): for services that write many audited rows."""

    @wraps(job)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with audit_batch():
            return job(*args, **kwargs)

    return entry_service(run)


@transaction.atomic
def audit_append(
    *,
    actor,
    action: Action,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    data: dict | None = None,
) -> AuditEntry | None:
    """Append one entry to the audit log, in the caller's transaction (inside
    ``audit_batch``, at the end of the batch, and return None).

    ``data`` holds non-personal facts only (a status, a role name), never names or e-mails.
    ``action`` is a member of the fixed registry ``core.audit_actions.Action``.
    """
    action = Action(action)  # an unknown code is a ValueError, never a new word in the log
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    fields = {
        "created_at": timezone.now().astimezone(UTC),
        "actor_ref": actor_ref_for(actor),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "data": data or {},
    }
    held = _batch.get()
    if held is not None:
        held.append(fields)
        return None
    return _append([fields])


def _append(entries: list[dict]) -> AuditEntry | None:
    """Chain the entries onto the log's head, under its lock."""
    if not entries:
        return None
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    rows = []
    seq, previous = head.seq, head.hash
    for fields in entries:
        seq += 1
        chained = {**fields, "seq": seq, "created_at": fields["created_at"].isoformat()}
        digest = entry_hash(previous, chained)
        rows.append(AuditEntry(**{**fields, "seq": seq}, prev_hash=previous, hash=digest))
        previous = digest
    AuditEntry.objects.bulk_create(rows)
    head.seq, head.hash = seq, previous
    head.save(update_fields=["seq", "hash"])
    return rows[-1]


def import_run_record(
    *,
    actor,
    kind: str,
    file_name: str,
    file_sha256: str,
    started_at,
    dry_run: bool,
    outcome: str,
    summary: dict,
) -> ImportRun:
    """Record one run of an importer, whatever became of it (not audited: it is a record
    of its own, and the changes it made are in the audit log)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ImportRun.objects.create(
        kind=kind,
        user=user,
        from_command_line=isinstance(actor, str),
        file_name=file_name[:200],
        file_sha256=file_sha256,
        started_at=started_at,
        finished_at=timezone.now(),
        dry_run=dry_run,
        outcome=outcome,
        summary=summary,
    )
