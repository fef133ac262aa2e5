from django.core.management.base import BaseCommand

from jisr.treasury.services.bank import bank_payers_shred


class Command(BaseCommand):
    help = (
        "Erase the payer names of bank lines settled more than JISR_TREASURY_PAYER_NAME_DAYS "
        "ago (the worker's clock runs this daily)."
    )

    def handle(self, *args, **options):
        count = bank_payers_shred()
        self.stdout.write(f"{count} payer name(s) erased.")
