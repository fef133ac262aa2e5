"""The public treasury: campaigns with their progress, the transparency page and its CSV,
giving by bank transfer, and a member's own gifts. No donor is ever named here unless they
chose it (``Donor.public_label``)."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jisr.core.panels import panels
from jisr.core.text.digits import to_ascii_digits

from . import cash_selectors, channels, selectors, services
from .forms import GiveForm
from .models import Campaign, Contribution


def _title(campaign_or_titles) -> str:
    title, title_en = (
        campaign_or_titles
        if isinstance(campaign_or_titles, tuple)
        else (campaign_or_titles.title, campaign_or_titles.title_en)
    )
    return title_en if get_language() == "en" and title_en else title


@require_safe
def campaign_list(request):
    campaigns = Paginator(selectors.public_campaigns(), 20).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    totals = selectors.campaign_totals()
    for campaign in campaigns:
        campaign.total = totals[campaign.pk]
        campaign.display_title = _title(campaign)
    return render(request, "treasury/campaigns.html", {"page_obj": campaigns})


def _campaign(pk: int) -> Campaign:
    try:
        return selectors.public_campaign(pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


@require_safe
def campaign_detail(request, pk: int):
    campaign = _campaign(pk)
    totals = selectors.campaign_totals(campaign.currency)
    campaign.total = totals[campaign.pk]
    campaign.display_title = _title(campaign)
    parts = list(campaign.parts.filter(is_public=True).order_by("starts_on", "pk"))
    for part in parts:
        part.total = totals[part.pk]
        part.display_title = _title(part)
    context = {
        "campaign": campaign,
        "parts": parts,
        "presets": campaign.preset_amounts,
        "donors": selectors.public_donors(campaign),
        "expenses": list(selectors.public_expenses(campaign)[:50]),
        "minimum": selectors.minimum(),
        # What higher apps add: the share kit's link (core.panels).
        "share": panels("treasury.campaign.share", request, campaign),
    }
    return render(request, "treasury/campaign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def give(request, pk: int):
    """A member gives by one of the channels this branch offers online: a bank transfer
    (they get its reference code) or a card (they go on to Stripe's payment page)."""
    campaign = _campaign(pk)
    offered = channels.online(campaign)
    form = GiveForm(request.POST or None, campaign=campaign, channels=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        donor = {k: data[k] for k in ("name", "contact", "display", "nickname", "attested")}
        try:
            started = data["channel"].start(
                request=request, campaign=campaign, gross=data["gross"], donor=donor
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if started.message:
                messages.success(request, started.message)
            return redirect(started.redirect_to)
    context = {
        "campaign": campaign,
        "form": form,
        "display_title": _title(campaign),
        "offered": offered,
        "in_person": [c for c in channels.enabled(campaign) if not c.online],
    }
    return render(request, "treasury/give.html", context)


@login_required
@require_safe
def mine(request):
    gifts = Paginator(selectors.contributions_of(request.user), 20).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    for gift in gifts:
        gift.display_title = _title(gift.campaign)
    pledges = cash_selectors.with_progress(cash_selectors.pledges_of(request.user))
    return render(request, "treasury/mine.html", {"page_obj": gifts, "pledges": pledges})


@login_required
@require_safe
def receipt_pdf(request, pk: int):
    """The member's own receipt for a gift that arrived, through the reports' PDF path."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from jisr.reports.pdf import fonts_css, pdf_from_html

    try:
        gift = selectors.paid_contributions_of(request.user).get(pk=pk)
    except Contribution.DoesNotExist:
        raise Http404 from None
    identity = services.access_donor(actor=request.user, donor=gift.donor)
    context = {
        "gift": gift,
        "donor_name": identity.name,
        "campaign_title": _title(gift.campaign),
        "fonts_css": fonts_css(),
        "language": get_language(),
        "site_name": settings.JISR_SITE_NAME or _("Jisr"),
    }
    try:
        content = pdf_from_html(render_to_string("treasury/receipt_pdf.html", context))
    except OSError:  # WeasyPrint could not load Pango: the system library is missing
        return HttpResponse(_("PDFs cannot be made on this server."), status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jisr-receipt-{gift.receipt_number}.pdf"'
    return response


@require_safe
def transparency(request):
    report = selectors.transparency()
    for line in report.campaigns:
        line.title = _title(report.titles[line.key])
    context = {"report": report, "minimum": selectors.minimum()}
    return render(request, "treasury/transparency.html", context)


CSV_HEADER = [
    "table",
    "period_or_campaign",
    "currency",
    "income_minor",
    "contributions",
    "suppressed",
    "expenses_minor",
    "fees_minor",
    "to_centre_minor",
    "ledger_sha256",
    "title",
]


@require_safe
def transparency_csv(request):
    """The same lines as the page, one per row; a suppressed figure is empty and flagged."""
    report = selectors.transparency()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jisr-treasury-transparency.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for kind, lines in (("month", report.months), ("campaign", report.campaigns)):
        for line in lines:
            key = line.key.strftime("%Y-%m") if isinstance(line.key, datetime.date) else line.key
            writer.writerow(
                [
                    kind,
                    key,
                    line.currency,
                    line.income if line.shown else "",
                    line.count if line.shown else f"<{selectors.minimum()}",
                    "" if line.shown else "suppressed",
                    line.expenses,
                    line.fees,
                    line.to_centre,
                    line.sha256,
                    "" if kind == "month" else _title(report.titles[line.key]),
                ]
            )
    writer.writerow(
        ["ledger", f"1-{report.last_entry}", "", "", "", "", "", "", "", report.sha256, ""]
    )
    return response
