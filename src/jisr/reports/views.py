from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services


@login_required
@require_POST
def follow(request):
    """Follow or stop following a representative or a party (a form on their page)."""
    try:
        target = services.followable(request.POST.get("target", ""), int(request.POST["id"]))
    except (KeyError, ValueError, ValidationError) as error:
        raise Http404 from error
    if request.POST.get("action") == "unfollow":
        services.subscription_unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    else:
        services.subscription_follow(user=request.user, target=target)
        messages.success(
            request, _("You follow this now. Reports will bring you what is new on it.")
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "home"
    return redirect(back)
