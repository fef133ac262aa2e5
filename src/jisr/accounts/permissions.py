from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import STAFF_ROLES, has_role, role_codes


def has_second_factor(user) -> bool:
    """Whether the account has an authenticator app, cached on the user for the request."""
    if not hasattr(user, "_jisr_mfa"):
        user._jisr_mfa = is_mfa_enabled(user)
    return user._jisr_mfa


def second_factor_passed(request) -> bool:
    """Whether *this session* passed a second factor: signed in (or confirmed it is them)
    with the authenticator's code or a recovery code, or set the authenticator up here.
    The account having two-factor is not enough: a session signed in with the password
    alone, before the owner enrolled, must not become a staff session."""
    user = request.user
    if not user.is_authenticated or not has_second_factor(user):
        return False
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def verified_roles(request) -> frozenset[str]:
    """The roles this request may act in: the user's roles, less the staff roles unless
    this session passed a second factor. The one test of "verified staff" for every page,
    API operation and selector that shows staff-only data."""
    if not hasattr(request, "_jisr_verified_roles"):
        roles = role_codes(request.user)
        if roles & STAFF_ROLES and not second_factor_passed(request):
            roles = roles - STAFF_ROLES
        request._jisr_verified_roles = roles
    return request._jisr_verified_roles


def is_verified(request, *roles: str) -> bool:
    """Whether the request may act in one of ``roles`` (see ``verified_roles``)."""
    return bool(verified_roles(request) & set(roles))


def staff_required(*roles: str):
    """Let in signed-in people holding one of ``roles`` (by default any staff role) who
    have set up two-factor authentication and passed it in this session; send the others
    where they can fix it."""
    allowed = roles or tuple(STAFF_ROLES)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(user, *allowed):
                raise PermissionDenied
            query = urlencode({"next": request.get_full_path()})
            if not has_second_factor(user):
                messages.warning(
                    request,
                    _("Staff pages need two-factor authentication. Set it up to continue."),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            if not second_factor_passed(request):
                messages.warning(
                    request,
                    _(
                        "Staff pages need the code from your authenticator app in this browser "
                        "too. Enter it to continue."
                    ),
                )
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
            return view(request, *args, **kwargs)

        wrapped.staff_roles = allowed  # type: ignore[attr-defined]  # read by the staff-guard test
        return wrapped

    return decorator
