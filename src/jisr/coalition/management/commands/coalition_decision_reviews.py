"""jisr manage coalition_decision_reviews: remind of coalition decisions whose review date
has come.

Run it daily (the worker's clock does, see src/jisr/cli.py); each outcome's reminder goes
once, to the organizers and the member organizations' primary delegates."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from jisr.coalition.services.decisions import decision_send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail the organizers and the member organizations' primary delegates about each "
        "coalition decision whose review date has come, once per decision."
    )

    def handle(self, *args, **options):
        count = decision_send_review_reminders(actor="system:decision_reviews")
        self.stdout.write(
            ngettext(
                "%(count)d decision's review reminder sent.",
                "%(count)d decisions' review reminders sent.",
                count,
            )
            % {"count": count}
        )
