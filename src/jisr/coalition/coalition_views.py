"""The coalitions' pages: the public page of a coalition, a delegate's page for their own
organization's commitments and offers, and the organizers' pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role

from . import coalition_selectors as selectors
from .acting import acting_delegate, current_delegations, delegate_required
from .coalition_forms import (
    AdmitForm,
    CoalitionForm,
    MembershipForm,
    WorkingGroupAddForm,
    WorkingGroupForm,
)
from .models import Coalition, CoalitionMembership, Organization, OrganizationStatus
from .services import coalitions as services

ORGANIZER = Role.ORGANIZER


@require_safe
def coalition_detail(request, pk: int):
    """The charter in the page's language, the current members (only the public verified
    ones to visitors), former members with their dates, what each commits to and offers,
    and the working groups. Never a delegate."""
    try:
        page = selectors.coalition_page(
            pk, public_only=not selectors.sees_members_only(request.user)
        )
    except Coalition.DoesNotExist:
        raise Http404 from None
    mine = {d.organization_id for d in current_delegations(request.user, acting=True)}
    return render(
        request,
        "coalition/coalitions/detail.html",
        {"page": page, "coalition": page.coalition, "mine": mine},
    )


@delegate_required
@require_http_methods(["GET", "POST"])
def coalition_membership_edit(request, pk: int):
    """A delegate edits their own organization's commitments and offers."""
    membership = get_object_or_404(
        CoalitionMembership.objects.select_related("organization", "coalition"),
        pk=pk,
        left_on__isnull=True,
    )
    delegate = acting_delegate(request, membership.organization)
    form = MembershipForm(
        request.POST or None,
        initial={"commitments": membership.commitments, "offers": membership.offers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_describe(
                delegate=delegate, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("coalition:coalition_detail", membership.coalition_id)
    context = {"form": form, "membership": membership}
    return render(request, "coalition/coalitions/membership_form.html", context)


# The organizers' pages.


@staff_required(ORGANIZER)
@require_safe
def staff_coalitions(request):
    coalitions = list(selectors.coalitions_listed(public_only=False))
    return render(request, "coalition/coalitions/staff_list.html", {"coalitions": coalitions})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def staff_coalition_new(request):
    form = CoalitionForm(request.POST or None, initial={"status": "active"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        status = data.pop("status")
        try:
            coalition = services.coalition_create(actor=request.user, **data)
            if status != coalition.status:
                services.coalition_update(actor=request.user, coalition=coalition, status=status)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Coalition saved."))
            return redirect("coalition_staff:coalition_manage", coalition.pk)
    return render(request, "coalition/coalitions/staff_form.html", {"form": form})


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def staff_coalition_edit(request, pk: int):
    coalition = get_object_or_404(Coalition, pk=pk)
    initial = {name: getattr(coalition, name) for name in services.COALITION_FIELDS}
    form = CoalitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coalition_update(actor=request.user, coalition=coalition, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Coalition saved."))
            return redirect("coalition_staff:coalition_manage", coalition.pk)
    context = {"form": form, "coalition": coalition}
    return render(request, "coalition/coalitions/staff_form.html", context)


def _candidates(coalition: Coalition):
    current = coalition.memberships.filter(left_on__isnull=True).values("organization_id")
    return Organization.objects.filter(status=OrganizationStatus.VERIFIED).exclude(pk__in=current)


def _members(coalition: Coalition):
    current = coalition.memberships.filter(left_on__isnull=True).values("organization_id")
    return Organization.objects.filter(pk__in=current)


@staff_required(ORGANIZER)
@require_safe
def staff_coalition_manage(request, pk: int):
    """Members (with their delegates: organizers only), admitting and leaving, working
    groups."""
    coalition = get_object_or_404(Coalition, pk=pk)
    page = selectors.coalition_page(pk, public_only=False)
    delegates = selectors.delegates_by_organization(m.organization_id for m in page.current)
    for membership in page.current:
        membership.delegates = delegates.get(membership.organization_id, [])
    context = {
        "coalition": coalition,
        "page": page,
        "admit": AdmitForm(candidates=_candidates(coalition), prefix="admit"),
        "group_form": WorkingGroupForm(prefix="group"),
        "add_form": WorkingGroupAddForm(
            groups=coalition.working_groups.all(), members=_members(coalition), prefix="add"
        )
        if page.groups
        else None,
    }
    return render(request, "coalition/coalitions/staff_manage.html", context)


@staff_required(ORGANIZER)
@require_POST
def staff_coalition_admit(request, pk: int):
    coalition = get_object_or_404(Coalition, pk=pk)
    form = AdmitForm(request.POST, candidates=_candidates(coalition), prefix="admit")
    if form.is_valid():
        try:
            services.coalition_join(
                actor=request.user,
                coalition=coalition,
                organization=form.cleaned_data["organization"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The organization joined the coalition."))
    else:
        messages.error(request, _("Choose a verified organization that is not a member yet."))
    return redirect("coalition_staff:coalition_manage", coalition.pk)


@staff_required(ORGANIZER)
@require_POST
def staff_coalition_leave(request, pk: int):
    membership = get_object_or_404(CoalitionMembership, pk=pk)
    try:
        services.coalition_leave(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded: the organization left the coalition."))
    return redirect("coalition_staff:coalition_manage", membership.coalition_id)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def staff_coalition_membership(request, pk: int):
    membership = get_object_or_404(
        CoalitionMembership.objects.select_related("organization", "coalition"), pk=pk
    )
    form = MembershipForm(
        request.POST or None,
        initial={"commitments": membership.commitments, "offers": membership.offers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("coalition_staff:coalition_manage", membership.coalition_id)
    context = {"form": form, "membership": membership, "staff": True}
    return render(request, "coalition/coalitions/membership_form.html", context)


@staff_required(ORGANIZER)
@require_POST
def staff_group_new(request, pk: int):
    coalition = get_object_or_404(Coalition, pk=pk)
    form = WorkingGroupForm(request.POST, prefix="group")
    if form.is_valid():
        try:
            services.working_group_create(
                actor=request.user, coalition=coalition, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Working group created."))
    else:
        messages.error(request, _("A working group needs a name."))
    return redirect("coalition_staff:coalition_manage", coalition.pk)


@staff_required(ORGANIZER)
@require_POST
def staff_group_add(request, pk: int):
    coalition = get_object_or_404(Coalition, pk=pk)
    form = WorkingGroupAddForm(
        request.POST,
        groups=coalition.working_groups.all(),
        members=_members(coalition),
        prefix="add",
    )
    if form.is_valid():
        try:
            services.working_group_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The organization joined the working group."))
    else:
        messages.error(
            request, _("Only a current member of the coalition can join its working groups.")
        )
    return redirect("coalition_staff:coalition_manage", coalition.pk)
