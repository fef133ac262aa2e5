"""jisr manage campaigns_waitlist_expire: withdraw the places offered and not accepted in
time, and offer them to the next people waiting.

``jisr worker --clock`` runs it every few minutes (docs/campaigns.md, "Events")."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from jisr.campaigns.services.events import registration_offers_expire


class Command(BaseCommand):
    help = (
        "Withdraw the places offered from a waiting list and not accepted in time, and offer "
        "them to the next people waiting. Run it every few minutes."
    )

    def handle(self, *args, **options):
        count = registration_offers_expire()
        self.stdout.write(
            ngettext("%(count)d offer lapsed.", "%(count)d offers lapsed.", count)
            % {"count": count}
        )
