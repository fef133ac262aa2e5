"""The treasurer's, auditor's and organizers' pages, under /staff/treasury/. Every page
needs the role and a session that passed the second factor (``staff_required``); reading
a donor's identity or an expense's payee is written to the audit log."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits

from . import selectors, services
from .forms import CampaignForm, ContributionForm, ExpenseForm, PendingBatchForm, TransferForm
from .models import Campaign, Contribution, Expense, ExpenseStatus

TREASURER, AUDITOR, ORGANIZER = Role.TREASURER, Role.AUDITOR, Role.ORGANIZER


def _can(request) -> dict:
    """What the person may do here, so no page links to one that answers 403."""
    return {
        "can_treasure": is_verified(request, TREASURER),
        "can_plan": is_verified(request, TREASURER, ORGANIZER),
        "can_audit": is_verified(request, TREASURER, AUDITOR),
    }


def _page(request, items, size=50):
    return Paginator(items, size).get_page(to_ascii_digits(request.GET.get("page") or "") or 1)


@staff_required(TREASURER, AUDITOR, ORGANIZER)
@require_safe
def index(request):
    totals = selectors.campaign_totals()
    campaigns = _page(
        request, Campaign.objects.select_related("parent").order_by("-starts_on", "-pk")
    )
    for campaign in campaigns:
        campaign.total = totals[campaign.pk]
    context = {"page_obj": campaigns, **_can(request)}
    if context["can_treasure"]:
        context["pending"] = selectors.pending_contributions().count()
    return render(request, "treasury/staff/index.html", context)


@staff_required(TREASURER, ORGANIZER)
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    form = CampaignForm(request.POST or None, initial={"is_public": True, "currency": "USD"})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("treasury:campaign", campaign.pk)
    return render(request, "treasury/staff/campaign_form.html", {"form": form})


@staff_required(TREASURER, ORGANIZER)
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))
    parent = cast(forms.ModelChoiceField, form.fields["parent"])
    if parent.queryset is not None:  # not a part of itself
        parent.queryset = parent.queryset.exclude(pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("treasury_staff:index")
    context = {"form": form, "campaign": campaign}
    return render(request, "treasury/staff/campaign_form.html", context)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def pending(request):
    """Every contribution waiting for its money, oldest expiry first, marked as paid in
    batches with what actually arrived."""
    waiting = list(selectors.pending_contributions()[:200])
    form = PendingBatchForm(request.POST or None, contributions=waiting)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.contributions_mark_paid(
                actor=request.user, payments=form.cleaned_data["payments"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Marked as paid: %(count)d.") % {"count": len(done)})
            return redirect("treasury_staff:pending")
    return render(request, "treasury/staff/pending.html", {"form": form})


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def contribution_new(request):
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = services.contribution_record(
                actor=request.user,
                campaign=data["campaign"],
                method=data["method"],
                currency=data["campaign"].currency,
                gross=data["gross"],
                fee=data["fee"],
                received_on=data["received_on"],
                name=data["name"],
                contact=data["contact"],
                display=data["display"],
                nickname=data["nickname"],
                attested=data["attested"],
                in_kind_description=data["in_kind_description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect("treasury_staff:contribution", contribution.pk)
    return render(request, "treasury/staff/contribution_form.html", {"form": form})


@staff_required(TREASURER, AUDITOR)
@require_safe
def contribution_detail(request, pk: int):
    """One contribution with its donor's identity: opening this page is an audited read."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("campaign", "donor"), pk=pk
    )
    identity = services.access_donor(actor=request.user, donor=contribution.donor)
    context = {"contribution": contribution, "identity": identity, **_can(request)}
    return render(request, "treasury/staff/contribution.html", context)


@staff_required(TREASURER)
@require_POST
def contribution_cancel(request, pk: int):
    contribution = get_object_or_404(Contribution, pk=pk)
    try:
        services.contribution_cancel(actor=request.user, contribution=contribution)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Contribution cancelled."))
    return redirect("treasury_staff:pending")


@staff_required(TREASURER, AUDITOR, ORGANIZER)
@require_safe
def expenses(request):
    page = _page(request, selectors.expenses_for_staff())
    return render(request, "treasury/staff/expenses.html", {"page_obj": page, **_can(request)})


@staff_required(TREASURER, ORGANIZER)
@require_http_methods(["GET", "POST"])
def expense_new(request):
    form = ExpenseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expense = services.expense_submit(
                actor=request.user,
                campaign=data["campaign"],
                description=data["description"],
                payee=data["payee"],
                currency=data["campaign"].currency,
                amount=data["amount"],
                spent_on=data["spent_on"],
                receipt=data["receipt"],
                no_receipt_reason=data["no_receipt_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Expense submitted. Two different people must approve it."))
            return redirect("treasury_staff:expense", expense.pk)
    return render(request, "treasury/staff/expense_form.html", {"form": form})


@staff_required(TREASURER, AUDITOR, ORGANIZER)
@require_safe
def expense_detail(request, pk: int):
    expense = get_object_or_404(Expense.objects.select_related("campaign"), pk=pk)
    can = _can(request)
    # The payee is the treasurer's and the auditor's to read (an audited read).
    payee = (
        services.access_expense_payee(actor=request.user, expense=expense)
        if can["can_audit"]
        else None
    )
    context = {
        "expense": expense,
        "payee": payee,
        "approvals": expense.approvals.count(),
        **can,
    }
    return render(request, "treasury/staff/expense.html", context)


@staff_required(TREASURER, ORGANIZER)
@require_POST
def expense_approve(request, pk: int):
    expense = get_object_or_404(Expense, pk=pk)
    try:
        expense = services.expense_approve(actor=request.user, expense=expense)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if expense.status == ExpenseStatus.APPROVED:
            messages.success(request, _("Approved by two people: it can be paid."))
        else:
            messages.success(request, _("Approved. One more person must approve it."))
    return redirect("treasury_staff:expense", pk)


@staff_required(TREASURER)
@require_POST
def expense_pay(request, pk: int):
    expense = get_object_or_404(Expense, pk=pk)
    try:
        services.expense_pay(actor=request.user, expense=expense, paid_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Expense paid and written to the ledger."))
    return redirect("treasury_staff:expense", pk)


@staff_required(TREASURER, AUDITOR)
@require_safe
def expense_receipt(request, pk: int):
    expense = get_object_or_404(Expense, pk=pk)
    if not expense.receipt:
        raise Http404
    services.access_expense_payee(actor=request.user, expense=expense)
    return FileResponse(expense.receipt.open("rb"), as_attachment=True)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def transfer(request):
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_to_centre(
                actor=request.user,
                campaign=data["campaign"],
                currency=data["campaign"].currency,
                amount=data["amount"],
                transferred_on=data["transferred_on"],
                account=data["account"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Transfer to the centre written to the ledger."))
            return redirect("treasury_staff:ledger")
    return render(request, "treasury/staff/transfer.html", {"form": form})


@staff_required(TREASURER, AUDITOR)
@require_safe
def ledger(request):
    page = _page(request, selectors.ledger_entries(), size=100)
    return render(request, "treasury/staff/ledger.html", {"page_obj": page})


@staff_required(TREASURER, AUDITOR)
@require_safe
def ledger_csv(request):
    """The whole ledger, one entry per line exactly as the published hashes read it
    (docs/treasury.md): ``sha256sum`` of this file is the transparency page's figure."""
    lines = (selectors.ledger_line(entry) for entry in selectors.ledger_rows().iterator())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jisr-ledger.csv"'
    return response
