"""The member's side of events: the campaigns' landing page with the events to come, an
event's page, registering and leaving, "my events", and the calendar files.

An event's address, its link to join online and its instructions are shown only to a
member registered for it; a members-only event answers 404 to a visitor, as if it did not
exist. Nothing about where a registration came from (referrer, query parameters) is read.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jisr.core import panels as core_panels
from jisr.core.text.digits import to_ascii_digits

from . import event_ical, event_ops_selectors, kit_panels, landing
from . import event_selectors as selectors
from .models.events import Event, EventFormat, Registration, RegistrationStatus, Timeslot
from .services import events as services


def _signed_in(view):
    """A visitor is sent to sign in, and back to the page afterwards (a form's POST comes
    back to the campaigns' page: the event's page offers visitors a sign-in link instead)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method == "GET" else reverse("campaigns:list")
            return redirect_to_login(back)
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, items, size=20):
    return Paginator(items, size).get_page(to_ascii_digits(request.GET.get("page") or "") or 1)


def _titled(events):
    for event in events:
        event.display_title = selectors.display_title(event)
    return events


@require_safe
def event_list(request):
    """The campaigns' landing page: the events to come first (other parts of the campaigns
    add their sections below)."""
    events = selectors.visible_events(request.user)
    coming = _page(request, selectors.upcoming(events))
    _titled(coming)
    context = {
        "page_obj": coming,
        "past": _titled(list(selectors.past(events)[:6])),
        "sections": landing.sections(request),
    }
    return render(request, "campaigns/events/list.html", context)


def _event_or_404(request, pk: int) -> Event:
    try:
        return selectors.access_event(request.user, pk)
    except Event.DoesNotExist:
        raise Http404 from None


@require_safe
def event_detail(request, pk: int):
    event = _event_or_404(request, pk)
    event.display_title = selectors.display_title(event)
    mine = selectors.my_registrations(request.user, event)
    slots = selectors.timeslots_with_places(event)
    for slot in slots:
        slot.mine = mine.get(slot.pk)
    registered = any(r.status == RegistrationStatus.CONFIRMED for r in mine.values())
    context = {
        "event": event,
        "slots": slots,
        "registered": registered,
        # After the event: how it went (counts, never names), and the attendees' feedback.
        "report": event_ops_selectors.public_report(event),
        "ended": registered and any(slot.ends_at <= timezone.now() for slot in slots),
        "hosting": selectors.is_host(request.user, event),
        "share": kit_panels.panels("campaigns.event.share", request, event),
        # The organizations co-hosting or promoting it (the coalition's shared calendar).
        "cohosts": core_panels.panels("campaigns.event.cohosts", request, event),
        "mine": list(mine.values()),
        "attendees": selectors.listed_attendees(event),
        "shows_address": event.format != EventFormat.ONLINE,
        "shows_link": event.format != EventFormat.IN_PERSON,
    }
    return render(request, "campaigns/events/detail.html", context)


def _back_to_event(event_id: int):
    return redirect(reverse("campaigns:event", args=[event_id]))


@_signed_in
@require_POST
def event_register(request, pk: int):
    try:
        slot = Timeslot.objects.select_related("event").get(pk=pk)
    except Timeslot.DoesNotExist:
        raise Http404 from None
    _event_or_404(request, slot.event_id)
    try:
        registration = services.registration_create(actor=request.user, timeslot=slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(
                request,
                _("You are registered. Your check-in code is %(code)s.")
                % {"code": registration.code},
            )
        elif registration.status == RegistrationStatus.OFFERED:
            messages.success(request, _("A place is offered to you: accept it to keep it."))
        else:
            messages.success(
                request,
                _(
                    "This timeslot is full: you are on its waiting list. If a place frees up, "
                    "it is offered to you by e-mail."
                ),
            )
    return _back_to_event(slot.event_id)


def _own_registration(request, pk: int) -> Registration:
    try:
        return Registration.objects.select_related("timeslot").get(pk=pk, user=request.user)
    except Registration.DoesNotExist:
        raise Http404 from None


def _back(request, registration: Registration):
    if request.POST.get("from") == "mine":
        return redirect(reverse("campaigns:my_events"))
    return _back_to_event(registration.timeslot.event_id)


@_signed_in
@require_POST
def registration_cancel(request, pk: int):
    registration = _own_registration(request, pk)
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return _back(request, registration)


@_signed_in
@require_POST
def registration_accept(request, pk: int):
    registration = _own_registration(request, pk)
    try:
        services.registration_accept_offer(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The place is yours. Your check-in code is %(code)s.") % {"code": registration.code},
        )
    return _back(request, registration)


@_signed_in
@require_POST
def registration_listed(request, pk: int):
    registration = _own_registration(request, pk)
    listed = request.POST.get("listed") == "1"
    try:
        services.registration_set_listed(
            actor=request.user, registration=registration, listed=listed
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your display name is shown among the attendees.")
            if listed
            else _("Your name is not shown among the attendees."),
        )
    return _back(request, registration)


@_signed_in
@require_safe
def my_events(request):
    mine = selectors.my_events(request.user)
    for registration in (*mine.coming, *mine.past):
        registration.display_title = selectors.display_title(registration.timeslot.event)
    return render(request, "campaigns/events/mine.html", {"mine": mine})


def _ics(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        # The member's own copy holds the address: never kept by a cache on the way.
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def event_ics(request, pk: int):
    """The event's timeslots for a calendar; a registered member's copy also holds the
    address, the online link and the instructions."""
    event = _event_or_404(request, pk)
    mine = selectors.my_registrations(request.user, event)
    private = any(r.status == RegistrationStatus.CONFIRMED for r in mine.values())
    slots = list(event.timeslots.order_by("starts_at", "pk"))
    content = event_ical.calendar(selectors.display_title(event), [(event, slots, private)])
    return _ics(content, f"event-{event.pk}.ics", private=private or request.user.is_authenticated)


@require_safe
def events_feed(request):
    """The organization's public events as a calendar to subscribe to (never a
    members-only one, never an address)."""
    events = selectors.feed_events()
    content = event_ical.calendar(
        _("Events"), [(event, event.timeslots.all(), False) for event in events]
    )
    return _ics(content, "events.ics", private=False)
