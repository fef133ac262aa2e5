"""Pages of the cash count sheets, pledges and dues. Staff pages (under /staff/treasury/)
need the role and the second factor: the treasurer writes, the auditor reads. A member sets
and stops their own dues on /treasury/mine/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified, staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits

from . import cash_selectors as selectors
from .cash_forms import CountSheetForm, DepositForm, DuesForm, ExplainForm, PledgeForm
from .models import Campaign
from .models.cash import CountSheet, Pledge, PledgeKind
from .services import access_donor
from .services import cash as services

TREASURER, AUDITOR = Role.TREASURER, Role.AUDITOR


def _fail(form, error: ValidationError) -> None:
    form.add_error(None, error)


@staff_required(TREASURER, AUDITOR)
@require_safe
def sheets(request):
    context = {
        "sheets": selectors.count_sheets()[:200],
        "can_treasure": is_verified(request, TREASURER),
    }
    return render(request, "treasury/cash/sheets.html", context)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def sheet_new(request):
    """First the campaign (its currency decides the notes and coins), then the count."""
    pk = to_ascii_digits(request.GET.get("campaign") or "")
    campaign = Campaign.objects.filter(pk=pk).first() if pk.isdigit() else None
    if campaign is None:
        campaigns = Campaign.objects.order_by("-starts_on", "-pk")
        return render(request, "treasury/cash/sheet_campaign.html", {"campaigns": campaigns})
    form = CountSheetForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = services.count_sheet_create(
                actor=request.user,
                campaign=campaign,
                label=data["label"],
                counted_on=data["counted_on"],
                currency=campaign.currency,
                counts=data["counts"],
                gifts=data["gifts"],
                difference_reason=data["difference_reason"],
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request, _("Sheet signed by you. A second treasurer must count and sign it.")
            )
            return redirect("treasury_staff:cash_sheet", sheet.pk)
    return render(request, "treasury/cash/sheet_form.html", {"form": form, "campaign": campaign})


@staff_required(TREASURER, AUDITOR)
@require_safe
def sheet_detail(request, pk: int):
    """The sheet with its donors' names, for the second signer to check: an audited read
    of each donor."""
    try:
        sheet = selectors.count_sheet(pk)
    except CountSheet.DoesNotExist:
        raise Http404 from None
    gifts = [
        (gift, access_donor(actor=request.user, donor=gift.donor)) for gift in sheet.gifts.all()
    ]
    can_treasure = is_verified(request, TREASURER)
    context = {
        "sheet": sheet,
        "gifts": gifts,
        "given": sum(gift.amount for gift in sheet.gifts.all()),
        "can_treasure": can_treasure,
        "deposit_form": DepositForm(currency=sheet.currency, initial={"amount": None}),
        "explain_form": ExplainForm(),
    }
    return render(request, "treasury/cash/sheet.html", context)


@staff_required(TREASURER)
@require_POST
def sheet_sign(request, pk: int):
    sheet = get_object_or_404(CountSheet, pk=pk)
    try:
        services.count_sheet_sign(actor=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Signed by two people: the gifts are booked as cash."))
    return redirect("treasury_staff:cash_sheet", pk)


@staff_required(TREASURER)
@require_POST
def sheet_deposit(request, pk: int):
    sheet = get_object_or_404(CountSheet, pk=pk)
    form = DepositForm(request.POST, currency=sheet.currency)
    if form.is_valid() and form.cleaned_data["minor"] is not None:
        try:
            services.count_sheet_deposit(
                actor=request.user,
                sheet=sheet,
                amount=form.cleaned_data["minor"],
                deposited_on=form.cleaned_data["deposited_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Deposit recorded: the cash is now in the bank account."))
    else:
        messages.error(request, _("Enter the amount the bank received and the date."))
    return redirect("treasury_staff:cash_sheet", pk)


@staff_required(TREASURER)
@require_POST
def sheet_explain(request, pk: int):
    sheet = get_object_or_404(CountSheet, pk=pk)
    form = ExplainForm(request.POST)
    try:
        services.count_sheet_explain(
            actor=request.user,
            sheet=sheet,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Difference explained."))
    return redirect("treasury_staff:cash_sheet", pk)


@staff_required(TREASURER, AUDITOR)
@require_safe
def pledges(request):
    context = {
        "pledges": selectors.with_progress(selectors.pledges()[:200]),
        "can_treasure": is_verified(request, TREASURER),
    }
    return render(request, "treasury/cash/pledges.html", context)


@staff_required(TREASURER)
@require_http_methods(["GET", "POST"])
def pledge_new(request):
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_dues = data["kind"] == "dues"
        try:
            services.pledge_make(
                actor=request.user,
                campaign=data["campaign"],
                currency=data["campaign"].currency,
                starts_on=data["starts_on"],
                total=None if is_dues else data["minor"],
                count=None if is_dues else data["count"],
                amount=data["minor"] if is_dues else None,
                frequency=data["frequency"],
                name=data["name"],
                contact=data["contact"],
                display=data["display"],
                nickname=data["nickname"],
                attested=data["attested"],
                member=data["member"],
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Saved. Each instalment is expected when it falls due."))
            return redirect("treasury_staff:pledges")
    return render(request, "treasury/cash/pledge_form.html", {"form": form})


@staff_required(TREASURER)
@require_POST
def pledge_stop(request, pk: int):
    pledge = get_object_or_404(Pledge, pk=pk)
    try:
        services.pledge_stop(actor=request.user, pledge=pledge)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Stopped: nothing more will be expected."))
    return redirect("treasury_staff:pledges")


# --- The member's own -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dues_new(request):
    form = DuesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pledge_make(
                actor=request.user,
                campaign=data["campaign"],
                currency=data["campaign"].currency,
                starts_on=timezone.localdate(),
                amount=data["minor"],
                name=data["name"],
                contact=data["contact"],
                display=data["display"],
                nickname=data["nickname"],
                attested=data["attested"],
                member=request.user,
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request, _("Monthly dues set. Each month's transfer code appears on this page.")
            )
            return redirect("treasury:mine")
    return render(request, "treasury/cash/dues_form.html", {"form": form})


@login_required
@require_POST
def mine_stop(request, pk: int):
    pledge = get_object_or_404(Pledge, pk=pk, member=request.user, kind=PledgeKind.DUES)
    try:
        services.pledge_stop(actor=request.user, pledge=pledge)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Stopped: nothing more will be expected."))
    return redirect("treasury:mine")
