"""The treasury's public totals as JSON: campaigns with their goal, what they raised and
their progress, and the transparency page's lines — under the same small-cell rule as the
pages (a figure summing fewer than ``min_cell`` gifts is null and marked suppressed).
Never a donor, a payee or anything that names a person."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination, RowsOf

from . import selectors
from .models import Campaign
from .selectors import Line, Total

router = Router(tags=["treasury"])


class PartOut(Schema):
    id: int
    title: str
    title_en: str
    currency: str
    goal: int = Field(description="In the currency's minor unit (cents; whole IQD).")
    raised: int | None = Field(description="Minor units; null when suppressed.")
    progress_percent: int | None = Field(description="0–100; null when suppressed.")
    suppressed: bool = Field(description="Fewer than min_cell gifts: the figures are hidden.")


class CampaignOut(PartOut):
    purpose: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    min_cell: int = Field(description="The fewest gifts a published figure may sum.")
    parts: list[PartOut]


class LineOut(Schema):
    currency: str
    income: int | None = Field(description="Gifts received, minor units; null when suppressed.")
    contributions: int | None = Field(description="Gifts counted; null when suppressed.")
    suppressed: bool
    expenses: int = Field(description="Spending, minor units (always shown: it names no donor).")
    fees: int
    to_centre: int = Field(description="Transfers to the party's centre, minor units.")
    sha256: str = Field(description="SHA-256 of the ledger lines summed (docs/treasury.md).")


class MonthLineOut(LineOut):
    month: str = Field(description="YYYY-MM")


class CampaignLineOut(LineOut):
    campaign_id: int
    title: str
    title_en: str


class LedgerOut(Schema):
    last_entry: int = Field(description="The figures were summed from entries 1 to this one.")
    sha256: str = Field(description="SHA-256 of the ledger file, entries 1 to last_entry.")


class TransparencyOut(Schema):
    min_cell: int
    ledger: LedgerOut
    months: list[MonthLineOut]
    campaigns: list[CampaignLineOut]


def _figures(campaign: Campaign, total: Total) -> dict:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "title_en": campaign.title_en,
        "currency": campaign.currency,
        "goal": campaign.goal,
        "raised": total.raised if total.shown else None,
        "progress_percent": total.percent if total.shown else None,
        "suppressed": not total.shown,
    }


def _campaign_out(campaign: Campaign, totals: dict[int, Total], parts: list[Campaign]) -> dict:
    return {
        **_figures(campaign, totals[campaign.pk]),
        "purpose": campaign.purpose,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "min_cell": selectors.minimum(),
        "parts": [_figures(part, totals[part.pk]) for part in parts],
    }


def _public_parts(campaigns) -> dict[int, list[Campaign]]:
    parts: dict[int, list[Campaign]] = {c.pk: [] for c in campaigns}
    for part in Campaign.objects.filter(parent__in=list(parts), is_public=True).order_by(
        "starts_on", "pk"
    ):
        if part.parent_id is not None:
            parts[part.parent_id].append(part)
    return parts


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns and their totals")
@paginate(Pagination)
def list_campaigns(request):
    """Public campaigns, newest first, with what each raised (its parts included) and its
    parts; a figure covering fewer than ``min_cell`` gifts is null."""
    return RowsOf(selectors.public_campaigns(), _campaigns_out)


def _campaigns_out(campaigns: list) -> list:
    """A page of campaigns with their totals and public parts (two queries)."""
    totals = selectors.campaign_totals()
    parts = _public_parts(campaigns)
    return [_campaign_out(c, totals, parts[c.pk]) for c in campaigns]


@router.get("/campaigns/{id}", response=CampaignOut, summary="One campaign and its totals")
def get_campaign(request, id: Number):
    """A public campaign: its goal, what it raised and its progress, and its parts'."""
    try:
        campaign = selectors.public_campaign(id)
    except Campaign.DoesNotExist:
        raise Http404 from None
    if campaign.parent is not None and not campaign.parent.is_public:
        raise Http404
    totals = selectors.campaign_totals(campaign.currency)
    return _campaign_out(campaign, totals, _public_parts([campaign])[campaign.pk])


def _line(line: Line) -> dict:
    return {
        "currency": line.currency,
        "income": line.income if line.shown else None,
        "contributions": line.count if line.shown else None,
        "suppressed": not line.shown,
        "expenses": line.expenses,
        "fees": line.fees,
        "to_centre": line.to_centre,
        "sha256": line.sha256,
    }


@router.get("/transparency", response=TransparencyOut, summary="Income and spending")
def get_transparency(request):
    """The transparency page's lines: by month (per currency) and by public campaign, each
    with the SHA-256 of the ledger entries it sums, and the whole ledger's."""
    report = selectors.transparency()
    return {
        "min_cell": selectors.minimum(),
        "ledger": {"last_entry": report.last_entry, "sha256": report.sha256},
        "months": [{"month": line.key.strftime("%Y-%m"), **_line(line)} for line in report.months],
        "campaigns": [
            {
                "campaign_id": line.key,
                "title": report.titles[line.key][0],
                "title_en": report.titles[line.key][1],
                **_line(line),
            }
            for line in report.campaigns
        ],
    }
