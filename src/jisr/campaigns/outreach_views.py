"""Outreach's public pages: the asks with their published figures, a member's commitment and
report, and "my list" — whose names stay in the member's browser and are never sent here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jisr.core.text.digits import to_ascii_digits

from . import outreach_selectors as selectors
from .models.outreach import Ask, Dialect
from .outreach_cells import MIN_CELL
from .outreach_forms import CommitForm, TallyForm
from .services import outreach as services

STUDIES = {
    # Two field trials found these effects on turnout; others found none. Shown as a range,
    # never as a promise (docs/campaigns.md, "Reaching family and friends").
    "low": "8.3",
    "high": "8.6",
}


def _ask(pk: int) -> Ask:
    try:
        return selectors.published_ask(pk)
    except Ask.DoesNotExist:
        raise Http404 from None


def _decorate(ask: Ask) -> Ask:
    ask.display_title = selectors.title_of(ask)  # type: ignore[attr-defined]
    return ask


def landing_section(request):
    """The asks open today, on the campaigns' landing page (one query)."""
    from .landing import Section

    today = timezone.localdate()
    asks = [
        _decorate(ask)
        for ask in selectors.published_asks().filter(opens_on__lte=today, closes_on__gte=today)[:3]
    ]
    return Section(20, "campaigns/outreach/_landing.html", {"asks": asks})


@require_safe
def reach(request):
    """Every published ask with its totals (the outreach totals section)."""
    page = Paginator(selectors.published_asks(), 20).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    asks = [_decorate(a) for a in page]
    today = timezone.localdate()
    figures = selectors.figures(asks, today)
    committed = selectors.committed(asks)
    for ask in asks:
        ask.figures = figures[ask.pk]  # type: ignore[attr-defined]
        ask.committed = committed[ask.pk]  # type: ignore[attr-defined]
        ask.is_open = services.can_commit(ask, today)  # type: ignore[attr-defined]
    context = {"page_obj": page, "asks": asks, "min_cell": MIN_CELL, "studies": STUDIES}
    return render(request, "campaigns/outreach/reach.html", context)


def _script_context(request, ask: Ask) -> dict:
    scripts = selectors.scripts_of(ask)
    chosen = selectors.default_dialect(scripts, request.GET.get("script"))
    script = scripts.get(chosen) if chosen else None
    return {
        "scripts": [(d, Dialect(d).label) for d in scripts],
        "chosen": chosen,
        "script": script,
        "share": selectors.share_links(script.text, ask.link) if script else None,
    }


@require_safe
def ask_detail(request, pk: int):
    ask = _decorate(_ask(pk))
    today = timezone.localdate()
    commitment = selectors.commitment_of(ask, request.user)
    context = {
        "ask": ask,
        "what_to_do": selectors.what_to_do_of(ask),
        "figures": selectors.figures([ask], today)[ask.pk],
        "committed": selectors.committed([ask])[ask.pk],
        "commitment": commitment,
        "can_commit": services.can_commit(ask, today),
        "can_report": services.can_report(ask, today),
        "min_cell": MIN_CELL,
        "studies": STUDIES,
        **_script_context(request, ask),
    }
    return render(request, "campaigns/outreach/ask.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ask_commit(request, pk: int):
    ask = _decorate(_ask(pk))
    commitment = selectors.commitment_of(ask, request.user)
    initial = {}
    if commitment is not None:
        initial = {
            "will_do": "yes" if commitment.will_do else "no",
            "planned_on": commitment.planned_on,
        }
    form = CommitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_make(
                actor=request.user,
                ask=ask,
                will_do=form.cleaned_data["will_do"],
                planned_on=form.cleaned_data["planned_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["will_do"]:
                messages.success(
                    request,
                    _("Thank you. Keep the people you will remind in your list, on this device."),
                )
                return redirect("campaigns:ask_list", ask.pk)
            messages.success(request, _("Your answer is saved."))
            return redirect("campaigns:ask", ask.pk)
    context = {
        "ask": ask,
        "form": form,
        "commitment": commitment,
        "can_commit": services.can_commit(ask, timezone.localdate()),
    }
    return render(request, "campaigns/outreach/commit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ask_report(request, pk: int):
    ask = _decorate(_ask(pk))
    commitment = selectors.commitment_of(ask, request.user)
    if commitment is None:
        messages.info(request, _("Say first whether you will take this ask up."))
        return redirect("campaigns:ask_commit", ask.pk)
    form = TallyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tally_report(actor=request.user, ask=ask, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your numbers are added to the totals."))
            return redirect("campaigns:ask", ask.pk)
    context = {
        "ask": ask,
        "form": form,
        "reported_days": selectors.reported_days(commitment),
        "can_report": services.can_report(ask, timezone.localdate()),
        "min_cell": MIN_CELL,
    }
    return render(request, "campaigns/outreach/report.html", context)


@require_safe
def ask_list(request, pk: int):
    """The member's own list: kept by ``my-list.js`` in this browser's storage, never in a
    field that is submitted. The page itself holds nothing personal."""
    ask = _decorate(_ask(pk))
    context = {"ask": ask, **_script_context(request, ask)}
    return render(request, "campaigns/outreach/list.html", context)
