import json

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jisr.core.middleware import SUPPORTED_LANGUAGES, remember_language
from jisr.core.redirects import next_path

from . import services
from .forms import EraseAccountForm, ProfileForm
from .roles import Role, role_codes


# No CSRF token: switching the language is harmless if another site does it, and a token
# in every page's header would make every page personal, so uncacheable.
@csrf_exempt
@require_POST
def language(request):
    """Switch the page language; kept in a cookie and, once signed in, the profile."""
    chosen = request.POST.get("language", "")
    response = redirect(next_path(request))
    if chosen in SUPPORTED_LANGUAGES:
        signed_in = request.user.is_authenticated
        remember_language(response, chosen, chosen=not signed_in)
        if signed_in:
            services.user_set_language(user=request.user, language=chosen)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.user_update_profile(user=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("display_name", error)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            }
        )
    context = {
        "form": form,
        "roles": [Role(code).label for code in sorted(role_codes(user)) if code in Role.values],
        "mfa_enabled": is_mfa_enabled(user),
        "primary_email": EmailAddress.objects.filter(user=user, primary=True).first(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def export(request):
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="jisr-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:profile")
        get_account_adapter(request).logout(request)
        messages.success(request, _("Your account and your data have been erased."))
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form})
