"""Every run of an importer is recorded (``ImportRun``): the file's name and SHA-256, who
ran it, when, whether it was a dry run, and its summary or how many errors refused it."""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core.models import ImportRun
from jisr.core.services import import_run_record

from .errors import ImportFailed

# What each kind of ImportRun holds ("parliament.votes": “Votes”), for the list of runs.
RUN_KINDS: dict[str, Promise | str] = {}


class HashingReader:
    """A binary stream that adds up the SHA-256 of what is read from it."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data

    def hexdigest(self) -> str:
        """The whole file's hash: what the import did not read is read now."""
        while self.read(1 << 20):
            pass
        return self.sha256.hexdigest()


@dataclass
class Run:
    """What the import fills in while it runs: its summary (JSON-ready)."""

    summary: dict = field(default_factory=dict)


@contextmanager
def recorded(kind: str, *, actor, dry_run: bool, data=None, file_name: str = "", refused=()):
    """Record the run of the ``with`` block, which sets ``run.summary``. ``data`` is the
    file's bytes, or a HashingReader the import reads it from. A refusal (ImportFailed, or
    one of ``refused``) is recorded with the number of its errors, then raised again."""
    started = timezone.now()
    run = Run()
    outcome = ImportRun.Outcome.CHECKED if dry_run else ImportRun.Outcome.APPLIED
    try:
        yield run
    except (ImportFailed, *refused) as failure:
        outcome = ImportRun.Outcome.REFUSED
        run.summary = {"errors": len(failure.errors) + getattr(failure, "more", 0)}
        raise
    finally:
        if outcome == ImportRun.Outcome.REFUSED or run.summary:
            import_run_record(
                actor=actor,
                kind=kind,
                file_name=file_name,
                file_sha256=_digest(data),
                started_at=started,
                dry_run=dry_run,
                outcome=outcome,
                summary=run.summary,
            )


def _digest(data) -> str:
    if data is None:
        return ""
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    return data.hexdigest()


def describe(run: ImportRun) -> dict:
    """What the list of runs shows of one: its kind in words, and what it did."""
    summary = run.summary or {}
    if "errors" in summary:
        count = summary["errors"]
        result = ngettext("%(count)d error", "%(count)d errors", count) % {"count": count}
    elif "rows" in summary:
        rows = ngettext("%(count)d row", "%(count)d rows", summary["rows"]) % {
            "count": summary["rows"]
        }
        changes = sum(n for key, n in summary.get("counts", {}).items() if key != "unchanged")
        result = _changes(rows, changes)
    else:  # Popolo: created, updated and unchanged per kind of record
        counts = summary.get("counts", {}).values()
        records = sum(sum(c.values()) for c in counts)
        changes = sum(c.get("created", 0) + c.get("updated", 0) for c in counts)
        result = _changes(
            ngettext("%(count)d record", "%(count)d records", records) % {"count": records},
            changes,
        )
    return {"run": run, "kind": RUN_KINDS.get(run.kind, run.kind), "result": result}


def _changes(read: str, changes: int) -> str:
    return _("%(read)s; %(changes)s") % {
        "read": read,
        "changes": ngettext("%(count)d change", "%(count)d changes", changes) % {"count": changes},
    }
