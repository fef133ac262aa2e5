from django.core.management.base import BaseCommand

from jisr.reports import services


class Command(BaseCommand):
    help = (
        "Record a bounce reported by the mail server (for example from a bounce mailbox "
        "script): jisr manage reports_bounce ADDRESS --hard --code 550"
    )

    def add_arguments(self, parser):
        parser.add_argument("address")
        parser.add_argument("--hard", action="store_true", help="a permanent failure (5xx)")
        parser.add_argument("--code", default="", help="the SMTP reply code")

    def handle(self, *args, address, hard, code, **options):
        count = services.bounce_record_for_address(email=address, hard=hard, code=code)
        self.stdout.write(f"bounces recorded: {count}")
