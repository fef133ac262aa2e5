from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "jisr.search"
    label = "search"
    verbose_name = _("Search")

    def load_demo(self, stdout):
        """Index a demo database loaded before search existed; a new one is indexed as its
        records are written."""
        from .models import SearchDocument
        from .services import rebuild

        if not SearchDocument.objects.exists():
            indexed = sum(rebuild.within().values())
            if indexed:
                stdout.write(f"Search: {indexed} documents indexed.")
