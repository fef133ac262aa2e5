"""Where to go back to after a small action (following, switching the language)."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_path(request, fallback: str = "home") -> str:
    """The ``next`` path the form or link carries, if it is a path on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    # A path only: redirect() would take "home" or "report" for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback
