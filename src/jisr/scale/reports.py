"""Reports back: subscribers (members, and visitors with an address alone) following
representatives, parties, proposals, topics and the organization's monthly report, each
subscription confirmed and its consent recorded as the site records it; and the published
monthly reports of the last months.

Every subscription is confirmed (a member's at once, a visitor's through the link), so
the purge of unconfirmed requests never removes generated rows.
"""

import datetime as dt
import uuid
from collections import Counter

from django.contrib.contenttypes.models import ContentType

from jisr.parliament.models import Organization, Person
from jisr.proposals.models import Proposal, Topic
from jisr.reports import services
from jisr.reports.models import ConsentRecord, Frequency, Subscriber, Subscription
from jisr.reports.selectors import month_range

from . import loader
from .names import LAST_DAY, spread
from .plan import Context

ACTOR = "system:scale-data"
VISITOR_DOMAIN = "example.org"
MEMBER_SHARE = 0.6
FREQUENCIES = [
    (Frequency.WEEKLY, 0.5),
    (Frequency.MONTHLY, 0.3),
    (Frequency.DAILY, 0.15),
    (Frequency.IMMEDIATELY, 0.05),
]
KINDS = [
    ("person", 0.35),
    ("organization", 0.15),
    ("proposal", 0.35),
    ("topic", 0.1),
    ("report", 0.05),
]
SINCE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
UNTIL = dt.datetime.combine(LAST_DAY, dt.time(12), tzinfo=dt.UTC)


def _uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("reports")
    counts: Counter = Counter()
    total = ctx.n["subscribers"]
    members = min(round(MEMBER_SHARE * total), len(ctx.member_ids))
    chosen = sorted(rng.sample(range(len(ctx.member_ids)), members))
    subscribers: list[tuple[int, int | None, str, str, dt.datetime]] = []  # (id, user, email, …)
    span = int((UNTIL - SINCE).total_seconds())
    for k, index in enumerate(chosen, start=1):
        joined = max(ctx.member_joined[index], SINCE)
        created = joined + dt.timedelta(
            seconds=rng.randrange(max(int((UNTIL - joined).total_seconds()), 1))
        )
        subscribers.append((k, ctx.member_ids[index], "", ctx.member_languages[index], created))
    for k in range(members + 1, total + 1):
        created = SINCE + dt.timedelta(seconds=rng.randrange(span))
        language = "ar" if rng.random() < 0.7 else "en"
        subscribers.append((k, None, f"visitor{k}@{VISITOR_DOMAIN}", language, created))
    counts["subscribers"] = loader.insert(
        Subscriber,
        ["id", "user", "email", "language", "notices", "key", "hard_bounces", "created_at"],
        (
            (pk, user, email, language, Frequency.IMMEDIATELY, _uuid(rng), 0, created)
            for pk, user, email, language, created in subscribers
        ),
    )

    # What is followed: the popular things more often.
    types = {
        "person": ContentType.objects.get_for_model(Person).pk,
        "organization": ContentType.objects.get_for_model(Organization).pk,
        "proposal": ContentType.objects.get_for_model(Proposal).pk,
        "topic": ContentType.objects.get_for_model(Topic).pk,
    }
    labels = {
        "person": "parliament.person",
        "organization": "parliament.organization",
        "proposal": "proposals.proposal",
        "topic": "proposals.topic",
    }
    pools = {
        "person": [pk for pk, _party, _area in ctx.current_seats],
        "organization": ctx.alliance_ids + ctx.party_ids,
        "proposal": ctx.public_proposals,
        "topic": ctx.topic_ids,
    }
    rng.shuffle(pools["person"])
    kinds = [kind for kind, _w in KINDS]
    kind_weights = [w for _k, w in KINDS]
    frequencies = [f for f, _w in FREQUENCIES]
    frequency_weights = [w for _f, w in FREQUENCIES]
    per = spread(rng, total, ctx.n["subscriptions"], 9, skew=0.3)
    rng.shuffle(per)
    subscriptions, consents = [], []
    for (pk, user, _email, _language, created), k in zip(subscribers, per, strict=True):
        followed: set[tuple[str, int | None]] = set()
        while len(followed) < k:
            kind = rng.choices(kinds, kind_weights)[0]
            if kind == "report":
                followed.add(("report", None))
                continue
            pool = pools[kind]
            followed.add((kind, pool[int(len(pool) * rng.random() ** 2.5)]))
        at = created
        for kind, target in sorted(followed, key=lambda item: (item[0], item[1] or 0)):
            frequency = rng.choices(frequencies, frequency_weights)[0]
            if user is None and frequency == Frequency.IMMEDIATELY:
                frequency = Frequency.WEEKLY
            confirmed = at if user is not None else at + dt.timedelta(minutes=rng.randint(1, 600))
            confirmed = min(confirmed, UNTIL)
            subscriptions.append(
                (
                    pk,
                    types.get(kind),
                    target,
                    frequency,
                    "",
                    _uuid(rng),
                    confirmed,
                    min(at, confirmed),
                )
            )
            what = "report" if kind == "report" else f"{labels[kind]}:{target}"
            how = (
                ConsentRecord.Method.MEMBER_FOLLOW
                if user is not None
                else ConsentRecord.Method.DOUBLE_OPT_IN
            )
            consents.append(
                (pk, ConsentRecord.Action.GIVEN, what, frequency, how, services.WORDING, confirmed)
            )
            at = min(at + dt.timedelta(hours=rng.randint(1, 24 * 30)), UNTIL)
    with loader.big_table(Subscription):
        counts["subscriptions"] = loader.insert(
            Subscription,
            [
                "subscriber",
                "target_type",
                "target_id",
                "frequency",
                "paused_from",
                "key",
                "confirmed_at",
                "created_at",
            ],
            subscriptions,
            ctx.progress.bar("subscriptions", len(subscriptions)),
        )
    with loader.big_table(ConsentRecord):
        counts["consent records"] = loader.insert(
            ConsentRecord,
            ["subscriber", "action", "what", "frequency", "how", "wording", "at"],
            consents,
            ctx.progress.bar("consent records", len(consents)),
        )
    loader.reset_sequences(Subscriber)
    counts["monthly reports"] = monthly_reports(ctx)
    return dict(counts)


def monthly_reports(ctx: Context) -> int:
    """Publish the organization's reports on the last months, and the last month's on
    some representatives, through the reports services (their snapshots are what the
    pages and the PDF show)."""
    months = []
    year, month = LAST_DAY.year, LAST_DAY.month
    for _ in range(ctx.n["organization_reports"]):
        months.append(month_range(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    made = 0
    for start, end in reversed(months):
        published = dt.datetime.combine(end + dt.timedelta(days=5), dt.time(9), tzinfo=dt.UTC)
        report = services.report_create.within(actor=ACTOR, start=start, end=end)
        services.report_publish.within(actor=ACTOR, report=report, now=published)
        made += 1
    start, end = months[0]
    published = dt.datetime.combine(end + dt.timedelta(days=6), dt.time(9), tzinfo=dt.UTC)
    for person in Person.objects.filter(pk__in=[pk for pk, _p, _a in ctx.current_seats]).order_by(
        "pk"
    )[: ctx.n["person_reports"]]:
        report = services.report_create.within(actor=ACTOR, person=person, start=start, end=end)
        services.report_publish.within(actor=ACTOR, report=report, now=published)
        made += 1
    return made
