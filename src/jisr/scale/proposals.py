"""Proposals and their way to an outcome: topics, proposals in every status of the state
machine, supports, abuse reports, deliveries to the representatives of the current term,
their answers, milestones and links to parliamentary records.

Every proposal took a path the state machine allows (``states.TRANSITIONS``), recorded
step by step in its public timeline (``StatusChange``) at increasing times; its
timestamps agree with the path (no publication date before publication), and its
``support_count`` and ``report_count`` are the numbers of its supports and reports.
A delivered proposal has its deliveries, an answered one its answers, one under way its
milestones. Nothing happens after the last day of the data set.
"""

import bisect
import datetime as dt
import itertools
from collections import Counter
from typing import Any

from jisr.proposals.models import (
    AbuseReport,
    ActivityLink,
    Answer,
    Delivery,
    Milestone,
    Proposal,
    StatusChange,
    Support,
    Topic,
)
from jisr.proposals.states import PUBLIC, TRANSITIONS, Status

from . import loader
from .names import (
    ACTIONS,
    ANSWERS,
    ASKS,
    GOVERNORATES,
    LAST_DAY,
    MILESTONES,
    PROPOSALS_FROM,
    SENTENCES,
    SENTENCES_EN,
    TOPICS,
    largest_remainder,
    spread,
)
from .plan import Context

S = Status
END = dt.datetime.combine(LAST_DAY, dt.time(18), tzinfo=dt.UTC)
# The paths proposals took, from the draft; the last status is where each one is now.
PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.IN_REVIEW: [S.DRAFT, S.SUBMITTED, S.IN_REVIEW],
    S.REJECTED: [S.DRAFT, S.SUBMITTED, S.REJECTED],
    S.MERGED: [S.DRAFT, S.SUBMITTED, S.MERGED],
    S.WITHDRAWN: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.WITHDRAWN],
    S.PUBLISHED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED],
    S.CLOSED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.CLOSED],
    S.DELIVERED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.DELIVERED],
    S.ANSWERED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.DELIVERED, S.ANSWERED],
    S.IN_PROGRESS: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.DELIVERED, S.ANSWERED, S.IN_PROGRESS],
    S.ACHIEVED: [
        S.DRAFT,
        S.SUBMITTED,
        S.PUBLISHED,
        S.DELIVERED,
        S.ANSWERED,
        S.IN_PROGRESS,
        S.ACHIEVED,
    ],
    S.PARTLY_ACHIEVED: [
        S.DRAFT,
        S.SUBMITTED,
        S.PUBLISHED,
        S.DELIVERED,
        S.ANSWERED,
        S.IN_PROGRESS,
        S.PARTLY_ACHIEVED,
    ],
    S.DECLINED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.DELIVERED, S.ANSWERED, S.DECLINED],
}
# Shares of all proposals (the delivered ones follow from the number of deliveries).
NOT_PUBLIC = {
    S.DRAFT: 0.01,
    S.SUBMITTED: 0.01,
    S.IN_REVIEW: 0.005,
    S.REJECTED: 0.01,
    S.MERGED: 0.005,
    S.WITHDRAWN: 0.01,
    S.CLOSED: 0.03,
}
# Shares of the delivered proposals, by where they are now.
DELIVERED = {
    S.DELIVERED: 0.25,
    S.ANSWERED: 0.33,
    S.IN_PROGRESS: 0.21,
    S.ACHIEVED: 0.10,
    S.PARTLY_ACHIEVED: 0.05,
    S.DECLINED: 0.06,
}
ANSWERED = {S.ANSWERED, S.IN_PROGRESS, S.ACHIEVED, S.PARTLY_ACHIEVED, S.DECLINED}
UNDER_WAY = {S.IN_PROGRESS, S.ACHIEVED, S.PARTLY_ACHIEVED}
DELIVERIES_PER_PROPOSAL = 0.6  # delivered proposals per delivery (1.67 deliveries each)
HIDDEN = 0.01
REPORTS_TO_HIDE = 3
SUPPORT_THRESHOLD = 50
ENGLISH = 0.1
REJECTION = "لا يتوافق المقترح مع قواعد المشاركة: يرجى إعادة صياغته."


def _check_paths() -> None:
    for path in PATHS.values():
        for a, b in itertools.pairwise(path):
            if (a, b) not in TRANSITIONS:
                raise AssertionError(f"{a} → {b} is not a transition of the state machine")


