"""Close the joint statements whose signing window has ended (the clock runs it hourly):
published when the latest version has its threshold of organizations, otherwise closed as
"did not reach the threshold"."""

from django.core.management.base import BaseCommand

from jisr.coalition.services.statements import statements_close_due


class Command(BaseCommand):
    help = "Publish or close the joint statements whose signing window has ended."

    def handle(self, *args, **options):
        counts = statements_close_due()
        self.stdout.write(
            f"statements published: {counts['published']}, "
            f"closed below the threshold: {counts['not_reached']}"
        )
