"""The organizations' pages: the directory's entries, registering, "my organizations",
the primary delegate's management, members who opt in, vouching; and the organizers'
verification pages (under /staff/coalition/organizations/)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import has_second_factor, staff_required
from jisr.accounts.roles import Role

from . import organization_selectors as selectors
from .acting import (
    acting_delegate,
    current_delegations,
    delegate_required,
    managing_delegate,
)
from .models import Delegate, Organization, OrganizationStatus
from .organization_forms import (
    ActAsForm,
    AppointForm,
    EvidenceForm,
    OrganizationForm,
    RejectForm,
)
from .services import organizations as services

ORGANIZER = Role.ORGANIZER


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _vouching_delegations(delegations: list[Delegate], organization: Organization):
    """The user's mandates that may vouch for ``organization`` (pending, not their own)."""
    if organization.status != OrganizationStatus.PENDING:
        return []
    return [
        d
        for d in delegations
        if d.may_act and d.organization.is_verified and d.organization_id != organization.pk
    ]


@require_safe
def detail(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    delegations = current_delegations(request.user)
    if not selectors.may_see(request.user, organization, delegations):
        raise Http404
    show_delegates = selectors.may_see_delegates(request.user, organization, delegations)
    vouchers = _vouching_delegations(delegations, organization)
    context = {
        "organization": organization,
        "coalitions": selectors.current_coalitions(organization),
        "affiliation": (
            selectors.affiliation_of(request.user, organization)
            if organization.is_verified
            else None
        ),
        "delegates": selectors.open_delegates(organization) if show_delegates else None,
        "own": any(d.organization_id == organization.pk for d in delegations),
        "vouch_form": ActAsForm(delegations=vouchers) if vouchers else None,
    }
    return render(request, "coalition/organizations/detail.html", context)


@login_required
@require_POST
def affiliate(request, pk: int):
    """Declare or withdraw one's membership, and opt in or out of sharing one's contact."""
    organization = get_object_or_404(Organization, pk=pk, status=OrganizationStatus.VERIFIED)
    member = request.POST.get("member") == "1"
    try:
        services.affiliation_set(
            actor=request.user,
            organization=organization,
            member=member,
            share_contact=member and request.POST.get("share_contact") == "1",
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("coalition:organization_detail", pk=organization.pk)


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            organization = services.organization_register(actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Registered. An organizer will verify the organization; you are its "
                    "primary delegate."
                ),
            )
            return redirect("coalition:organization_detail", pk=organization.pk)
    return render(request, "coalition/organizations/register.html", {"form": form})


@login_required
@require_safe
def mine(request):
    """The user's mandates with their organization's status, what a primary manages, and
    the pending organizations their verified organizations may vouch for."""
    delegations = current_delegations(request.user)
    primary = [d for d in delegations if d.role == "primary"]
    team: dict[int, list[Delegate]] = {d.organization_id: [] for d in primary}
    if team:
        for mandate in (
            Delegate.objects.filter(organization__in=list(team), ends_on__isnull=True)
            .exclude(role="primary")
            .select_related("user")
            .order_by("role", "pk")
        ):
            team[mandate.organization_id].append(mandate)
    mandates = [{"delegation": d, "team": team.get(d.organization_id)} for d in delegations]
    may_vouch = any(d.may_act and d.organization.is_verified for d in delegations)
    to_vouch = (
        list(Organization.objects.filter(status=OrganizationStatus.PENDING)) if may_vouch else []
    )
    context = {
        "delegations": delegations,
        "mandates": mandates,
        "to_vouch": [o for o in to_vouch if o.pk not in {d.organization_id for d in delegations}],
        "has_second_factor": has_second_factor(request.user),
        "appoint_form": AppointForm(),
        "affiliations": list(request.user.affiliations.select_related("organization")),
    }
    return render(request, "coalition/organizations/mine.html", context)


@delegate_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    delegate = managing_delegate(request, organization)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.organization_update(delegate=delegate, organization=organization, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organization's profile is saved."))
            return redirect("coalition:organization_detail", pk=organization.pk)
    context = {"form": form, "organization": organization}
    return render(request, "coalition/organizations/edit.html", context)


@delegate_required
@require_POST
def appoint(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    delegate = managing_delegate(request, organization)
    form = AppointForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("coalition:organization_mine")
    try:
        services.delegate_appoint_by_email(
            delegate=delegate,
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Appointed."))
    return redirect("coalition:organization_mine")


@delegate_required
@require_POST
def mandate_end(request, pk: int):
    mandate = get_object_or_404(Delegate, pk=pk)
    delegate = managing_delegate(request, mandate.organization)
    try:
        services.delegate_end_by_primary(delegate=delegate, mandate=mandate)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The mandate is ended."))
    return redirect("coalition:organization_mine")


@delegate_required
@require_POST
def vouch(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    delegations = current_delegations(request.user, acting=True)
    form = ActAsForm(request.POST, delegations=_vouching_delegations(delegations, organization))
    if not form.is_valid():
        raise PermissionDenied
    delegate = acting_delegate(request, form.cleaned_data["delegate"].organization)
    try:
        services.organization_vouch(delegate=delegate, organization=organization)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your organization vouched for this one."))
    return redirect("coalition:organization_detail", pk=organization.pk)


@delegate_required
@require_safe
def members(request, pk: int):
    """The organization's members who opted in to share their contact: for its own acting
    delegates only."""
    organization = get_object_or_404(Organization, pk=pk)
    acting_delegate(request, organization)
    context = {
        "organization": organization,
        "members": selectors.sharing_members(organization),
        "counts": selectors.member_counts(organization),
    }
    return render(request, "coalition/organizations/members.html", context)


@delegate_required
@require_POST
def members_csv(request, pk: int):
    """The same list as a CSV file (an audited export)."""
    organization = get_object_or_404(Organization, pk=pk)
    delegate = acting_delegate(request, organization)
    try:
        rows = services.members_export(delegate=delegate, organization=organization)
    except ValidationError as error:
        _errors(request, error)
        return redirect("coalition:organization_members", pk=organization.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="organization-{pk}-members.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail"), _("Member since")])
    for row in rows:
        writer.writerow([row["name"], row["email"], row["since"].isoformat()])
    return response


# Organizers: verification.


@staff_required(ORGANIZER)
@require_safe
def queue(request):
    organizations = list(selectors.verification_queue()[:200])
    return render(
        request, "coalition/organizations/staff_queue.html", {"organizations": organizations}
    )


@staff_required(ORGANIZER)
@require_safe
def review(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    return render(request, "coalition/organizations/staff_review.html", _review(organization))


def _review(organization, **forms) -> dict:
    return {
        "organization": organization,
        "delegates": selectors.open_delegates(organization),
        "evidence": list(organization.evidence.select_related("recorded_by").order_by("pk")),
        "vouches": list(
            organization.vouches.select_related("voucher").order_by("created_at", "pk")
        ),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
    }


@staff_required(ORGANIZER)
@require_POST
def evidence_add(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                organization=organization,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                url=form.cleaned_data["url"],
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evidence is recorded."))
            return redirect("coalition_staff:organization_review", pk=organization.pk)
    context = _review(organization, evidence_form=form)
    return render(request, "coalition/organizations/staff_review.html", context, status=400)


@staff_required(ORGANIZER)
@require_POST
def verify(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    try:
        services.organization_verify(actor=request.user, organization=organization)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The organization is verified."))
    return redirect("coalition_staff:organization_review", pk=organization.pk)


@staff_required(ORGANIZER)
@require_POST
def reject(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.organization_reject(
                actor=request.user, organization=organization, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("The organization is marked as not verified."))
            return redirect("coalition_staff:organization_queue")
    context = _review(organization, reject_form=form)
    return render(request, "coalition/organizations/staff_review.html", context, status=400)
