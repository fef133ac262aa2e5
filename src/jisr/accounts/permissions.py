from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import STAFF_ROLES, has_role


def staff_required(*roles: str):
    """Let in signed-in people holding one of ``roles`` (by default any staff role) who
    have set up two-factor authentication; send the others where they can fix it."""
    allowed = roles or tuple(STAFF_ROLES)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(user, *allowed):
                raise PermissionDenied
            if not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _("Staff pages need two-factor authentication. Set it up to continue."),
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return view(request, *args, **kwargs)

        wrapped.staff_roles = allowed
        return wrapped

    return decorator
