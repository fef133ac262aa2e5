"""Every run of an importer is recorded (``ImportRun``): the file's name and SHA-256, who
ran it, when, whether it was a dry run, and its summary or how many errors refused it."""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone

from jisr.core.models import ImportRun
from jisr.core.services import import_run_record

from .errors import ImportFailed


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
