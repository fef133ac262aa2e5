"""jisr manage campaigns_outreach_reminders: e-mail members on their asks' reminder dates.

Run it daily (the worker's clock does, see src/jisr/cli.py); running it again the same day
sends nothing more."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from jisr.campaigns.services.outreach import outreach_send_reminders

SEND_FROM_HOUR = 9


class Command(BaseCommand):
    help = (
        "E-mail each member who took up an open outreach ask on the ask's reminder dates, "
        "once per member and date. Only members are written to, never the people they reach."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--any-hour",
            action="store_true",
            help=f"send now even before {SEND_FROM_HOUR}:00 (local time)",
        )

    def handle(self, *args, any_hour: bool = False, **options):
        # The clock runs this hourly: nobody gets a reminder in the middle of the night.
        if not any_hour and timezone.localtime().hour < SEND_FROM_HOUR:
            self.stdout.write(f"Reminders are sent from {SEND_FROM_HOUR}:00 (local time).")
            return
        count = outreach_send_reminders(actor="system:outreach_reminders")
        self.stdout.write(
            ngettext(
                "%(count)d outreach reminder sent.", "%(count)d outreach reminders sent.", count
            )
            % {"count": count}
        )
