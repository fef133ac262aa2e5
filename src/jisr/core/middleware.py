import json

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

# The reader's language lives in a cookie, not the session: a visitor's pages then need
# no session at all and can be served from the page cache (see page_cache.py).
LANGUAGE_COOKIE = "jisr_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# Set when a visitor who is not signed in switches the language: at sign-in that choice,
# the most recent one, replaces the profile's language instead of being replaced by it.
LANGUAGE_CHOSEN_COOKIE = "jisr_language_chosen"
SUPPORTED_LANGUAGES = {code for code, _ in settings.LANGUAGES}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def language_for(request) -> str:
    """Pick the page language: the member's profile, then the language cookie, then Arabic.

    The browser's Accept-Language is not consulted: Jisr opens in Arabic for everyone until
    they choose otherwise.
    """
    user = getattr(request, "user", None)
    if (
        user is not None
        and user.is_authenticated
        and user.preferred_language in SUPPORTED_LANGUAGES
    ):
        return user.preferred_language
    return cookie_language(request)


def cookie_language(request) -> str:
    chosen = request.COOKIES.get(LANGUAGE_COOKIE)
    return chosen if chosen in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


def remember_language(response, language: str, *, chosen: bool = False) -> None:
    """Keep the language in this browser; chosen=True marks an explicit choice made
    before signing in, which the next sign-in saves to the profile."""
    for name, value in [(LANGUAGE_COOKIE, language), *([(LANGUAGE_CHOSEN_COOKIE, "1")] * chosen)]:
        response.set_cookie(
            name,
            value,
            max_age=LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )


def chosen_language(request) -> str | None:
    """The language this browser's visitor chose before signing in, if they did."""
    if request.COOKIES.get(LANGUAGE_CHOSEN_COOKIE) != "1":
        return None
    chosen = request.COOKIES.get(LANGUAGE_COOKIE)
    return chosen if chosen in SUPPORTED_LANGUAGES else None


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        # A member's profile language follows them out: after signing out, the cookie
        # keeps the pages in the language they were reading.
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and LANGUAGE_CHOSEN_COOKIE in request.COOKIES
            and LANGUAGE_CHOSEN_COOKIE not in response.cookies
        ):
            # Signed in: the choice is in the profile now (see accounts.signals).
            response.delete_cookie(LANGUAGE_CHOSEN_COOKIE, samesite="Lax")
        if (
            user is not None
            and user.is_authenticated
            and user.preferred_language in SUPPORTED_LANGUAGES
            and request.COOKIES.get(LANGUAGE_COOKIE) != user.preferred_language
            and LANGUAGE_COOKIE not in response.cookies
        ):
            remember_language(response, user.preferred_language)
        return response


class SecurityHeadersMiddleware:
    """Send a strict Content-Security-Policy (no inline script or style, nothing from
    another host) and turn off browser features Jisr never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


PRIVATE_PATH_PREFIXES = ("/accounts/", "/staff/", "/admin/")


class PrivateCacheMiddleware:
    """Mark every page that may carry personal data ``Cache-Control: no-store``: anything
    served to a signed-in person, and the account and staff areas for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            PRIVATE_PATH_PREFIXES
        ):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] += ", private"
        return response


NUL = "\x00"


def _nul_in(data) -> list[str]:
    """The keys of a QueryDict whose key or any value holds a NUL character."""
    return [key for key, values in data.lists() if NUL in key or any(NUL in v for v in values)]


def _without_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned


def _nul_in_json(value, path=()) -> list[tuple]:
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nul_in_json(v, (*path, k))] + [
            (*path, k) for k in value if NUL in k
        ]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_in_json(v, (*path, i))]
    return []


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return None  # not JSON: the view says so


class RejectNulMiddleware:
    """Keep NUL characters away from the database, which cannot store them (PostgreSQL: "A
    string literal cannot contain NUL"); no one types one.

    A form or a JSON body holding one is refused, before anything is written: the site
    answers with its "bad request" page, the API with a 422 in its own shape. A query
    string only reads, and search promises an answer to any query: its NUL characters
    are dropped. (Uploaded files are not looked at: their bytes are theirs.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _nul_in(request.GET):
            request.GET = _without_nul(request.GET)
        found: list[tuple[str, ...]] = [("path",)] if NUL in request.path else []
        if request.method == "POST" and request.content_type != "application/json":
            found += [("form", key) for key in _nul_in(request.POST)]
        if request.content_type == "application/json" and request.body:
            found += [("body", *p) for p in _nul_in_json(_json(request.body))]
        if not found:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = _("Null characters are not allowed.")
            detail = [{"type": "string_nul", "loc": list(where), "msg": message} for where in found]
            return JsonResponse({"detail": detail}, status=422)
        from .views import bad_request  # the views import this module

        return bad_request(request)
