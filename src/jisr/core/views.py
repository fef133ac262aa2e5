import sys

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .home import home_blocks
from .middleware import cookie_language
from .navigation import navigation_entries
from .outages import DATABASE_DOWN, SERVICE_DOWN


@require_safe
def home(request):
    return render(request, "core/home.html", {"blocks": home_blocks(request)})


ERRORS = {
    "bad_request": (
        400,
        _("Bad request"),
        _("The request could not be understood. Please check what you entered and try again."),
    ),
    "permission_denied": (
        403,
        _("Access denied"),
        _(
            "You do not have permission to see this page. If you think you should, sign in "
            "with the right account or ask an organizer."
        ),
    ),
    "csrf_failure": (
        403,
        _("The form expired"),
        _(
            "For your safety, forms stop working after a while or when they come from another "
            "site. Nothing was saved. Go back, reload the page and send the form again."
        ),
    ),
    "page_not_found": (
        404,
        _("Page not found"),
        _(
            "We could not find this page. It may have been moved or removed, or the address "
            "may be mistyped."
        ),
    ),
    "too_many_requests": (
        429,
        _("Too many attempts"),
        _(
            "You tried this too many times in a short while. Nothing was changed. Please wait "
            "a few minutes and try again."
        ),
    ),
    "service_unavailable": (
        503,
        _("Jisr is briefly unavailable"),
        _(
            "Part of our service is not answering right now, most likely for a restart. Please "
            "try again in a minute. If you were sending a form, it was not saved: send it again "
            "then."
        ),
    ),
    "server_error": (
        500,
        _("Something went wrong"),
        _(
            "An unexpected error happened on our side. It has been recorded; please try again "
            "in a few minutes."
        ),
    ),
}


def _error(request, kind: str):
    # Error pages must render even when the database is down: the template never looks
    # at the signed-in user, and no context processor here queries the database.
    if not hasattr(request, "LANGUAGE_CODE"):
        # The request failed before the language was chosen (the database was down when
        # the member's profile was read): the cookie's language, not the last request's.
        translation.activate(cookie_language(request))
    status, title, explanation = ERRORS[kind]
    context = {
        "status": status,
        "title": title,
        "explanation": explanation,
        "navigation": navigation_entries(request.path),
    }
    response = render(request, "errors/error.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "bad_request")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "permission_denied")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "page_not_found")


@requires_csrf_token
def server_error(request):
    # Django calls this inside its `except`: a database that cannot be reached (a restart,
    # a failover) is the reader's "try again in a minute", not our bug.
    if isinstance(sys.exc_info()[1], SERVICE_DOWN):
        return _error(request, "service_unavailable")
    return _error(request, "server_error")


def csrf_failure(request, reason=""):
    return _error(request, "csrf_failure")


def too_many_requests(request, exception=None):
    return _error(request, "too_many_requests")


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to."""
    return HttpResponsePermanentRedirect(static("jisr/img/favicon.ico"))


@never_cache
def health_live(request):
    """The process answers. Touches no database: it is also the load tests' floor, the
    fastest any page can be on this stack."""
    return HttpResponse(b"ok", content_type="text/plain")


@never_cache
def health_ready(request):
    """The process can reach its database (for a load balancer or a restart script)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_DOWN:
        return HttpResponse(b"database unavailable", content_type="text/plain", status=503)
    return HttpResponse(b"ok", content_type="text/plain")
