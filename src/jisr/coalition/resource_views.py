"""The resource exchange: open offers and needs (public organizations' to everyone), and a
delegate's page to post and close their organization's listings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import resource_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .coalition_selectors import sees_members_only
from .models import ListingKind, Organization, ResourceListing
from .resource_forms import ListingForm
from .services import resources as services


@require_safe
def exchange(request):
    listings = list(selectors.open_listings(public_only=not sees_members_only(request.user))[:200])
    context = {
        "offers": [row for row in listings if row.kind == ListingKind.OFFER],
        "needs": [row for row in listings if row.kind == ListingKind.NEED],
    }
    return render(request, "coalition/resources/exchange.html", context)


@delegate_required
@require_http_methods(["GET", "POST"])
def resource_new(request):
    """Post an offer or a need for one's organization; close its open listings."""
    delegations = current_delegations(request.user, acting=True)
    form = ListingForm(request.POST or None, delegations=delegations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = get_object_or_404(Organization, pk=data.pop("organization"))
        delegate = acting_delegate(request, organization)
        try:
            services.listing_post(delegate=delegate, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your listing is on the exchange."))
            return redirect("coalition:resource_new")
    listings = selectors.listings_of(delegations)
    return render(request, "coalition/resources/mine.html", {"form": form, "listings": listings})


@delegate_required
@require_POST
def resource_close(request, pk: int):
    listing = get_object_or_404(ResourceListing.objects.select_related("organization"), pk=pk)
    delegate = acting_delegate(request, listing.organization)
    try:
        services.listing_close(delegate=delegate, listing=listing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Listing closed."))
    return redirect("coalition:resource_new")
