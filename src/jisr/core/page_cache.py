"""A short-lived cache of whole public pages, for visitors who are not signed in.

On election night most readers are anonymous and read the same few pages. A visitor's
request that carries no session is answered from this cache, before sessions,
authentication or any database work; a cached page is at most PAGE_CACHE_SECONDS old.

When a page goes stale, one request rebuilds it while the others are still answered from
the old copy (for up to STALE_SECONDS more): otherwise every page expires at once in every
process and all their readers wait on the database together. Each copy's lifetime is
shortened by a random part of up to a quarter, so the pages do not fall due together. If a
rebuild fails (the database is down), readers keep the old copy instead of an error page.

What is never cached: anything for a request with a session (signed-in members and staff
always see live pages), the account, staff, admin and API areas, responses that set a
cookie, carry a CSRF token, are marked private or no-store, or are not a 200. The cache
key holds the language and the HTMX header, so each variant of a page is kept apart.
"""

import hashlib
import random
import time

from django.conf import settings
from django.core.cache import caches

from .middleware import LANGUAGE_CHOSEN_COOKIE, LANGUAGE_COOKIE, language_for

PAGE_CACHE = "pages"
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


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[PAGE_CACHE]
        key = _key(request)
        fresh_until, stale = cache.get(key) or (0, None)
        if stale is not None and (
            time.time() < fresh_until or not cache.add(key + ":rebuild", True, REBUILD_SECONDS)
        ):
            return stale
        response = self.get_response(request)
        if _cacheable_response(request, response):
            lifetime = seconds * random.uniform(0.75, 1)
            cache.set(key, (time.time() + lifetime, response), seconds + STALE_SECONDS)
        elif stale is not None and response.status_code >= 500:
            # The rebuild failed; the lock stays, so others keep the old copy meanwhile.
            return stale
        else:  # the page is gone, moved or now personal: forget the old copy
            cache.delete(key)
        cache.delete(key + ":rebuild")
        return response
