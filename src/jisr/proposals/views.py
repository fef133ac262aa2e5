"""The members' side of proposals: the list, the proposal page with its public timeline,
writing and submitting, supporting, reporting, withdrawing, and in-platform notices."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified
from jisr.accounts.roles import Role, has_role
from jisr.core.panels import panels
from jisr.core.text.digits import to_ascii_digits

from . import ratelimit, selectors, services, states
from .forms import FilterForm, ProposalForm, ReportForm
from .models import STATUS_LABELS, Notification, OfficeAccount, Proposal
from .states import Actor, Status

PAGE_SIZE = 20

# The staff who read proposals still in review (the treasury's roles do not).
PROPOSAL_STAFF = (Role.MODERATOR, Role.ORGANIZER)


# --- Helpers --------------------------------------------------------------------------------


def _page(request, items, size=PAGE_SIZE):
    return Paginator(items, size).get_page(to_ascii_digits(request.GET.get("page") or "") or 1)


def _query_without(request, *params) -> str:
    query = request.GET.copy()
    for param in params:
        query.pop(param, None)
    return query.urlencode()


def _signed_in(*, member: bool):
    """Let in signed-in people (holding the member role when ``member``). A visitor is sent
    to sign in and then back to the page, or for a form on a proposal's page, to it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                back = request.get_full_path()
                if request.method == "POST":
                    pk = kwargs.get("pk")
                    back = reverse("proposals:detail", args=[pk]) if pk else reverse("home")
                return redirect_to_login(back)
            if member and not has_role(request.user, Role.MEMBER):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = _signed_in(member=True)
login_required = _signed_in(member=False)


def _too_many(request, explanation: str):
    context = {"status": 429, "title": _("Too many attempts"), "explanation": explanation}
    return render(request, "errors/error.html", context, status=429)


def _proposal_or_404(request, pk: int) -> Proposal:
    try:
        return selectors.access_proposal(
            request.user, pk, staff=is_verified(request, *PROPOSAL_STAFF)
        )
    except Proposal.DoesNotExist as error:
        raise Http404 from error


# --- The list and the proposal page ---------------------------------------------------------


@require_safe
def proposal_list(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"sort": "newest"}
    context = {
        "form": form,
        # The cards show no text: a page of long bodies is not worth carrying.
        "page_obj": _page(request, selectors.proposal_list(**filters).defer("body")),
        "query": _query_without(request, "page"),
        "filtered": any(v for k, v in filters.items() if k != "sort"),
    }
    return render(request, "proposals/list.html", context)


def _office_pending(user, proposal: Proposal) -> bool:
    """Whether the user answers for a representative who has this proposal unanswered."""
    if not has_role(user, Role.REPRESENTATIVE_OFFICE):
        return False
    try:
        representative = user.office.representative_id
    except OfficeAccount.DoesNotExist:
        return False
    return any(
        d.representative_id == representative and getattr(d, "answer", None) is None
        for d in proposal.deliveries.all()
    )


@require_safe
def proposal_detail(request, pk: int):
    user = request.user
    try:
        proposal = selectors.access_proposal(user, pk, staff=is_verified(request, *PROPOSAL_STAFF))
    except Proposal.DoesNotExist as error:
        # An old link to a merged duplicate leads to the proposal that absorbed it.
        survivor = (
            Proposal.objects.filter(
                pk=pk, status=Status.MERGED, merged_into__in=selectors.public_proposals()
            )
            .values_list("merged_into_id", flat=True)
            .first()
        )
        if survivor:
            return redirect("proposals:detail", survivor)
        raise Http404 from error
    public = proposal.status in states.PUBLIC and not proposal.hidden
    is_author = user.is_authenticated and proposal.author_id == user.pk
    is_staff = is_verified(request, *PROPOSAL_STAFF)
    may_act = public and user.is_authenticated and not is_author
    milestones = list(proposal.milestones.all())
    context = {
        "proposal": proposal,
        "unread_notices": selectors.unread_notices(user, proposal=proposal),
        "public": public,
        "is_author": is_author,
        "timeline": selectors.proposal_timeline(proposal, full=is_author or is_staff),
        "deliveries": list(proposal.deliveries.all()),
        "links": list(proposal.links.all()),
        "progress": milestones[-1].progress if milestones else None,
        "can_support": may_act and has_role(user, Role.MEMBER),
        "supporting": may_act and selectors.is_supporting(user, proposal),
        "report_form": ReportForm() if may_act else None,
        "can_edit": is_author and proposal.status == Status.DRAFT,
        "can_withdraw": is_author
        and states.allowed(proposal.status, Status.WITHDRAWN, Actor.AUTHOR),
        "can_resubmit": is_author
        and states.allowed(proposal.status, Status.SUBMITTED, Actor.AUTHOR)
        and proposal.status != Status.DRAFT,
        "is_moderator": is_verified(request, Role.MODERATOR),
        "is_organizer": is_verified(request, Role.ORGANIZER),
        "ready_for_delivery": is_staff and services.ready_for_delivery(proposal),
        "office_pending": _office_pending(user, proposal),
        # What higher apps add to a public proposal: the share kit's link (core.panels).
        "share": panels("proposals.proposal.share", request, proposal) if public else [],
        # Sections higher apps add to a public proposal: the organizations that carry or
        # endorse it (coalition).
        "sections": panels("proposals.proposal.sections", request, proposal) if public else [],
    }
    return render(request, "proposals/detail.html", context)


