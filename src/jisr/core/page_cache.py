"""A short-lived cache of whole public pages, for visitors who are not signed in.

On election night most readers are anonymous and read the same few pages. A visitor's
request that carries no session is answered from this cache, before sessions,
authentication or any database work; a cached page is at most PAGE_CACHE_SECONDS old.

When a page goes stale, one request rebuilds it while the others are still answered from
the old copy (for up to STALE_SECONDS more): otherwise every page expires at once in every
process and all their readers wait on the database together. Each copy's lifetime is
shortened by a random part of up to a quarter, so the pages do not fall due together. If a
rebuild fails (the database is down), readers keep the old copy instead of an error page.

A committed write (every entry service, ``core.transactions``) purges every page at once, on
every server: it bumps a generation number in the shared cache, and a copy built under an
older generation is stale (rebuilt by the next request, the others served the old copy
meanwhile). So a staff correction is seen by visitors within a second, not after
PAGE_CACHE_SECONDS. A copy younger than ``PURGE_GRACE`` seconds is kept through a purge, so
a stream of writes rebuilds each page at most a few times a second.

If the cache itself cannot be reached (Redis restarting), pages are served uncached.

What is never cached: anything for a request with a session (signed-in members and staff
always see live pages), the account, staff, admin and API areas, responses that set a
cookie, carry a CSRF token, are marked private or no-store, or are not a 200. The cache
key holds the language and the HTMX header, so each variant of a page is kept apart.
"""

import hashlib
import logging
import random
import time

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache import caches

from .middleware import LANGUAGE_CHOSEN_COOKIE, LANGUAGE_COOKIE, language_for
from .outages import CACHE_DOWN

logger = logging.getLogger(__name__)

PAGE_CACHE = "pages"
GENERATION_KEY = "pages:generation"  # in the default cache: shared by every process
PURGE_GRACE = 0.5
STALE_SECONDS = 60  # how long a stale copy may still be served while it is rebuilt
REBUILD_SECONDS = 10  # after this, another request may try a rebuild that has not finished
UNCACHED_PREFIXES = ("/accounts/", "/staff/", "/admin/", "/api/", "/health/")
# Cookies a visitor's page does not depend on (the language is part of the key).
NEUTRAL_COOKIES = {LANGUAGE_COOKIE, LANGUAGE_CHOSEN_COOKIE, settings.CSRF_COOKIE_NAME}


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(UNCACHED_PREFIXES)
        and set(request.COOKIES) <= NEUTRAL_COOKIES
    )


def _cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _key(request) -> str:
    variant = "|".join(
        (
            language_for(request),
            request.get_host(),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        )
    )
    return "page:" + hashlib.sha256(variant.encode()).hexdigest()


def generation() -> int:
    return shared_cache.get(GENERATION_KEY) or 0


def purge() -> None:
    """Make every cached page stale, on every server (after a committed write). A cache that
    cannot be reached is logged, never the writer's error: the write is committed."""
    try:
        shared_cache.add(GENERATION_KEY, 0, timeout=None)
        shared_cache.incr(GENERATION_KEY)
    except CACHE_DOWN:
        logger.warning("The page cache could not be purged", exc_info=True)


def _stale(entry, current: int) -> bool:
    fresh_until, built_at, built_generation, _response = entry
    now = time.time()
    return now >= fresh_until or (built_generation != current and now - built_at >= PURGE_GRACE)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[PAGE_CACHE]
        key = _key(request)
        try:
            current = generation()
            entry = cache.get(key)
            if entry is not None and (
                not _stale(entry, current) or not cache.add(key + ":rebuild", True, REBUILD_SECONDS)
            ):
                return entry[3]
        except CACHE_DOWN:
            logger.warning("The page cache is unreachable; serving without it", exc_info=True)
            return self.get_response(request)
        built_at = time.time()
        response = self.get_response(request)
        try:
            return _keep(request, response, key, (built_at, current), entry, seconds)
        except CACHE_DOWN:
            logger.warning("The page cache is unreachable; serving without it", exc_info=True)
            return response


def _keep(request, response, key: str, built: tuple[float, int], entry, seconds: int):
    """Store the rebuilt page and return what to serve: the old copy if the rebuild failed."""
    cache = caches[PAGE_CACHE]
    built_at, current = built
    if _cacheable_response(request, response):
        lifetime = seconds * random.uniform(0.75, 1)
        cache.set(key, (built_at + lifetime, built_at, current, response), seconds + STALE_SECONDS)
    elif entry is not None and response.status_code >= 500:
        # The rebuild failed; the lock stays, so others keep the old copy meanwhile.
        return entry[3]
    else:  # the page is gone, moved or now personal: forget the old copy
        cache.delete(key)
    cache.delete(key + ":rebuild")
    return response
