import hashlib

from django.core.management.base import BaseCommand

from jisr.treasury.selectors import ledger_line, ledger_rows


class Command(BaseCommand):
    help = (
        "Print the SHA-256 of the ledger (or of one year, --year YYYY, one month, "
        "--month YYYY-MM, or one campaign and its parts, --campaign ID; --currency for a "
        "month's line), exactly as the transparency page computes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", default="")
        parser.add_argument("--year", type=int, help="one year's slice, as the annual export")
        parser.add_argument("--campaign", type=int)
        parser.add_argument("--currency", default="", help="with --month: the month's line in it")

    def handle(self, *args, month="", year=None, campaign=None, currency="", **options):
        from jisr.treasury.models import Campaign

        rows = ledger_rows()
        if year:
            rows = rows.filter(booked_on__year=year)
        if month:
            year, number = (int(part) for part in month.split("-"))
            rows = rows.filter(booked_on__year=year, booked_on__month=number)
        if currency:
            rows = rows.filter(currency=currency)
        if campaign:
            ids = [
                campaign,
                *Campaign.objects.filter(parent_id=campaign).values_list("pk", flat=True),
            ]
            rows = rows.filter(campaign_id__in=ids)
        digest = hashlib.sha256()
        count = 0
        for entry in rows.iterator():
            digest.update(ledger_line(entry).encode())
            count += 1
        self.stdout.write(f"{digest.hexdigest()}  ({count} entries)")
