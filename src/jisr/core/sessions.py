"""Sessions read from the shared cache and written through to the database (Django's
``cached_db``), that live through a Redis restart: while the cache cannot be reached they
are read from, and deleted in, the database alone, and nobody is signed out.

(Django's own ``cached_db`` falls back to the database on a failed read, then fails on
putting the session back in the cache; and a sign-out would fail on the cache's delete.)
"""

import logging

from django.contrib.sessions.backends import cached_db

from .outages import CACHE_DOWN

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_DOWN:
            logger.warning("Sessions' cache unreachable: read from the database", exc_info=True)
            stored = self._get_session_from_db()  # type: ignore[attr-defined]  # db's helper
            return self.decode(stored.session_data) if stored else {}

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except CACHE_DOWN:
            return super(cached_db.SessionStore, self).exists(session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except CACHE_DOWN:
            # Deleted in the database already. The cache holds nothing after a restart
            # (Redis keeps no copy on disk here: docs/deployment.md).
            logger.warning("Sessions' cache unreachable: deleted in the database", exc_info=True)
