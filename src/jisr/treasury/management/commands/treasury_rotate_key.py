from django.core.management.base import BaseCommand

from jisr.treasury.services import treasury_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every donor identity and payee with the first key of JISR_TREASURY_KEY "
        "(docs/treasury.md, 'Rotating the key'). Safe to run twice."
    )

    def handle(self, *args, **options):
        count = treasury_keys_rotate()
        self.stdout.write(f"{count} value(s) re-encrypted with the newest key.")
