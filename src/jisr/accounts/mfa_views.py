"""allauth's two-factor set-up, keeping the address the person was going to: a staff
member sent to set up an authenticator app returns, after the recovery codes, to the
staff page they asked for. Setting it up counts as passing it in this session, and ends
the account's other sessions."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import reverse
from django.utils.http import urlencode

from jisr.core.redirects import next_path

from . import services
from .roles import is_staff_member


def _next(request) -> str:
    return next_path(request, fallback="")


def _onward(request) -> str:
    """Where the person goes once two-factor authentication is set up."""
    if is_staff_member(request.user):
        fallback = reverse("staff:dashboard")
    else:
        fallback = reverse("accounts:profile")
    return _next(request) or fallback


class ActivateTOTPView(totp.ActivateTOTPView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # The code just entered proves the app in this browser: this session has passed
        # the second factor. Every other session of the account ends (one signed in with
        # a stolen password before the owner enrolled must not become a staff session).
        record_authentication(self.request, self.request.user, "mfa", type="totp")
        services.sessions_end(user=self.request.user, keep=self.request.session.session_key)
        return response

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "next": _next(self.request)}

    def get_success_url(self) -> str:
        onward = _onward(self.request)
        if self.did_generate_recovery_codes:
            return f"{reverse('mfa_view_recovery_codes')}?{urlencode({'next': onward})}"
        return onward


class ViewRecoveryCodesView(recovery_codes.ViewRecoveryCodesView):
    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "next": _onward(self.request)}


activate_totp = ActivateTOTPView.as_view()
view_recovery_codes = ViewRecoveryCodesView.as_view()
