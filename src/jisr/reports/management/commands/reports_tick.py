from django.core.management.base import BaseCommand

from jisr.reports import digests, services


class Command(BaseCommand):
    help = (
        "Plan the digests whose period has ended, queue again what a stopped worker left, "
        "and purge subscriptions left unconfirmed for 7 days. Run it every few minutes "
        "(cron); the worker (jisr worker) does the sending."
    )

    def handle(self, *args, **options):
        runs = digests.plan()
        recovered = digests.recover()
        purged = services.purge_unconfirmed()
        digests.prune()
        self.stdout.write(
            f"digests planned: {len(runs)}; runs rebuilt: {recovered['runs']}; "
            f"batches queued again: {recovered['batches']}; unconfirmed purged: {purged}"
        )
