"""Outreach's reads: asks, scripts, a member's own commitments, and the published figures
(whole weeks only, each shown only when enough members stand behind it)."""

import datetime
from collections import defaultdict
from urllib.parse import quote, urlencode

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils.translation import get_language

from .models.outreach import Ask, AskStatus, Commitment, Dialect, Participation, Script, Tally
from .outreach_cells import Figures, WeekCounts, publish, shown_count, week_of


def published_asks() -> QuerySet[Ask]:
    return Ask.objects.filter(status=AskStatus.PUBLISHED).order_by("-opens_on", "-pk")


def published_ask(pk: int) -> Ask:
    return published_asks().get(pk=pk)


def staff_asks() -> QuerySet[Ask]:
    return Ask.objects.annotate(
        script_count=Count("scripts", distinct=True),
        commitment_count=Count("commitments", distinct=True),
    ).order_by("-opens_on", "-pk")


def title_of(ask: Ask) -> str:
    return ask.title_en if get_language() == "en" and ask.title_en else ask.title


def what_to_do_of(ask: Ask) -> str:
    return ask.what_to_do_en if get_language() == "en" and ask.what_to_do_en else ask.what_to_do


def scripts_of(ask: Ask) -> dict[str, Script]:
    """The ask's scripts by language, in the order the languages are offered."""
    found = {s.dialect: s for s in Script.objects.filter(ask=ask)}
    return {d: found[d] for d in Dialect.values if d in found}


def default_dialect(available, wanted: str | None) -> str | None:
    """The script to show: the one asked for, else the page's language, else the first."""
    if wanted in available:
        return wanted
    language = get_language() or "ar"
    if language in available:
        return language
    return next(iter(available), None)


def share_links(text: str, link: str = "") -> dict[str, str]:
    """One-tap links that open WhatsApp or Telegram with the text ready; the member picks
    the person in their own app. The links carry the text (and the ask's link exactly as
    the organizer wrote it) and nothing else: no tracking parameter, no id of anyone."""
    message = f"{text}\n{link}" if link else text
    whatsapp = "https://wa.me/?" + urlencode({"text": message}, quote_via=quote)
    if link:
        telegram = "https://t.me/share/url?" + urlencode(
            {"url": link, "text": text}, quote_via=quote
        )
    else:  # Telegram needs a url: the text goes there, and is shown as the message
        telegram = "https://t.me/share/url?" + urlencode({"url": text}, quote_via=quote)
    return {"whatsapp": whatsapp, "telegram": telegram}


def commitment_of(ask: Ask, user) -> Commitment | None:
    if not user.is_authenticated:
        return None
    return Commitment.objects.filter(ask=ask, member=user).first()


def commitments_of(user) -> QuerySet[Commitment]:
    return Commitment.objects.filter(member=user).select_related("ask").order_by("committed_on")


def commitments_export(user) -> list[dict]:
    """The member's commitments for their data export (what they reported is nobody's)."""
    return [
        {
            "ask": c.ask.title,
            "will_do": c.will_do,
            "planned_on": c.planned_on.isoformat() if c.planned_on else None,
            "committed_on": c.committed_on.isoformat(),
            "reminded_on": c.reminded_on.isoformat() if c.reminded_on else None,
            "days_reported": sorted(p.on.isoformat() for p in c.participations.all()),
        }
        for c in commitments_of(user).prefetch_related("participations")
    ]


def reported_days(commitment: Commitment | None) -> int:
    if commitment is None:
        return 0
    return commitment.participations.count()


def _week_counts(ask_ids: list[int]) -> dict[int, list[WeekCounts]]:
    """Each ask's counts and members by week: two queries whatever the number of asks."""
    sums = (
        Tally.objects.filter(ask_id__in=ask_ids)
        .annotate(week=TruncWeek("on"))
        .values("ask_id", "week")
        .annotate(
            contacted=Sum("contacted"), will_vote=Sum("will_vote"), registered=Sum("registered")
        )
        .order_by()
    )
    members = (
        Participation.objects.filter(commitment__ask_id__in=ask_ids)
        .annotate(week=TruncWeek("on"))
        .values("commitment__ask_id", "week")
        .annotate(members=Count("commitment_id", distinct=True))
        .order_by()
    )
    people = {(row["commitment__ask_id"], _as_date(row["week"])): row["members"] for row in members}
    found: dict[int, list[WeekCounts]] = defaultdict(list)
    for row in sums:
        week = _as_date(row["week"])
        found[row["ask_id"]].append(
            WeekCounts(
                week=week,
                members=people.get((row["ask_id"], week), 0),
                contacted=row["contacted"],
                will_vote=row["will_vote"],
                registered=row["registered"],
            )
        )
    return found


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return week_of(value)


def figures(asks: list[Ask], today: datetime.date) -> dict[int, Figures]:
    """The published figures of each ask (two queries)."""
    counts = _week_counts([a.pk for a in asks])
    return {a.pk: publish(counts.get(a.pk, []), today=today) for a in asks}


def committed(asks: list[Ask]) -> dict[int, int | None]:
    """How many members said yes to each ask, or None below the smallest cell (one query)."""
    rows = (
        Commitment.objects.filter(ask__in=asks, will_do=True)
        .values("ask_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {row["ask_id"]: row["n"] for row in rows}
    return {a.pk: shown_count(found.get(a.pk, 0)) for a in asks}
