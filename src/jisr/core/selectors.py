from datetime import UTC

from .auditchain import ChainReport, verify_chain
from .models import AuditEntry, AuditHead


def audit_entries_in_order():
    fields = ("seq", "created_at", "actor_ref", "action", "object_type", "object_id", "data")
    for row in (
        AuditEntry.objects.order_by("seq")
        .values(*fields, "prev_hash", "hash")
        .iterator(chunk_size=2000)
    ):
        row["created_at"] = row["created_at"].astimezone(UTC).isoformat()
        yield row


def audit_verify() -> ChainReport:
    """Recompute the whole audit chain and report its first broken link."""
    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return verify_chain(audit_entries_in_order(), expected_head=head)


def audit_recent(*, object_type: str = "", action: str = ""):
    entries = AuditEntry.objects.all()
    if object_type:
        entries = entries.filter(object_type=object_type)
    if action:
        entries = entries.filter(action=action)
    return entries


def import_runs():
    """The imports run, latest first, with who ran them."""
    from .models import ImportRun

    return ImportRun.objects.select_related("user")
