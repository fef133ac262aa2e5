from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import User
from .permissions import second_factor_passed


@admin.register(User)
class JisrUserAdmin(UserAdmin):
    ordering = ["-date_joined"]
    list_display = ["display_name", "email", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "display_name"]
    # What the services own is read only here: a display name changed here would not reach
    # the member's proposals, a role given here would skip the audit log and end no session.
    # Roles are given on /staff/people/ or with `jisr manage role_grant`.
    readonly_fields = [
        "email",
        "display_name",
        "preferred_language",
        "groups",
        "audit_ref",
        "date_joined",
        "last_login",
    ]

    def has_add_permission(self, request):
        return False  # people sign up; the first organizer is made with role_grant

    def has_delete_permission(self, request, obj=None):
        return False  # an account is erased by its owner, with every app's erasure step

    fieldsets = [
        (None, {"fields": ["email", "display_name", "preferred_language", "password"]}),
        (_("Roles"), {"fields": ["groups", "is_active", "is_staff", "is_superuser"]}),
        (None, {"fields": ["audit_ref", "date_joined", "last_login"]}),
    ]


# The technical admin signs in through allauth, and only with two-factor authentication
# passed in this session.
_admin_login = secure_admin_login(admin.site.login)
_admin_has_permission = admin.site.has_permission


def _login(request, extra_context=None):
    user = request.user
    if user.is_authenticated and user.is_staff and not is_mfa_enabled(user):
        messages.warning(
            request, _("The administration site needs two-factor authentication. Set it up first.")
        )
        return redirect(reverse("mfa_activate_totp"))
    if user.is_authenticated and user.is_staff and not second_factor_passed(request):
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
    return _admin_login(request, extra_context)


# The default site is patched in place (its URLs stay Django's own).
admin.site.login = _login  # type: ignore[method-assign]
admin.site.has_permission = lambda request: (  # type: ignore[method-assign]
    _admin_has_permission(request) and second_factor_passed(request)
)
admin.site.site_header = admin.site.site_title = gettext_lazy("Jisr administration")
