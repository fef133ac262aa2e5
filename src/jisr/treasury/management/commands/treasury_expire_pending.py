from django.core.management.base import BaseCommand

from jisr.treasury.services import contributions_expire


class Command(BaseCommand):
    help = (
        "Expire the bank transfers announced and not received within JISR_TREASURY_PENDING_DAYS "
        "(they stay on the treasurer's list, marked expired, and can still be marked as paid)."
    )

    def handle(self, *args, **options):
        count = contributions_expire()
        self.stdout.write(f"{count} pending contribution(s) expired.")
