"""The organizer's pages of events (under /staff/campaigns/): the list, an event's page
with its times, the event's form, check-in at the door, the attendee list download and
the closing report. Organizers need their second factor; a volunteer who hosts an event
may open its check-in page, and nothing else here."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role, has_role

from . import event_ops_selectors as selectors
from .event_forms import CheckinForm, CloseForm, EventForm, TimeslotForm, WalkInsForm
from .models import Event, EventStatus, Timeslot
from .services import event_ops as services

ORGANIZER = Role.ORGANIZER


def _fail(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def checkin_required(view):
    """Let in organizers (with their second factor, as every staff page) and the
    volunteers who host the event (``pk``); refuse everyone else."""
    as_organizer = staff_required(ORGANIZER)(view)

    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if has_role(user, ORGANIZER):
            return as_organizer(request, pk, *args, **kwargs)
        if (
            has_role(user, Role.VOLUNTEER)
            and Event.hosts.through.objects.filter(event_id=pk, user_id=user.pk).exists()
        ):
            return view(request, pk, *args, **kwargs)
        raise PermissionDenied

    # Read by the staff navigation and the staff-guard test.
    wrapped.staff_roles = (ORGANIZER,)  # type: ignore[attr-defined]
    wrapped.host_roles = (Role.VOLUNTEER,)  # type: ignore[attr-defined]
    return wrapped


@staff_required(ORGANIZER)
@require_safe
def events(request):
    context = {
        "events": selectors.staff_events()[:200],
        "waiting": set(selectors.awaiting_report().values_list("pk", flat=True)),
    }
    return render(request, "campaigns/staff/events.html", context)


def _save_event(request, form, event=None):
    data = dict(form.cleaned_data)
    hosts = data.pop("hosts")
    campaign = data.pop("treasury_campaign")
    try:
        if event is None:
            event = services.event_create(
                actor=request.user, hosts=hosts, treasury_campaign=campaign, **data
            )
        else:
            event = services.event_update(
                actor=request.user, event=event, hosts=hosts, treasury_campaign=campaign, **data
            )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            _fail(form, error)
        return None
    return event


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form)
        if event is not None:
            messages.success(request, _("Event saved as a draft. Add its times, then publish it."))
            return redirect("campaigns_staff:event", event.pk)
    return render(request, "campaigns/staff/event_form.html", {"form": form, "event": None})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("treasury_campaign"), pk=pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid() and _save_event(request, form, event):
        messages.success(request, _("Event saved."))
        return redirect("campaigns_staff:event", event.pk)
    return render(request, "campaigns/staff/event_form.html", {"form": form, "event": event})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def event_detail(request, pk: int):
    """The event with its times; the form to add a time posts here."""
    event = get_object_or_404(Event.objects.select_related("treasury_campaign"), pk=pk)
    editable = event.status in (EventStatus.DRAFT, EventStatus.PUBLISHED)
    form = TimeslotForm(request.POST or None) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.timeslot_add(
                actor=request.user,
                event=event,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Time added."))
            return redirect("campaigns_staff:event", event.pk)
    context = {
        "event": event,
        "timeslots": list(selectors.event_timeslots(event)),
        "hosts": list(event.hosts.order_by("display_name").only("display_name")),
        "form": form,
        "problems": services.publish_problems(event) if event.status == "draft" else [],
    }
    return render(request, "campaigns/staff/event.html", context)


@staff_required(ORGANIZER)
@require_POST
def timeslot_remove(request, pk: int, slot: int):
    timeslot = get_object_or_404(Timeslot, pk=slot, event_id=pk)
    try:
        services.timeslot_remove(actor=request.user, timeslot=timeslot)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Time removed."))
    return redirect("campaigns_staff:event", pk)


@staff_required(ORGANIZER)
@require_POST
def event_publish(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    try:
        services.event_publish(actor=request.user, event=event)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Published: members can now register."))
    return redirect("campaigns_staff:event", pk)


@staff_required(ORGANIZER)
@require_POST
def event_cancel(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the cancellation."))
        return redirect("campaigns_staff:event", pk)
    try:
        told = services.event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        from django.utils.translation import ngettext

        messages.success(
            request,
            ngettext(
                "Event cancelled. %(count)d person registered was told by e-mail.",
                "Event cancelled. %(count)d people registered were told by e-mail.",
                told,
            )
            % {"count": told},
        )
    return redirect("campaigns_staff:event", pk)


@checkin_required
@require_http_methods(["GET", "POST"])
def event_checkin(request, pk: int):
    """Type the member's code: the page answers with their display name only."""
    event = get_object_or_404(Event, pk=pk)
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.checkin_record(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request,
                _("Welcome, %(name)s: checked in.") % {"name": registration.user.display_name},
            )
            return redirect("campaigns_staff:event_checkin", pk)
    report = selectors.report_of(event)
    context = {
        "event": event,
        "form": form,
        "walk_ins_form": WalkInsForm(initial={"walk_ins": report.walk_ins if report else 0}),
        "checked_in": selectors.checked_in_count(event),
        "walk_ins": report.walk_ins if report else 0,
        "open": event.status == EventStatus.PUBLISHED,
    }
    return render(request, "campaigns/staff/checkin.html", context)


@checkin_required
@require_POST
def event_walk_ins(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    form = WalkInsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of walk-ins, from 0."))
        return redirect("campaigns_staff:event_checkin", pk)
    try:
        services.walk_ins_set(actor=request.user, event=event, count=form.cleaned_data["walk_ins"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Walk-ins saved."))
    return redirect("campaigns_staff:event_checkin", pk)


@staff_required(ORGANIZER)
@require_POST
def event_export(request, pk: int):
    """The attendee list as CSV (display name, time, state, checked in; no e-mail). Each
    download is written to the audit log."""
    event = get_object_or_404(Event, pk=pk)
    rows = services.attendees_export(actor=request.user, event=event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so spreadsheet programs read the Arabic names as UTF-8
    writer = csv.writer(response)
    writer.writerow(services.EXPORT_HEADER)
    writer.writerows(rows)
    return response


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def event_close(request, pk: int):
    """The closing report: its form until the event is closed, then the report with its
    feedback (comments included: organizers only)."""
    event = get_object_or_404(Event.objects.select_related("treasury_campaign"), pk=pk)
    report = selectors.report_of(event)
    form = None
    if event.status != EventStatus.CLOSED:
        initial = {"walk_ins": report.walk_ins if report else 0}
        form = CloseForm(request.POST or None, event=event, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.event_close(
                    actor=request.user,
                    event=event,
                    minutes=data["minutes"],
                    proposals=data["proposals"],
                    cash_sheets=data["cash_sheets"],
                    walk_ins=data["walk_ins"],
                )
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Event closed: its report is public."))
                return redirect("campaigns_staff:event_report", pk)
    context = {
        "event": event,
        "form": form,
        "public": selectors.public_report(event),
        "feedback": selectors.feedback_summary(event),
        "comments": selectors.feedback_comments(event),
        "checked_in": selectors.checked_in_count(event),
        "ended": services.event_ended(event),
    }
    return render(request, "campaigns/staff/report.html", context)
