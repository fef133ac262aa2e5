from django.core.management.base import BaseCommand

from jisr.reports import services


class Command(BaseCommand):
    help = "Delete e-mail subscriptions that were not confirmed within 7 days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.CONFIRM_DAYS)

    def handle(self, *args, days, **options):
        count = services.purge_unconfirmed(days=days)
        self.stdout.write(f"unconfirmed subscriptions deleted: {count}")
