"""Organizers write outreach asks and their scripts, and publish them (under
/staff/campaigns/reach/). No staff page shows who committed or what anyone reported."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits

from . import outreach_selectors as selectors
from .models.outreach import Ask
from .outreach_forms import AskForm, ScriptsForm
from .services import outreach as services

ORGANIZER = Role.ORGANIZER


@staff_required(ORGANIZER)
@require_safe
def asks(request):
    page = Paginator(selectors.staff_asks(), 50).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    return render(request, "campaigns/outreach/staff/asks.html", {"page_obj": page})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def ask_new(request):
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ask = services.ask_create(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ask saved. Now write its scripts."))
            return redirect("campaigns_staff:reach_ask_scripts", ask.pk)
    return render(request, "campaigns/outreach/staff/ask_form.html", {"form": form})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def ask_edit(request, pk: int):
    ask = get_object_or_404(Ask, pk=pk)
    reminders = list(ask.reminders.values_list("on", flat=True))
    form = AskForm(request.POST or None, initial=AskForm.initial_for(ask, reminders))
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_update(actor=request.user, ask=ask, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ask saved."))
            return redirect("campaigns_staff:reach_asks")
    context = {"form": form, "ask": ask}
    return render(request, "campaigns/outreach/staff/ask_form.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def ask_scripts(request, pk: int):
    ask = get_object_or_404(Ask, pk=pk)
    current = {d: s.text for d, s in selectors.scripts_of(ask).items()}
    form = ScriptsForm(request.POST or None, scripts=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_scripts_save(actor=request.user, ask=ask, texts=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Scripts saved."))
            return redirect("campaigns_staff:reach_asks")
    context = {"form": form, "ask": ask}
    return render(request, "campaigns/outreach/staff/scripts_form.html", context)


@staff_required(ORGANIZER)
@require_POST
def ask_publish(request, pk: int):
    ask = get_object_or_404(Ask, pk=pk)
    try:
        services.ask_publish(actor=request.user, ask=ask)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The ask is published."))
    return redirect("campaigns_staff:reach_asks")