# --- Writing and submitting -----------------------------------------------------------------


def _render_form(request, form, proposal, status=200):
    context = {"form": form, "proposal": proposal}
    return render(request, "proposals/form.html", context, status=status)


def _submit(request, form, proposal):
    """Save the text and submit it, in one transaction: either the member is told it was
    submitted, or nothing changed."""
    usage = ratelimit.consume(request, "submit")
    if usage is None:
        form.add_error(
            None,
            _(
                "You have submitted several proposals in the last hour. Your text is still "
                "here: save it as a draft and submit it a little later."
            ),
        )
        return _render_form(request, form, proposal, status=429)
    try:
        submitted = services.proposal_save_and_submit(
            actor=request.user, proposal=proposal, **form.service_arguments()
        )
    except ValidationError as error:
        usage.rollback()
        form.add_error(None, error)
        return _render_form(request, form, proposal)
    if submitted.status == Status.PUBLISHED:
        messages.success(request, _("Thank you. Your proposal is published."))
    else:
        messages.success(
            request,
            _(
                "Thank you. Your proposal was submitted; the moderators will read it before "
                "it is published. You will find its progress under My proposals."
            ),
        )
    return redirect("proposals:detail", submitted.pk)


def _save_draft(request, form, proposal):
    usage = ratelimit.consume(request, "draft")
    if usage is None:
        form.add_error(
            None, _("You have saved many drafts in the last hour. Please wait a little.")
        )
        return _render_form(request, form, proposal, status=429)
    try:
        draft = services.proposal_save_draft(
            actor=request.user, proposal=proposal, **form.service_arguments()
        )
    except ValidationError as error:
        usage.rollback()
        form.add_error(None, error)
        return _render_form(request, form, proposal)
    messages.success(request, _("Your draft is saved. Only you can see it."))
    return redirect("proposals:edit", draft.pk)


def _write(request, proposal: Proposal | None):
    """The form for a new proposal or a draft. "Submit" first shows the published
    proposals that look the same, so the member can support one of them instead;
    "submit mine anyway" (action ``confirm``) submits."""
    if request.method == "GET":
        if proposal is None:
            form = ProposalForm(initial={"language": request.LANGUAGE_CODE})
        else:
            form = ProposalForm.for_proposal(proposal)
        return _render_form(request, form, proposal)
    if proposal is None:
        form = ProposalForm(request.POST)
    else:
        form = ProposalForm.for_proposal(proposal, request.POST)
    action = request.POST.get("action", "draft")
    if action == "edit" or not form.is_valid():
        return _render_form(request, form, proposal)
    if action == "submit":
        similar = selectors.similar_proposals(
            form.cleaned_data["title"],
            form.cleaned_data["body"],
            exclude=proposal.pk if proposal else None,
        )
        if similar:
            context = {"form": form, "proposal": proposal, "similar": similar}
            return render(request, "proposals/confirm_similar.html", context)
        action = "confirm"
    if action == "confirm":
        return _submit(request, form, proposal)
    return _save_draft(request, form, proposal)


@member_required
@require_http_methods(["GET", "POST"])
def proposal_new(request):
    return _write(request, None)


@member_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.select_related("topic").prefetch_related("targets"),
        pk=pk,
        author=request.user,
    )
    if proposal.status != Status.DRAFT:
        messages.info(request, _("Only a draft can be changed."))
        return redirect("proposals:detail", proposal.pk)
    return _write(request, proposal)


@login_required
@require_safe
def my_proposals(request):
    proposals = (
        Proposal.objects.filter(author=request.user)
        .select_related("topic", "area")
        .order_by("-created_at", "-id")
    )
    page_obj = _page(request, proposals)
    for proposal in page_obj.object_list:
        status = Status(proposal.status)
        proposal.can_edit = status == Status.DRAFT
        proposal.can_withdraw = states.allowed(status, Status.WITHDRAWN, Actor.AUTHOR)
        proposal.can_resubmit = status == Status.WITHDRAWN and states.allowed(
            status, Status.SUBMITTED, Actor.AUTHOR
        )
        proposal.show_message = bool(proposal.moderator_message) and status in (
            Status.DRAFT,
            Status.REJECTED,
        )
    return render(request, "proposals/mine.html", {"page_obj": page_obj})


