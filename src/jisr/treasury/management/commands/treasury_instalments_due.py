from django.core.management.base import BaseCommand

from jisr.treasury.services.cash import instalments_fall_due


class Command(BaseCommand):
    help = (
        "Create the pending contribution, with its reference code, of every pledge instalment "
        "and month of dues that has fallen due (once: running it again creates nothing)."
    )

    def handle(self, *args, **options):
        count = instalments_fall_due()
        self.stdout.write(f"{count} instalment(s) fell due.")
