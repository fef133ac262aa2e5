"""Decisions' pages: the public list and page (with the vote form for a delegate whose
organization is in the electorate), and the organizers' pages (draft, options, open,
outcome). Results appear only when ``Decision.results_visible``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role

from . import decision_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .decision_forms import (
    DecisionForm,
    OptionsForm,
    OutcomeForm,
    ProposeForm,
    VoteForm,
    default_closes_at,
)
from .models import Decision, DecisionKind
from .services import decisions as services

ORGANIZER = Role.ORGANIZER


def _english() -> bool:
    return translation.get_language() == "en"


@require_safe
def decision_list(request):
    context = {
        "open": list(selectors.open_decisions()[:100]),
        "closed": list(selectors.closed_decisions()[:100]),
        "may_propose": bool(current_delegations(request.user, acting=True)),
    }
    return render(request, "coalition/decisions/list.html", context)


def _page_context(request, decision: Decision, *, organizer: bool = False) -> dict:
    options = list(decision.options.all())
    english = _english()
    results = selectors.decision_results(decision, options)
    votes, unnamed = selectors.named_votes(decision, options, request.user, organizer=organizer)
    return {
        "decision": decision,
        "options": [(o, selectors.option_label(o, english)) for o in options],
        "labels": {o.pk: selectors.option_label(o, english) for o in options},
        "results": results,
        "votes": votes,
        "unnamed": unnamed,
        "voted": decision.participations.count(),
        "electorate_size": decision.electorate.count(),
        "outcome": getattr(decision, "outcome", None),
        "english": english,
    }


def _vote_form(request, decision: Decision, context: dict, data=None) -> VoteForm | None:
    if not decision.is_open:
        return None
    mandates = selectors.voting_mandates(decision, request.user)
    context["mandates"] = mandates
    may_vote = [m for m in mandates if not m.voted or not decision.anonymous]
    if not may_vote:
        return None
    return VoteForm(
        data,
        decision=decision,
        options=[o for o, _label in context["options"]],
        mandates=may_vote,
        english=context["english"],
    )


@require_safe
def decision_detail(request, pk: int):
    decision = selectors.published_decision(pk)
    if decision is None:
        raise Http404
    context = _page_context(request, decision)
    context["form"] = _vote_form(request, decision, context)
    return render(request, "coalition/decisions/detail.html", context)


@delegate_required
@require_POST
def decision_vote(request, pk: int):
    decision = selectors.published_decision(pk)
    if decision is None:
        raise Http404
    context = _page_context(request, decision)
    form = _vote_form(request, decision, context, request.POST)
    if form is None:
        messages.error(request, _("Your organizations cannot vote on this decision."))
        return redirect("coalition:decision_detail", pk=decision.pk)
    if form.is_valid():
        delegate = form.delegate()
        acting_delegate(request, delegate.organization)
        already = next(m.voted for m in form.mandates if m.delegate.pk == delegate.pk)
        try:
            services.decision_vote(
                actor=request.user,
                delegate=delegate,
                decision=decision,
                choices=form.cleaned_data["choices"],
                reason=form.cleaned_data.get("reason", ""),
                change=already,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your organization's vote is changed.")
                if already
                else _("Your organization's vote is recorded."),
            )
            return redirect("coalition:decision_detail", pk=decision.pk)
    context["form"] = form
    return render(request, "coalition/decisions/detail.html", context, status=400)


@delegate_required
@require_http_methods(["GET", "POST"])
def decision_propose(request):
    """A delegate puts a decision forward for their organization; it waits as a draft until
    an organizer opens it."""
    delegates = current_delegations(request.user, acting=True)
    if not delegates:
        raise PermissionDenied
    form = ProposeForm(
        request.POST or None,
        delegates=delegates,
        english=_english(),
        initial={"closes_at": default_closes_at()},
    )
    if request.method == "POST" and form.is_valid():
        delegate = form.delegate()
        acting_delegate(request, delegate.organization)
        try:
            services.decision_create(
                actor=request.user,
                delegate=delegate,
                **form.decision_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your organization's proposal is sent: an organizer opens it to the vote."),
            )
            return redirect("coalition:decision_list")
    return render(request, "coalition/decisions/propose.html", {"form": form})


# The organizers' pages.


@staff_required(ORGANIZER)
@require_safe
def decision_staff_list(request):
    context = {"decisions": list(selectors.staff_decisions()[:200])}
    return render(request, "coalition/decisions/staff_list.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def decision_new(request):
    form = DecisionForm(request.POST or None, initial={"closes_at": default_closes_at()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=request.user,
                **form.decision_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is drafted. Check it, then open it."))
            return redirect("coalition_staff:decision_staff_detail", pk=decision.pk)
    return render(request, "coalition/decisions/staff_new.html", {"form": form})


@staff_required(ORGANIZER)
@require_safe
def decision_staff_detail(request, pk: int):
    decision = get_object_or_404(
        Decision.objects.select_related(
            "coalition", "outcome", "proposed_by_organization", "proposed_by_delegate__user"
        ),
        pk=pk,
    )
    context = _page_context(request, decision, organizer=is_verified(request, ORGANIZER))
    return render(request, "coalition/decisions/staff_detail.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def decision_options(request, pk: int):
    decision = get_object_or_404(Decision.objects.select_related("coalition"), pk=pk)
    if not decision.is_draft or decision.kind == DecisionKind.PROPOSAL:
        raise Http404
    english = _english()
    current = "\n".join(
        selectors.option_label(o, english)
        if decision.kind == DecisionKind.TIME
        else " | ".join(filter(None, [o.label, o.label_en]))
        for o in decision.options.all()
    )
    form = OptionsForm(request.POST or None, decision=decision, initial={"options": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_options_save(
                actor=request.user, decision=decision, options=form.cleaned_data["options"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The options are saved."))
            return redirect("coalition_staff:decision_staff_detail", pk=decision.pk)
    return render(
        request, "coalition/decisions/staff_options.html", {"decision": decision, "form": form}
    )


@staff_required(ORGANIZER)
@require_POST
def decision_open(request, pk: int):
    decision = get_object_or_404(Decision, pk=pk)
    try:
        services.decision_open(actor=request.user, decision=decision)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The decision is open: the member organizations can vote."))
    return redirect("coalition_staff:decision_staff_detail", pk=decision.pk)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def decision_outcome(request, pk: int):
    decision = get_object_or_404(Decision.objects.select_related("coalition", "outcome"), pk=pk)
    if not decision.is_closed:
        raise Http404
    outcome = getattr(decision, "outcome", None)
    initial = (
        {
            "statement": outcome.statement,
            "statement_en": outcome.statement_en,
            "review_on": outcome.review_on,
        }
        if outcome
        else {}
    )
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_outcome_record(
                actor=request.user,
                decision=decision,
                statement=data["statement"],
                statement_en=data["statement_en"],
                review_on=data["review_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("coalition_staff:decision_staff_detail", pk=decision.pk)
    return render(
        request, "coalition/decisions/staff_outcome.html", {"decision": decision, "form": form}
    )