@login_required
@require_POST
def proposal_withdraw(request, pk: int):
    """The author withdraws the proposal, or (action ``resubmit``) submits it again."""
    proposal = get_object_or_404(Proposal, pk=pk, author=request.user)
    resubmit = request.POST.get("action") == "resubmit"
    usage = None
    if resubmit:
        usage = ratelimit.consume(request, "submit")
        if usage is None:
            return _too_many(
                request,
                _(
                    "You have submitted several proposals in the last hour. Please wait a "
                    "little and try again."
                ),
            )
    try:
        if resubmit:
            services.proposal_resubmit(actor=request.user, proposal=proposal)
        else:
            services.proposal_withdraw(actor=request.user, proposal=proposal)
    except ValidationError:
        if usage is not None:
            usage.rollback()
        messages.error(
            request,
            _("This proposal cannot be submitted again in its present state.")
            if resubmit
            else _("This proposal can no longer be withdrawn."),
        )
    else:
        messages.success(
            request,
            _("Your proposal was submitted again.")
            if resubmit
            else _("Your proposal was withdrawn. It is no longer public."),
        )
    return redirect("proposals:mine")


# --- Supporting and reporting ---------------------------------------------------------------


@member_required
@require_POST
def proposal_support(request, pk: int):
    """Support the proposal, or (action ``withdraw``) take the support back."""
    proposal = _proposal_or_404(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    usage = ratelimit.consume(request, "support")
    if usage is None:
        return _too_many(
            request,
            _(
                "You have supported or withdrawn support many times in the last hour. Nothing "
                "was changed. Please wait a while and try again."
            ),
        )
    try:
        if withdraw:
            changed = services.support_withdraw(actor=request.user, proposal=proposal)
        else:
            changed = services.support_add(actor=request.user, proposal=proposal)
    except ValidationError as error:
        usage.rollback()
        messages.error(request, " ".join(error.messages))
    else:
        if not changed:
            usage.rollback()
        if withdraw:
            messages.success(request, _("Your support was withdrawn."))
        else:
            messages.success(request, _("Thank you for your support."))
    return redirect("proposals:detail", proposal.pk)


@login_required
@require_POST
def proposal_report(request, pk: int):
    proposal = _proposal_or_404(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what is wrong with the proposal to report it."))
        return redirect("proposals:detail", proposal.pk)
    usage = ratelimit.consume(request, "report")
    if usage is None:
        return _too_many(
            request,
            _(
                "You have sent many reports in the last hour. Nothing was changed. Please "
                "wait a while and try again."
            ),
        )
    try:
        services.proposal_report(
            actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        usage.rollback()
        messages.error(request, " ".join(error.messages))
        return redirect("proposals:detail", proposal.pk)
    messages.success(request, _("Thank you. The moderators will look at your report."))
    try:
        selectors.access_proposal(
            request.user, proposal.pk, staff=is_verified(request, *PROPOSAL_STAFF)
        )
    except Proposal.DoesNotExist:
        # The report hid it: back to the list rather than to a missing page.
        return redirect("proposals:list")
    return redirect("proposals:detail", proposal.pk)


# --- Notifications --------------------------------------------------------------------------


@login_required
@require_safe
def notifications(request):
    """The member's notices, newest first. Showing them changes nothing: the member marks
    them read (a GET may come from a prefetching browser or mail client)."""
    notices = Notification.objects.filter(user=request.user).select_related("proposal")
    page_obj = _page(request, notices)
    for notice in page_obj.object_list:
        to = (notice.data or {}).get("to")
        notice.status_label = STATUS_LABELS.get(to) if isinstance(to, str) else None
    context = {"page_obj": page_obj, "newest": selectors.newest_unread_notice(request.user)}
    return render(request, "proposals/notifications.html", context)


@login_required
@require_POST
def notifications_read(request):
    """Mark as read: the notices about one proposal, or all up to the newest shown."""
    try:
        ids = {
            field: int(request.POST[field])
            for field in ("proposal", "upto")
            if request.POST.get(field)
        }
    except ValueError:
        ids = {}
    if not ids:
        messages.error(request, _("That did not work. Reload the page and try again."))
        return redirect("proposals:notifications")
    proposal = ids.pop("proposal", None)
    services.notifications_mark_read(actor=request.user, proposal_id=proposal, **ids)
    if proposal is not None:
        return redirect("proposals:detail", proposal)
    page = to_ascii_digits(request.POST.get("page", ""))
    target = reverse("proposals:notifications")
    return redirect(f"{target}?page={page}" if page.isdigit() else target)
