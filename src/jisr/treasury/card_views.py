"""The card channel's addresses: Stripe's webhook, and the treasurer's list of card payments
that did not match their gift."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits

from . import selectors
from .channels import CardChannel
from .money import CURRENCIES
from .services.card import BadEvent, card_webhook_receive


@csrf_exempt  # Stripe cannot hold a CSRF token: the signature proves where it came from
@require_POST
def stripe_webhook(request):
    if not CardChannel().configured():
        raise Http404
    try:
        outcome = card_webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except BadEvent:
        return HttpResponseBadRequest("The event's signature does not verify.")
    return JsonResponse({"outcome": outcome})


@staff_required(Role.TREASURER, Role.AUDITOR)
@require_safe
def flagged(request):
    page = Paginator(selectors.flagged_card_payments(), 50).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    context = {"page_obj": page, "currencies": CURRENCIES}
    return render(request, "treasury/card/flagged.html", context)
