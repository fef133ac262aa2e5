import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from jisr.core.models import AppendOnlyError, AuditEntry
from jisr.core.selectors import audit_verify
from jisr.core.services import audit_append

pytestmark = pytest.mark.django_db


def test_entries_hold_references_and_chain(member):
    first = audit_append(
        actor=member, action="role.granted", target=member, data={"role": "volunteer"}
    )
    second = audit_append(actor=None, action="subscription.purged")
    assert first.actor_ref == f"user:{member.audit_ref}"
    assert first.object_type == "accounts.user"
    assert first.object_id == str(member.pk)
    assert second.prev_hash == first.hash
    assert second.actor_ref == "system"
    # No personal value of the member appears anywhere in the entry.
    stored = " ".join(str(v) for v in AuditEntry.objects.values().get(pk=first.pk).values())
    assert member.email not in stored
    assert member.display_name not in stored


def test_entries_cannot_be_changed_or_deleted_through_the_orm(member):
    entry = audit_append(actor=member, action="account.created", target=member)
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def _tamper(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_verify_command_passes_on_an_intact_log(member, capsys):
    for n in range(5):
        audit_append(actor=member, action="account.profile_updated", target=member, data={"n": n})
    call_command("audit_verify")
    assert "intact: " in capsys.readouterr().out


def test_audit_verify_command_names_the_first_broken_link(member):
    entries = [audit_append(actor=member, action="role.granted", target=member) for _ in range(4)]
    table = AuditEntry._meta.db_table
    _tamper(f"UPDATE {table} SET action = %s WHERE seq = %s", "role.revoked", entries[1].seq)
    with pytest.raises(CommandError, match=f"entry #{entries[1].seq}: the entry was changed"):
        call_command("audit_verify")


def test_a_deleted_last_entry_is_detected(member):
    entries = [audit_append(actor=member, action="role.granted", target=member) for _ in range(3)]
    _tamper(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = %s", entries[-1].seq)
    assert audit_verify().broken is not None


def test_audit_verify_exits_non_zero_from_the_shell(member):
    from jisr.cli import main

    audit_append(actor=member, action="role.granted", target=member)
    _tamper(f"UPDATE {AuditEntry._meta.db_table} SET object_id = %s", "999")
    with pytest.raises(SystemExit) as exit_info:
        main(["manage", "audit_verify"])
    assert exit_info.value.code != 0


def test_a_long_job_appends_its_entries_at_its_end_in_order(member):
    """Inside a batch nothing touches the log's head (which every audited write on the
    site needs): the entries are chained when the job ends, in the order written."""
    from django.db import transaction

    from jisr.core.models import AuditHead
    from jisr.core.services import audit_batch

    audit_append(actor=member, action="role.granted", target=member)
    before = AuditHead.objects.get().seq
    with transaction.atomic(), audit_batch():
        for action in ("account.created", "account.profile_updated", "role.revoked"):
            assert audit_append(actor=member, action=action, target=member) is None
        assert AuditHead.objects.get().seq == before  # not taken while the job runs
        assert AuditEntry.objects.count() == 1
    entries = list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in entries] == [
        "account.created",
        "account.profile_updated",
        "role.revoked",
    ]
    assert audit_verify().broken is None


def test_a_job_that_fails_leaves_no_entry(member):
    from django.db import transaction

    from jisr.core.services import audit_batch

    with pytest.raises(RuntimeError), transaction.atomic(), audit_batch():
        audit_append(actor=member, action="account.created", target=member)
        raise RuntimeError
    assert not AuditEntry.objects.exists()
    assert audit_verify().broken is None
