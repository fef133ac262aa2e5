"""Who may act for an organization, and the one check every organization action passes.

An organization has no account: a person acts for it under a delegate mandate. Views ask
``acting_delegate`` for the mandate (it also requires that *this session* passed a second
factor, as staff pages do); services call ``check_may_act`` again on the mandate they are
given, so no caller — view, API, import, task — can act for an organization without a
personal account, an open mandate of an acting role and two-factor authentication.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jisr.accounts.permissions import has_second_factor, second_factor_passed

from .models import Delegate, DelegateRole, Organization


def check_may_act(delegate: Delegate, *, organization: Organization | None = None) -> None:
    """Refuse, with a translated reason, an action under ``delegate`` (for ``organization``
    when given) unless the mandate is open today, of an acting role, for a verified
    organization, and its person has two-factor authentication."""
    if organization is not None and delegate.organization_id != organization.pk:
        raise ValidationError(
            _("You are not a delegate of this organization."), code="not_delegate"
        )
    if delegate.user_id is None or not delegate.in_mandate():
        raise ValidationError(
            _("Your mandate for this organization is not current."), code="mandate"
        )
    if not delegate.may_act:
        raise ValidationError(
            _("Observers follow the coalition's work; only primary and alternate delegates act."),
            code="observer",
        )
    if not delegate.organization.is_verified:
        raise ValidationError(
            _("Only a verified organization can do this. Its verification is still pending."),
            code="unverified",
        )
    if not has_second_factor(delegate.user):
        raise ValidationError(
            _("Delegates need two-factor authentication before acting for an organization."),
            code="two_factor",
        )


def check_may_manage(delegate: Delegate, *, organization: Organization) -> None:
    """Refuse managing ``organization`` (its profile, its alternates and observers) unless
    ``delegate`` is its primary delegate, in mandate, with two-factor authentication. Unlike
    acting, a pending or rejected organization's primary may manage it (to fix its profile
    before verification)."""
    if delegate.organization_id != organization.pk:
        raise ValidationError(
            _("You are not a delegate of this organization."), code="not_delegate"
        )
    if delegate.user_id is None or not delegate.in_mandate():
        raise ValidationError(
            _("Your mandate for this organization is not current."), code="mandate"
        )
    if delegate.role != DelegateRole.PRIMARY:
        raise ValidationError(
            _("Only the organization's primary delegate can do this."), code="not_primary"
        )
    if not has_second_factor(delegate.user):
        raise ValidationError(
            _("Delegates need two-factor authentication before acting for an organization."),
            code="two_factor",
        )


def current_delegations(user, *, acting: bool = False) -> list[Delegate]:
    """The user's open mandates today (only those that may act when ``acting``), with their
    organization, in one query."""
    if not user.is_authenticated:
        return []
    rows = [d for d in user.delegations.select_related("organization") if d.in_mandate()]
    return [d for d in rows if d.may_act] if acting else rows


def acting_delegate(request, organization: Organization) -> Delegate:
    """The request's mandate to act for ``organization``: PermissionDenied when it has none
    (or only an observer's), and when the session did not pass its second factor."""
    delegate = next(
        (
            d
            for d in current_delegations(request.user, acting=True)
            if d.organization_id == organization.pk
        ),
        None,
    )
    if delegate is None or not second_factor_passed(request):
        raise PermissionDenied
    return delegate


def managing_delegate(request, organization: Organization) -> Delegate:
    """The request's primary mandate for ``organization`` (any status), in a session that
    passed its second factor; PermissionDenied otherwise."""
    delegate = next(
        (
            d
            for d in current_delegations(request.user)
            if d.organization_id == organization.pk and d.role == DelegateRole.PRIMARY
        ),
        None,
    )
    if delegate is None or not second_factor_passed(request):
        raise PermissionDenied
    return delegate


def delegate_required(view):
    """Let in signed-in people with an open mandate (any role) who have set up two-factor
    authentication and passed it in this session; send the others where they can fix it.
    The view still picks the organization with ``acting_delegate``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not current_delegations(user):
            raise PermissionDenied
        query = urlencode({"next": request.get_full_path()})
        if not has_second_factor(user):
            messages.warning(
                request,
                _(
                    "Acting for an organization needs two-factor authentication. "
                    "Set it up to continue."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        if not second_factor_passed(request):
            messages.warning(
                request,
                _("Enter the code from your authenticator app to act for your organization."),
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
