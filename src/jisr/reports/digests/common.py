"""What every part of the digests shares: settings and limits."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Lines per followed thing in one digest; the rest are a link away.
SECTION_ITEMS = 20
DELIVERY_CHUNK = 2000


def setting(name: str):
    return getattr(settings, name)


def _tasks():
    from .. import tasks  # the tasks import the digests: imported when first needed

    return tasks
