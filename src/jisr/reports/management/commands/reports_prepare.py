from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jisr.parliament.models import Person
from jisr.reports import selectors, services
from jisr.reports.models import MonthlyReport


class Command(BaseCommand):
    help = (
        "Create the draft reports of a month (by default the previous one): one for the "
        "organization, and one per representative with --people. Organizers then add the "
        "introduction and publish them from /staff/reports/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: the previous month)")
        parser.add_argument("--people", action="store_true", help="also one per representative")

    def handle(self, *args, month=None, people=False, **options):
        if month:
            try:
                year, number = (int(part) for part in month.split("-"))
                start, end = selectors.month_range(year, number)
            except ValueError as error:
                raise CommandError("--month must look like 2026-10") from error
        else:
            first = timezone.localdate().replace(day=1)
            before = first - timedelta(days=1)
            start, end = selectors.month_range(before.year, before.month)
        subjects: list[Person | None] = [None]
        if people:
            subjects += list(
                Person.objects.filter(votes__vote_event__date__range=(start, end)).distinct()
            )
        created = 0
        for person in subjects:
            if MonthlyReport.objects.filter(
                person=person, period_start=start, period_end=end
            ).exists():
                continue
            services.report_create(actor="system:reports", person=person, start=start, end=end)
            created += 1
        self.stdout.write(f"draft reports created for {start:%Y-%m}: {created}")
