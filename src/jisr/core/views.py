from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .navigation import areas_with_urls, navigation_entries


@require_safe
def home(request):
    return render(request, "core/home.html", {"areas": areas_with_urls()})


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
    status, title, explanation = ERRORS[kind]
    context = {
        "status": status,
        "title": title,
        "explanation": explanation,
        "navigation": navigation_entries(request.path),
    }
    return render(request, "errors/error.html", context, status=status)


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
    return _error(request, "server_error")


def csrf_failure(request, reason=""):
    return _error(request, "csrf_failure")


def too_many_requests(request, exception=None):
    return _error(request, "too_many_requests")
