"""The pledges' reads, each in a fixed number of queries."""

import datetime
from collections import Counter

from django.db.models import Count, F, Prefetch, Q, QuerySet

from jisr.parliament.models import Organization, Person

from .agreement import Quarter, kappa_by_quarter
from .models import (
    LINK_TARGETS,
    AgreedVerdict,
    Category,
    Evidence,
    Link,
    Platform,
    Pledge,
    Rating,
    Verdict,
)


def pledge_list(
    *,
    category: Category | None = None,
    verdict: str = "",
    party: Organization | None = None,
    representative: Person | None = None,
) -> QuerySet[Pledge]:
    pledges = Pledge.objects.select_related("platform__owner", "area").prefetch_related(
        "categories"
    )
    if category is not None:
        pledges = pledges.filter(categories=category)
    if verdict:
        pledges = pledges.filter(verdict=verdict)
    if party is not None:
        pledges = pledges.filter(Q(platform__owner=party) | Q(platform__owner__parent=party))
    if representative is not None:
        pledges = pledges.filter(people=representative)
    return pledges.order_by("-pk")


def verdict_counts(pledges: QuerySet[Pledge]) -> list[tuple[str, str, int]]:
    """(code, label, how many) of each verdict, in the verdicts' order."""
    rows = pledges.prefetch_related(None).order_by().values("verdict").annotate(n=Count("pk"))
    found = Counter({row["verdict"]: row["n"] for row in rows})
    return [(code, str(label), found[code]) for code, label in Verdict.choices]


def parties_with_platforms() -> QuerySet[Organization]:
    return Organization.objects.filter(platforms__isnull=False).distinct().order_by("name")


def people_with_pledges() -> QuerySet[Person]:
    return Person.objects.filter(pledges__isnull=False).distinct().order_by("name")


def pledge_detail(pk: int) -> Pledge:
    """The pledge with everything its page shows (raises Pledge.DoesNotExist)."""
    return (
        Pledge.objects.select_related("platform__owner", "platform__election", "area")
        .prefetch_related(
            "categories",
            "people",
            "evidence",
            Prefetch(
                "verdicts",
                queryset=AgreedVerdict.objects.order_by("-decided_at", "-pk").prefetch_related(
                    Prefetch("evidence", queryset=Evidence.objects.order_by("-date", "-pk"))
                ),
            ),
            Prefetch(
                "links",
                queryset=Link.objects.select_related(*LINK_TARGETS).order_by("pk"),
            ),
        )
        .get(pk=pk)
    )


def history(pledge_id: int) -> QuerySet[AgreedVerdict]:
    return AgreedVerdict.objects.filter(pledge_id=pledge_id).order_by("-decided_at", "-pk")


def platforms() -> QuerySet[Platform]:
    return Platform.objects.select_related("owner", "election").annotate(
        pledge_count=Count("pledges")
    )


def _in_round(n: int) -> QuerySet[Pledge]:
    return Pledge.objects.annotate(
        rated=Count("ratings", filter=Q(ratings__round=F("round")))
    ).filter(rated=n)


def waiting_for_second_rating() -> QuerySet[Pledge]:
    return _in_round(1)


def waiting_for_agreement() -> QuerySet[Pledge]:
    return _in_round(2)


def staff_pledges(waiting: str = "") -> QuerySet[Pledge]:
    """Every pledge with how many ratings its open round has; ``waiting``: "second" (one)
    or "agreement" (two)."""
    pledges = Pledge.objects.select_related("platform__owner").annotate(
        rated=Count("ratings", filter=Q(ratings__round=F("round")))
    )
    if waiting == "second":
        pledges = pledges.filter(rated=1)
    elif waiting == "agreement":
        pledges = pledges.filter(rated__gte=2)
    return pledges.order_by("-pk")


def rating_pairs() -> list[tuple[datetime.date, str, str]]:
    """The two independent ratings of every round that has them: (the day of the second
    rating, the first rating's verdict, the second's). A third rating is never counted."""
    rows = Rating.objects.order_by("pledge_id", "round", "rated_at", "pk").values_list(
        "pledge_id", "round", "verdict", "rated_at"
    )
    rounds: dict[tuple[int, int], list[tuple[str, datetime.datetime]]] = {}
    for pledge_id, round_no, verdict, rated_at in rows:
        rounds.setdefault((pledge_id, round_no), []).append((verdict, rated_at))
    return [
        (given[1][1].date(), given[0][0], given[1][0])
        for given in rounds.values()
        if len(given) >= 2
    ]


def kappa_quarters() -> list[Quarter]:
    return kappa_by_quarter(rating_pairs())


def moved_between(start: datetime.date, end: datetime.date) -> QuerySet[AgreedVerdict]:
    """Agreed verdicts of the period that changed the pledge's verdict."""
    return (
        AgreedVerdict.objects.filter(decided_on__range=(start, end))
        .exclude(verdict=F("previous"))
        .select_related("pledge__platform__owner")
        .order_by("decided_on", "pk")
    )
