from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .navigation import areas_with_urls, navigation_entries


@require_safe
def home(request):
    return render(request, "core/home.html", {"areas": areas_with_urls()})


def _error(request, template: str, status: int):
    # Error pages must render even when the database is down, so they use no context
    # processor that queries it and never touch request.user.
    context = {"navigation": navigation_entries(request.path)}
    return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request):
    return _error(request, "errors/500.html", 500)


def csrf_failure(request, reason=""):
    return _error(request, "errors/403_csrf.html", 403)


def too_many_requests(request, exception=None):
    return _error(request, "errors/429.html", 429)
