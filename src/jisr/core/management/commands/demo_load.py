from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the fictional demo data of every app (safe to run again)."

    def handle(self, *args, **options):
        # Each app contributes through AppConfig.load_demo(stdout), lower apps first.
        with transaction.atomic():
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo", None)
                if loader is not None:
                    loader(self.stdout)
