from django.core.management.base import BaseCommand, CommandError

from jisr.core.selectors import audit_verify

REASONS = {
    "sequence": "an entry is missing or out of order",
    "previous_hash": "the entry does not point to the one before it",
    "hash": "the entry was changed after it was written",
}


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first broken link."

    def handle(self, *args, **options):
        report = audit_verify()
        if report.broken is not None:
            raise CommandError(
                f"Audit log broken at entry #{report.broken.seq}: {REASONS[report.broken.reason]}. "
                f"{report.entries} {'entry' if report.entries == 1 else 'entries'} read."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact: {report.entries} "
                f"{'entry' if report.entries == 1 else 'entries'}, last hash {report.last_hash}."
            )
        )
