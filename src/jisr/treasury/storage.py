"""Private files (expense receipts): stored outside MEDIA_ROOT and served by no URL; only
the treasury's staff views hand them out."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.JISR_PRIVATE_ROOT, base_url=None)
