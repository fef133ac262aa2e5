from django.core.management.base import BaseCommand

from jisr.campaigns.services.channels import channel_posts_run


class Command(BaseCommand):
    help = (
        "Send the Telegram channel's posts that are due (retries after a fault or a rate "
        "limit, claims of a stopped worker), and put in doubt the posts whose worker stopped "
        "after the request may have reached Telegram. Run every minute."
    )

    def handle(self, *args, **options):
        outcomes = channel_posts_run()
        summary = ", ".join(f"{what}: {count}" for what, count in sorted(outcomes.items()))
        self.stdout.write(f"Telegram channel posts: {summary or 'nothing due'}.")
