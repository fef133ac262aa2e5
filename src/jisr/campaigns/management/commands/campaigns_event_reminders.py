"""jisr manage campaigns_event_reminders: e-mail the reminders that are due.

``jisr worker --clock`` runs it every few minutes (docs/campaigns.md, "Events")."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from jisr.campaigns.services.events import event_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each registered member the reminder due for their timeslot (the day before, "
        "then two hours before), each exactly once. Run it every few minutes."
    )

    def handle(self, *args, **options):
        count = event_reminders_send()
        self.stdout.write(
            ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", count)
            % {"count": count}
        )
