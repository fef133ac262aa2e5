"""The shared calendar's pages: a coalition's events to come and its iCal feed (public
events only), a delegate's invitations and promotions, the organizers' co-host invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.campaigns import event_ical
from jisr.campaigns.models import Event, EventStatus

from . import calendar_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .calendar_forms import CohostInviteForm, PromoteForm
from .coalition_selectors import in_language
from .models import Coalition, EventCohost, Organization, OrganizationStatus
from .services import calendar as services


def _coalition_or_404(pk: int) -> Coalition:
    try:
        return Coalition.objects.get(pk=pk)
    except Coalition.DoesNotExist:
        raise Http404 from None


@require_safe
def calendar(request, pk: int):
    """The public events to come that the coalition's members co-host or promote."""
    coalition = _coalition_or_404(pk)
    events = selectors.upcoming_events(coalition)
    context = {"coalition": coalition, "events": events}
    return render(request, "coalition/calendar/calendar.html", context)


@require_safe
def calendar_feed(request, pk: int):
    """The coalition's public events as a calendar to subscribe to: never a members-only
    event, never an address; every entry links to the event's page."""
    coalition = _coalition_or_404(pk)
    events = selectors.feed_events(coalition)
    name = in_language(coalition.name, coalition.name_en)
    content = event_ical.calendar(name, [(event, event.timeslots.all(), False) for event in events])
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coalition-{coalition.pk}.ics"'
    return response


def _delegate_for(request, organization_id: int | None):
    organization = get_object_or_404(Organization, pk=organization_id)
    return acting_delegate(request, organization)


@delegate_required
@require_http_methods(["GET", "POST"])
def calendar_mine(request):
    """A delegate's invitations to co-host, and promoting a public event for their
    organization."""
    delegations = current_delegations(request.user, acting=True)
    events = selectors.promotable_events()
    form = PromoteForm(request.POST or None, delegations=delegations, events=events)
    if request.method == "POST" and form.is_valid():
        delegate = _delegate_for(request, form.cleaned_data["organization"])
        event = get_object_or_404(Event, pk=form.cleaned_data["event"])
        try:
            services.event_promote(delegate=delegate, event=event)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organization now promotes this event."))
            return redirect("coalition:calendar_mine")
    invitations = selectors.invitations_for(delegations)
    context = {"form": form, "invitations": invitations, "delegations": delegations}
    return render(request, "coalition/calendar/mine.html", context)


@delegate_required
@require_POST
def calendar_accept(request, pk: int):
    cohost = get_object_or_404(EventCohost.objects.select_related("organization"), pk=pk)
    delegate = acting_delegate(request, cohost.organization)
    try:
        services.cohost_accept(delegate=delegate, cohost=cohost)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your organization co-hosts this event."))
    return redirect("coalition:calendar_mine")


@staff_required(Role.ORGANIZER)
@require_http_methods(["GET", "POST"])
def staff_cohosts(request):
    """Invite organizations to co-host the campaigns' events; see who accepted."""
    form = CohostInviteForm(
        request.POST or None,
        events=Event.objects.filter(status__in=(EventStatus.DRAFT, EventStatus.PUBLISHED)).order_by(
            "-pk"
        ),
        organizations=Organization.objects.filter(status=OrganizationStatus.VERIFIED),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohost_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to the organization's delegates."))
            return redirect("coalition_staff:calendar_cohosts")
    context = {"form": form, "cohosts": selectors.cohosts_listed()}
    return render(request, "coalition/calendar/staff_cohosts.html", context)
