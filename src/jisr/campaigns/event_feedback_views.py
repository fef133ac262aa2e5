"""The attendee's feedback on an event they registered for: a rating and an optional
comment, stored apart from who gave it (see ``models.event_reports``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import event_ops_selectors as selectors
from .event_forms import FeedbackForm
from .models import Event, EventStatus, Registration
from .services import event_ops as services


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback(request, pk: int):
    event = get_object_or_404(
        Event,
        pk=pk,
        status__in=(EventStatus.PUBLISHED, EventStatus.CLOSED),
    )
    registration = (
        Registration.objects.filter(
            timeslot__event=event, user=request.user, status__in=services.ATTENDING
        )
        .select_related("timeslot__event")
        .order_by("timeslot__starts_at", "pk")
        .first()
    )
    given = registration is not None and selectors.has_given_feedback(registration)
    can_give = registration is not None and not given and services.feedback_open_for(registration)
    form = FeedbackForm(request.POST or None) if can_give else None
    if request.method == "POST" and form is not None and form.is_valid():
        assert registration is not None  # can_give holds
        try:
            services.feedback_give(
                actor=request.user,
                registration=registration,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you. Your feedback is saved without your name."))
            return redirect("campaigns:event_feedback", event.pk)
    context = {
        "event": event,
        "registration": registration,
        "given": given,
        "form": form,
    }
    return render(request, "campaigns/event_feedback.html", context)
