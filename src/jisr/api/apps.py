from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jisr.api"
    label = "api"
    verbose_name = "API"

    def load_demo(self, stdout):
        """The demo's open-data dump (the last app's hook: every other app's data is in),
        so the download page has a dump to offer before the first night."""
        from .opendata import write_dump

        folder = write_dump()
        stdout.write(f"Open-data dump of the demo written to {folder}.\n")
