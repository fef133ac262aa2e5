"""jisr manage proposals_remind [--now]: remind organizers of proposals needing follow-up.

Run it once a day from cron or a systemd timer (docs/proposals.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core import queue
from jisr.proposals import tasks


class Command(BaseCommand):
    help = (
        "Queue the reminder that tells every organizer which proposals have had no update "
        "for JISR_FOLLOW_UP_DAYS days. Run it daily; the worker sends the reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="remind at once instead of through the worker"
        )

    def handle(self, *args, now: bool, **options):
        if now:
            count = tasks.remind_follow_ups.call()
            self.stdout.write(
                ngettext(
                    "%(count)d proposal needs follow-up; the organizers were reminded.",
                    "%(count)d proposals need follow-up; the organizers were reminded.",
                    count,
                )
                % {"count": count}
            )
            return
        queue.enqueue(tasks.remind_follow_ups)
        self.stdout.write(
            _("The follow-up reminder is queued (proposals without an update for %(days)d days).")
            % {"days": settings.JISR_FOLLOW_UP_DAYS}
        )
