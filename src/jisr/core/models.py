from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One link of the append-only, hash-chained audit log.

    It stores references (an actor's opaque audit reference, an object's type and id),
    never personal values, so erasing a person leaves nothing of them here.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor_ref = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_ref"]),
            models.Index(fields=["action"]),
        ]

    def __str__(self):
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")


class AuditHead(models.Model):
    """The single row that records the log's last entry.

    Appending locks it, which serializes writers across processes, and verification
    compares it with the chain to detect entries cut off the end.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self):
        return f"head #{self.seq}"


class ImportRun(models.Model):
    """One run of an importer, on the site or from the command line (Democracy Club records
    a DataEvent per import): what file, by whom, when, and what it did or why it was
    refused. Erasing the person who ran it keeps the run and forgets who it was."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Imported")
        CHECKED = "checked", _("Checked, nothing written")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("kind"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_command_line = models.BooleanField(default=False)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    dry_run = models.BooleanField(_("dry run"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["-started_at"])]

    def __str__(self):
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"
