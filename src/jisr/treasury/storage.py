"""Private files (expense receipts): stored outside MEDIA_ROOT and served by no URL; only
the treasury's staff views hand them out."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """``JISR_PRIVATE_ROOT``, read when used (so a test or an operator can move it)."""

    @property
    def base_location(self):
        return settings.JISR_PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