def _statuses(ctx: Context, rng) -> list[Status]:
    """Each proposal's status, in a random order."""
    total = ctx.n["proposals"]
    counts = {status: round(share * total) for status, share in NOT_PUBLIC.items()}
    delivered = min(round(DELIVERIES_PER_PROPOSAL * ctx.n["deliveries"]), ctx.n["deliveries"])
    delivered = min(delivered, total // 3)
    shares = list(DELIVERED.items())
    for (status, _share), k in zip(
        shares, largest_remainder([share for _s, share in shares], delivered), strict=True
    ):
        counts[status] = k
    counts[S.PUBLISHED] = total - sum(counts.values())
    statuses = [status for status, k in counts.items() for _ in range(k)]
    rng.shuffle(statuses)
    return statuses


def _text(rng, topic: int, english: bool) -> tuple[str, str]:
    ask = rng.choice(ASKS[topic])
    action = rng.choice(ACTIONS)
    governorate = rng.choice(GOVERNORATES)
    if english:
        place = governorate[1] if rng.random() < 0.8 else "the diaspora"
        title = f"{action[1]} {ask[1]} in {place}"
        body = " ".join(
            s.format(ask=ask[1], place=place) for s in rng.sample(SENTENCES_EN, rng.randint(2, 4))
        )
        return title, body
    place = governorate[0] if rng.random() < 0.8 else "بلدان المهجر"
    title = f"{action[0]} {ask[0]} في {place}"
    body = " ".join(
        s.format(ask=ask[0], place=place) for s in rng.sample(SENTENCES, rng.randint(2, 4))
    )
    return title, body


def generate(ctx: Context) -> dict[str, int]:
    _check_paths()
    rng = ctx.rng("proposals")
    counts: Counter = Counter()
    topics = Topic.objects.bulk_create(
        Topic(name=ar, name_en=en, order=i) for i, (ar, en) in enumerate(TOPICS)
    )
    ctx.topic_ids = [t.pk for t in topics]
    total = ctx.n["proposals"]
    members = len(ctx.member_ids)
    statuses = _statuses(ctx, rng)
    span = int((END - dt.timedelta(days=90) - PROPOSALS_FROM).total_seconds())
    times = sorted(PROPOSALS_FROM + dt.timedelta(seconds=rng.randrange(span)) for _ in range(total))

    # Who wrote what: members who had joined by then, early ones more often.
    proposals: list[dict[str, Any]] = []
    for i in range(total):
        when = times[i]
        joined = max(bisect.bisect_right(ctx.member_joined, when - dt.timedelta(days=4)), 1)
        author = int(joined * rng.random() ** 1.5)
        topic = int(len(topics) * rng.random() ** 1.3)
        english = rng.random() < (0.4 if ctx.member_languages[author] == "en" else ENGLISH / 2)
        title, body = _text(rng, topic, english)
        area = rng.randrange(len(ctx.area_ids)) if rng.random() < 0.8 else None
        proposals.append(
            {
                "id": i + 1,
                "author": ctx.member_ids[author],
                "status": statuses[i],
                "when": when,
                "topic": ctx.topic_ids[topic],
                "area": area,
                "title": title,
                "body": body,
                "language": "en" if english else "ar",
                "supports": 0,
                "reports": 0,
                "hidden": False,
                "merged_into": None,
                "picked": False,
            }
        )

    public = [p for p in proposals if p["status"] in PUBLIC]
    published = [p for p in public if p["status"] == S.PUBLISHED]
    for p in rng.sample(published, round(HIDDEN * len(published))):
        p["hidden"], p["reports"] = True, REPORTS_TO_HIDE
    supported = [p for p in public if not p["hidden"]]
    supported_ids = [p["id"] for p in supported]  # in id order
    for p in proposals:
        if p["status"] == S.MERGED:  # into one of the proposals published just before it
            before = bisect.bisect_left(supported_ids, p["id"]) or len(supported_ids)
            p["merged_into"] = rng.choice(supported_ids[max(before - 50, 0) : before])
    # A long tail: a few proposals with thousands of supports, most with a handful;
    # popularity independent of age, topic and status.
    order = list(range(len(supported)))
    rng.shuffle(order)
    tally = spread(rng, len(supported), ctx.n["supports"], max(members - 1, 1), skew=0.75)
    for rank, index in enumerate(order):
        supported[index]["supports"] = tally[rank]
    ctx.public_proposals = [
        p["id"] for p in sorted(supported, key=lambda p: (-p["supports"], p["id"]))
    ]

    deliveries, answers, milestones, links, targets = _outcomes(ctx, rng, proposals)
    changes = _timelines(rng, proposals, deliveries, answers, milestones)
    counts["topics"] = len(topics)
    counts["proposals"] = _write_proposals(ctx, proposals)
    counts["targets"] = loader.insert(
        Proposal.targets.through, ["proposal", "person"], sorted(targets)
    )
    with loader.big_table(StatusChange):
        counts["status changes"] = loader.insert(
            StatusChange,
            ["proposal", "from_status", "to_status", "note", "created_at"],
            changes,
            ctx.progress.bar("status changes", len(changes)),
        )
    with loader.big_table(Support):
        counts["supports"] = loader.insert(
            Support,
            ["proposal", "user", "created_at"],
            _supports(ctx, rng, supported),
            ctx.progress.bar("supports", sum(p["supports"] for p in supported)),
        )
    counts["abuse reports"] = loader.insert(
        AbuseReport,
        ["proposal", "reporter", "reason", "created_at", "resolved"],
        _reports(ctx, rng, proposals),
    )
    counts["deliveries"] = loader.insert(
        Delivery,
        ["id", "proposal", "representative", "method", "delivered_on", "note", "created_at"],
        deliveries,
    )
    counts["answers"] = loader.insert(
        Answer, ["delivery", "answered_on", "text", "source", "created_at"], answers
    )
    counts["milestones"] = loader.insert(
        Milestone, ["proposal", "date", "note", "progress", "created_at"], milestones
    )
    counts["links to parliament"] = loader.insert(
        ActivityLink, ["proposal", "bill", "created_at"], links
    )
    loader.reset_sequences(Proposal, Delivery)
    return dict(counts)


def _at(day: dt.date, rng) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(
        minutes=rng.randrange(8 * 60)
    )


def _outcomes(ctx: Context, rng, proposals: list[dict]):
    """Deliveries, answers and milestones of the delivered proposals, in exact numbers."""
    delivered = [p for p in proposals if p["status"] in DELIVERED]
    answered = [p for p in delivered if p["status"] in ANSWERED]
    under_way = [p for p in delivered if p["status"] in UNDER_WAY]
    seats = ctx.current_seats
    by_area: dict[int, list[int]] = {}
    for person, _party, area in seats:
        by_area.setdefault(area, []).append(person)
    everyone = [person for person, _party, _area in seats]
    # Each answered proposal has at least as many deliveries as answers: give them theirs
    # first, then spread the rest.
    answer_counts = spread(rng, len(answered), ctx.n["answers"], 3)
    need = {p["id"]: k for p, k in zip(answered, answer_counts, strict=True)}
    per = [need.get(p["id"], 1) for p in delivered]
    extra = ctx.n["deliveries"] - sum(per)
    open_ = [i for i in range(len(delivered)) if per[i] < 3]
    while extra > 0 and open_:
        i = open_[rng.randrange(len(open_))]
        per[i] += 1
        extra -= 1
        if per[i] >= 3:
            open_.remove(i)
    targets = set()
    deliveries, answers, milestones, links = [], [], [], []
    for p in proposals:
        if p["status"] not in DELIVERED and rng.random() < 0.3 and p["status"] != S.DRAFT:
            pool = by_area.get(p["area"], everyone) if p["area"] is not None else everyone
            for person in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
                targets.add((p["id"], person))
    delivery_id = 0
    milestone_counts = dict(
        zip(
            (p["id"] for p in under_way),
            spread(rng, len(under_way), ctx.n["milestones"], 6),
            strict=True,
        )
    )
    term_bills = ctx.bill_ids[len(ctx.bill_ids) // 2 :]
    for p, k in zip(delivered, per, strict=True):
        pool = by_area.get(p["area"], everyone) if p["area"] is not None else everyone
        if len(pool) < k:
            pool = everyone
        people = rng.sample(pool, k)
        for person in people[: rng.randint(0, k)]:
            targets.add((p["id"], person))
        day = (p["when"] + dt.timedelta(days=rng.randint(5, 60))).date()
        day = min(day, LAST_DAY)
        p["delivered_on"] = day
        p["events"] = []
        mine = []
        for person in people:
            delivery_id += 1
            created = _at(day, rng)
            deliveries.append(
                (
                    delivery_id,
                    p["id"],
                    person,
                    rng.choice(["meeting", "letter", "email", "phone"]),
                    day,
                    "",
                    created,
                )
            )
            mine.append((delivery_id, day))
            p["events"].append(created)
        p["first_answer"] = None
        for delivery, on in mine[: need.get(p["id"], 0)]:
            answered_on = min(on + dt.timedelta(days=rng.randint(7, 90)), LAST_DAY)
            created = _at(answered_on, rng)
            answers.append(
                (
                    delivery,
                    answered_on,
                    rng.choice(ANSWERS),
                    rng.choice(["office", "transcribed"]),
                    created,
                )
            )
            p["first_answer"] = min(p["first_answer"] or created, created)
            p["events"].append(created)
        if p["id"] in milestone_counts:
            start = (p["first_answer"] or p["events"][-1]).date()
            count = milestone_counts[p["id"]]
            for j in range(count):
                on = min(start + dt.timedelta(days=20 * (j + 1)), LAST_DAY)
                progress = (
                    100
                    if (j == count - 1 and p["status"] == S.ACHIEVED)
                    else min(90, 100 * (j + 1) // (count + 1))
                )
                created = _at(on, rng)
                milestones.append((p["id"], on, rng.choice(MILESTONES), progress, created))
                p["events"].append(created)
            if term_bills and rng.random() < 0.2:
                links.append((p["id"], rng.choice(term_bills), p["events"][-1]))
        p["picked"] = p["supports"] < SUPPORT_THRESHOLD
    return deliveries, answers, milestones, links, targets


def _timelines(rng, proposals, deliveries, answers, milestones) -> list[tuple]:
    """Each proposal's steps, at increasing times that agree with its records; set the
    proposal's timestamps from them."""
    changes = []
    for p in proposals:
        path = PATHS[p["status"]]
        when = p["when"]
        p["created"] = when - dt.timedelta(hours=rng.randint(1, 72))
        p["submitted"] = p["published"] = None
        at = p["created"]
        last = at
        for a, b in itertools.pairwise(path):
            if b == S.SUBMITTED:
                at = when - dt.timedelta(minutes=rng.randint(5, 50))
                p["submitted"] = at
            elif b == S.PUBLISHED:
                at = when
                p["published"] = at
            elif b == S.DELIVERED:
                at = min(p["events"])
            elif b == S.ANSWERED:
                at = p["first_answer"]
            elif b == S.IN_PROGRESS:
                at = p["first_answer"] + dt.timedelta(days=1)
            elif b in (S.ACHIEVED, S.PARTLY_ACHIEVED, S.DECLINED):
                at = max(p["events"]) + dt.timedelta(days=2)
            else:  # reviewed, rejected, merged, withdrawn, closed
                at = at + dt.timedelta(hours=rng.randint(2, 24 * 20))
            at = min(max(at, last + dt.timedelta(minutes=1)), END)
            last = at
            note = REJECTION if b == S.REJECTED else ""
            changes.append((p["id"], str(a), str(b), note, at))
        p["last_update"] = max([last, *p.get("events", [])])
    return changes


def _write_proposals(ctx: Context, proposals: list[dict]) -> int:
    names = dict(zip(ctx.member_ids, ctx.member_names, strict=True))
    rows = (
        (
            p["id"],
            p["author"],
            names[p["author"]],
            p["title"],
            p["body"],
            p["topic"],
            ctx.area_ids[p["area"]] if p["area"] is not None else None,
            p["language"],
            str(p["status"]),
            p["hidden"],
            p["merged_into"],
            REJECTION if p["status"] == S.REJECTED else "",
            p["supports"],
            p["reports"],
            p["picked"],
            p["created"],
            p["submitted"],
            p["published"],
            p["last_update"],
        )
        for p in proposals
    )
    fields = [
        "id",
        "author",
        "author_display_name",
        "title",
        "body",
        "topic",
        "area",
        "language",
        "status",
        "hidden",
        "merged_into",
        "moderator_message",
        "support_count",
        "report_count",
        "picked_for_delivery",
        "created_at",
        "submitted_at",
        "published_at",
        "last_update_at",
    ]
    # Merged proposals point to earlier ids: rows go in id order.
    with loader.big_table(Proposal):
        return loader.insert(Proposal, fields, rows, ctx.progress.bar("proposals", len(proposals)))


def _supports(ctx: Context, rng, supported: list[dict]):
    members = ctx.member_ids
    window = 60 * 86_400
    for p in supported:
        k = p["supports"]
        if not k:
            continue
        chosen = rng.sample(range(len(members)), min(k + 1, len(members)))
        author = p["author"] - members[0]  # the members' ids follow each other
        if author in chosen:
            chosen.remove(author)
        step = max(window // k, 1)
        for j, index in enumerate(chosen[:k]):
            yield (
                p["id"],
                members[index],
                min(p["published"] + dt.timedelta(seconds=j * step), END),
            )


def _reports(ctx: Context, rng, proposals: list[dict]):
    reasons = AbuseReport.Reason.values
    for p in proposals:
        if not p["reports"]:
            continue
        reporters = [m for m in rng.sample(ctx.member_ids, p["reports"] + 1) if m != p["author"]]
        for j, reporter in enumerate(reporters[: p["reports"]]):
            at = min(p["published"] + dt.timedelta(hours=j + 1), END)
            yield (p["id"], reporter, rng.choice(reasons), at, False)
