"""The joint part's pages: the coalition's joint proposals and what became of them, and
the delegates' actions — write a proposal for the coalition, ask it to adopt a member's
proposal, co-sign, endorse. Each action is one service, under the acting delegate's
mandate (``acting.acting_delegate``: an open mandate of an acting role and a session that
passed its second factor)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role
from jisr.proposals import selectors as proposal_selectors
from jisr.proposals.models import Proposal

from . import joint_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .joint_forms import ActingForm, AdoptForm, WriteForm
from .models import JointProposal
from .services import joint as services


@require_safe
def joint_list(request):
    """The coalition's joint proposals with their way through the proposals' flow, the
    proposals organizations endorse, and (for organizers) the adoptions to decide."""
    context = {
        "stories": selectors.joint_stories(request.user),
        "endorsed": selectors.endorsed_stories(request.user),
        "pending": selectors.pending_adoptions() if is_verified(request, Role.ORGANIZER) else [],
        "can_write": bool(current_delegations(request.user, acting=True)),
    }
    return render(request, "coalition/joint/list.html", context)


def _acting(request):
    """The person's acting mandates; an observer only is refused."""
    delegations = current_delegations(request.user, acting=True)
    if not delegations:
        raise PermissionDenied
    return delegations


def _delegate(request, form):
    organization = form.delegations[form.cleaned_data["organization"]].organization
    return acting_delegate(request, organization)


@delegate_required
@require_http_methods(["GET", "POST"])
def joint_write(request):
    """A delegate writes a proposal for a coalition; it goes through the proposals' usual
    flow (moderation first)."""
    delegations = _acting(request)
    form = WriteForm(
        request.POST or None,
        delegations=delegations,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            joint = services.joint_write(
                delegate=_delegate(request, form),
                coalition=form.cleaned_data["coalition"],
                note=form.cleaned_data["note"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The proposal was submitted for the coalition. It is published once the "
                    "moderators have read it, then follows the usual way to the representatives."
                ),
            )
            return redirect("proposals:detail", joint.proposal_id)
    return render(request, "coalition/joint/write.html", {"form": form})


@delegate_required
@require_http_methods(["GET", "POST"])
def joint_adopt(request, pk: int):
    """A delegate asks a coalition of their organization to carry a published proposal."""
    proposal = get_object_or_404(proposal_selectors.public_proposals(), pk=pk)
    delegations = _acting(request)
    form = AdoptForm(request.POST or None, delegations=delegations)
    if request.method == "POST" and form.is_valid():
        try:
            services.joint_propose_adoption(
                delegate=_delegate(request, form),
                coalition=form.cleaned_data["coalition"],
                proposal=proposal,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The coalition's organizers will confirm the adoption."),
            )
            return redirect("proposals:detail", proposal.pk)
    return render(request, "coalition/joint/adopt.html", {"form": form, "proposal": proposal})


@delegate_required
@require_POST
def joint_cosign(request, pk: int):
    joint = get_object_or_404(JointProposal, pk=pk)
    form = ActingForm(request.POST, delegations=_acting(request))
    if not form.is_valid():
        messages.error(request, _("Choose one of the organizations you act for."))
    else:
        try:
            services.joint_cosign(delegate=_delegate(request, form), joint=joint)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your organization co-signs this joint proposal."))
    return redirect("proposals:detail", joint.proposal_id)


@delegate_required
@require_POST
def joint_endorse(request, pk: int):
    """Endorse the proposal for the organization, or (action ``withdraw``) take it back."""
    try:
        proposal = proposal_selectors.public_proposals().get(pk=pk)
    except Proposal.DoesNotExist as error:
        raise Http404 from error
    withdraw = request.POST.get("action") == "withdraw"
    form = ActingForm(request.POST, delegations=_acting(request))
    if not form.is_valid():
        messages.error(request, _("Choose one of the organizations you act for."))
    else:
        service = services.endorsement_withdraw if withdraw else services.endorsement_give
        try:
            service(delegate=_delegate(request, form), proposal=proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your organization's endorsement was withdrawn.")
                if withdraw
                else _("Your organization endorses this proposal."),
            )
    return redirect("proposals:detail", proposal.pk)


@staff_required(Role.ORGANIZER)
@require_POST
def joint_decide(request, pk: int):
    """An organizer confirms (action ``adopt``) or declines an adoption a delegate asked."""
    joint = get_object_or_404(JointProposal, pk=pk)
    adopt = request.POST.get("action") == "adopt"
    try:
        services.joint_decide(actor=request.user, joint=joint, adopt=adopt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The coalition carries this proposal.") if adopt else _("The adoption was declined."),
        )
    return redirect("coalition:joint_list")
