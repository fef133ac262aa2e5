"""Reading cash count sheets, pledges and dues: what each pledge has paid, what is due and
what is overdue; the sheets a treasurer must look at first."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from .models import ContributionStatus
from .models.cash import CountSheet, Instalment, Pledge, PledgeStatus

WAITING = (ContributionStatus.PENDING, ContributionStatus.EXPIRED)


def count_sheets():
    """Flagged deposits first, then sheets waiting for their second signature, then the
    rest, newest first."""
    flagged = Q(deposited_amount__isnull=False, deposit_reason="") & ~Q(deposited_amount=F("total"))
    return (
        CountSheet.objects.select_related("campaign", "counted_by", "second_signer")
        .annotate(
            rank=Case(
                When(flagged, then=Value(0)),
                When(signed_at__isnull=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-counted_on", "-pk")
    )


def count_sheet(pk: int) -> CountSheet:
    return (
        CountSheet.objects.select_related("campaign", "counted_by", "second_signer")
        .prefetch_related("lines", "gifts__donor")
        .get(pk=pk)
    )


@dataclass
class Progress:
    """A pledge's instalments by state, in minor units."""

    paid: int = 0
    due: int = 0
    overdue: int = 0
    upcoming: int = 0
    cancelled: int = 0
    rows: list = field(default_factory=list)


def state_of(instalment: Instalment, today: datetime.date) -> str:
    contribution = instalment.contribution
    if contribution is None:
        return "cancelled" if instalment.pledge.status == PledgeStatus.STOPPED else "upcoming"
    if contribution.status == ContributionStatus.PAID:
        return "paid"
    if contribution.status in WAITING:
        expired = contribution.status == ContributionStatus.EXPIRED
        late = contribution.expires_on is not None and contribution.expires_on < today
        return "overdue" if expired or late else "due"
    return "cancelled"


def progress(pledge: Pledge, today: datetime.date | None = None) -> Progress:
    """Uses the prefetched instalments (``pledges``), so a list costs no query per pledge."""
    today = today or timezone.localdate()
    result = Progress()
    for instalment in pledge.instalments.all():
        state = state_of(instalment, today)
        setattr(result, state, getattr(result, state) + instalment.amount)
        result.rows.append((instalment, state))
    return result


def pledges():
    instalments = Instalment.objects.select_related("contribution", "pledge").order_by("number")
    return (
        Pledge.objects.select_related("campaign", "member")
        .prefetch_related(Prefetch("instalments", queryset=instalments))
        .order_by("status", "-starts_on", "-pk")
    )


def pledges_of(user):
    return pledges().filter(member=user)


def with_progress(items) -> list:
    today, english = timezone.localdate(), get_language() == "en"
    items = list(items)
    for pledge in items:
        pledge.progress = progress(pledge, today)
        campaign = pledge.campaign
        pledge.display_title = (
            campaign.title_en if english and campaign.title_en else campaign.title
        )
    return items


def pledged_and_received(campaign) -> dict[str, int]:
    """A campaign's pledges in amounts only: promised by active pledges, and received."""
    rows = Instalment.objects.filter(pledge__campaign=campaign, pledge__kind="pledge").aggregate(
        pledged=Sum(
            "amount",
            filter=Q(pledge__status=PledgeStatus.ACTIVE)
            | Q(contribution__status=ContributionStatus.PAID),
        ),
        received=Sum("amount", filter=Q(contribution__status=ContributionStatus.PAID)),
    )
    return {key: value or 0 for key, value in rows.items()}
