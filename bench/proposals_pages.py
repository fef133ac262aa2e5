"""Measure the proposals pages on PostgreSQL with 100,000 proposals and 1,000,000 supports.

Builds the database ``jisr_bench_proposals`` (dropped and recreated, or kept with
``--reuse``): 5,000 fictional members, 10 topics, 18 governorates, 20 representatives,
100,000 proposals over the public statuses (1% hidden pending review) with their support
counts kept on the row, 1,000,000 supports (one per member and proposal, a few proposals
very popular, most with a handful), a status change per proposal, and deliveries, answers
and milestones for some. Then it requests the proposal list (newest first, most supported,
by topic, by status, a deep page), the most supported proposal's page and a floor page (no
database, tiny response) in-process with Django's test client, interleaved in shuffled
rounds, and writes the medians as multiples of the floor to bench/RESULTS.md, with the plan
of the list's queries under each filter.

    .venv/bin/python bench/proposals_pages.py                 # full size
    .venv/bin/python bench/proposals_pages.py --scale 0.05    # quick, while developing
    .venv/bin/python bench/proposals_pages.py --reuse         # keep the data if it fits

The measuring, EXPLAIN and PostgreSQL helpers are those of parliament_pages.py. The data
are fictional and deterministic (fixed seed).
"""

import argparse
import datetime as dt
import random
import shlex
import sys
import time
import uuid

import parliament_pages as pp
from parliament_pages import log, phase
from results import write_section

from jisr.scale.loader import big_table
from jisr.scale.names import TOPICS

SECTION = "## Proposals pages (PostgreSQL)"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_bench_proposals"
SEED = 2025
DATA_VERSION = 1

FULL = {"users": 5_000, "proposals": 100_000, "supports": 1_000_000}
PAGE_SIZE = 20  # proposals.views.PAGE_SIZE
DEEP_PAGE = 2_000
STATUSES = [  # public statuses and their shares
    ("published", 0.55),
    ("delivered", 0.15),
    ("answered", 0.10),
    ("in_progress", 0.07),
    ("achieved", 0.04),
    ("partly_achieved", 0.02),
    ("declined", 0.02),
    ("closed", 0.05),
]
GOVERNORATES = [
    "Baghdad",
    "Nineveh",
    "Basra",
    "Dhi Qar",
    "Babil",
    "Sulaymaniyah",
    "Erbil",
    "Anbar",
    "Diyala",
    "Kirkuk",
    "Najaf",
    "Salah al-Din",
    "Wasit",
    "Qadisiyyah",
    "Karbala",
    "Duhok",
    "Maysan",
    "Muthanna",
]
WORDS = [
    "تحسين",
    "خدمات",
    "المدارس",
    "في",
    "الأحياء",
    "الشعبية",
    "وتوفير",
    "الكهرباء",
    "للمستشفيات",
    "وصيانة",
    "الطرق",
    "الريفية",
    "وإنشاء",
    "محطات",
    "لتحلية",
    "المياه",
    "ودعم",
    "المشاريع",
    "الصغيرة",
    "للشباب",
    "ومتابعة",
    "العقود",
]
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SPAN_MINUTES = 2 * 365 * 24 * 60


def marker(scale: float) -> str:
    return f"jisr bench proposals_pages data={DATA_VERSION} seed={SEED} scale={scale:g}"


def sizes(scale: float) -> dict[str, int]:
    return {k: max(round(v * scale), 50) for k, v in FULL.items()}


def support_counts(rng: random.Random, n: int, total: int, cap: int) -> list[int]:
    """A long tail: a few proposals with thousands of supports, most with a handful."""
    weights = [1 / (r + 1) ** 0.75 for r in range(n)]
    counts = pp.largest_remainder(weights, total)
    excess = sum(max(0, c - cap) for c in counts)
    counts = [min(c, cap) for c in counts]
    i = n // 100  # give what the cap cut off to the middle of the tail
    while excess:
        if counts[i] < cap:
            counts[i] += 1
            excess -= 1
        i = i + 1 if i + 1 < n else n // 100
    order = list(range(n))
    rng.shuffle(order)  # popularity independent of age, topic and status
    return [counts[order[i]] for i in range(n)]


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def generate(scale: float) -> dict:
    from django.db import connection

    from jisr.accounts.models import User
    from jisr.parliament.models import Area, Person
    from jisr.proposals.models import (
        Answer,
        Delivery,
        Milestone,
        Proposal,
        StatusChange,
        Support,
        Topic,
    )

    n = sizes(scale)
    rng = random.Random(SEED)
    with phase("generate and load"):
        topics = Topic.objects.bulk_create(
            Topic(name=ar, name_en=en, order=i) for i, (ar, en) in enumerate(TOPICS)
        )
        areas = Area.objects.bulk_create(
            Area(name=en, name_en=en, identifier=f"bench-{i}") for i, en in enumerate(GOVERNORATES)
        )
        people = Person.objects.bulk_create(
            Person(
                name=f"ممثل {i}",
                name_latin=f"Representative {i}",
                name_key=f"representative {i}",
                is_fictional=True,
            )
            for i in range(20)
        )
        users = n["users"]
        copy = pp.copy_rows(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "email",
                "display_name",
                "preferred_language",
                "audit_ref",
                "is_active",
                "is_staff",
                "date_joined",
            ],
            (
                (
                    i + 1,
                    "!",
                    False,
                    f"member{i + 1}@bench.invalid",
                    f"عضو {i + 1}",
                    "ar" if rng.random() < 0.7 else "en",
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    True,
                    False,
                    START - dt.timedelta(days=rng.randrange(365)),
                )
                for i in range(users)
            ),
        )
        log(f"  {copy:,} users")

        # Proposals: published over two years, ids in publication order.
        total = n["proposals"]
        counts = support_counts(rng, total, n["supports"], users)
        names = [s for s, _ in STATUSES]
        shares = pp.largest_remainder([w for _, w in STATUSES], total)
        statuses = [s for s, k in zip(names, shares, strict=True) for _ in range(k)]
        rng.shuffle(statuses)
        top = max(range(total), key=lambda i: (counts[i], -i))
        statuses[top] = "in_progress"  # the detail page's proposal has a full timeline
        published = sorted(rng.randrange(SPAN_MINUTES) for _ in range(total))
        rows = []
        for i in range(total):
            when = START + dt.timedelta(minutes=published[i])
            author = rng.randrange(users) + 1
            title = " ".join(rng.choices(WORDS, k=rng.randint(4, 9)))
            body = " ".join(rng.choices(WORDS, k=rng.randint(30, 120)))
            hidden = i != top and rng.random() < 0.01
            rows.append(
                (
                    i + 1,
                    author,
                    f"عضو {author}",
                    title,
                    body,
                    topics[int(len(topics) * rng.random() ** 1.5)].pk,
                    areas[rng.randrange(len(areas))].pk if rng.random() < 0.8 else None,
                    "ar",
                    statuses[i],
                    hidden,
                    "",
                    counts[i],
                    0,
                    False,
                    when - dt.timedelta(days=2),
                    when - dt.timedelta(days=1),
                    when,
                    when + dt.timedelta(days=rng.randrange(30)),
                )
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
            "moderator_message",
            "support_count",
            "report_count",
            "picked_for_delivery",
            "created_at",
            "submitted_at",
            "published_at",
            "last_update_at",
        ]
        with big_table(Proposal):
            pp.copy_rows(Proposal, fields, rows, pp.Progress("proposals", total))
        changes = ((i + 1, "submitted", "published", "", rows[i][16]) for i in range(total))
        with big_table(StatusChange):
            pp.copy_rows(
                StatusChange,
                ["proposal", "from_status", "to_status", "note", "created_at"],
                changes,
            )
        del rows

        # Supports: each proposal's supporters drawn without repetition.
        def supports():
            members = range(1, users + 1)
            for i in range(total):
                when = START + dt.timedelta(minutes=published[i])
                for j, user in enumerate(rng.sample(members, counts[i])):
                    yield (i + 1, user, when + dt.timedelta(minutes=j))

        with big_table(Support):
            loaded = pp.copy_rows(
                Support,
                ["proposal", "user", "created_at"],
                supports(),
                pp.Progress("supports", sum(counts)),
            )
        log(f"  {loaded:,} supports")

        # Deliveries for the delivered and later proposals, up to 3,000 of them (scaled),
        # answers for the answered and later, milestones for those under way.
        later = [i for i in range(total) if statuses[i] != "published" and i != top]
        picked = [top, *rng.sample(later, min(len(later), max(int(3_000 * scale), 10)))]
        deliveries, answers, milestones = [], [], []
        today = dt.date(2026, 1, 1)
        for i in sorted(picked):
            reps = rng.sample(people, 3 if i == top else rng.randint(1, 2))
            for rep in reps:
                day = (START + dt.timedelta(minutes=published[i], days=10)).date()
                deliveries.append(
                    Delivery(
                        proposal_id=i + 1,
                        representative=rep,
                        method="meeting",
                        delivered_on=min(day, today),
                        note="",
                    )
                )
            if i == top or statuses[i] in {"in_progress", "achieved", "partly_achieved"}:
                for k in range(5 if i == top else 2):
                    milestones.append(
                        Milestone(
                            proposal_id=i + 1,
                            date=today + dt.timedelta(days=30 * k),
                            note="تقدم في التنفيذ",
                            progress=20 * (k + 1),
                        )
                    )
        deliveries = Delivery.objects.bulk_create(deliveries, batch_size=1000)
        for d in deliveries:
            if statuses[d.proposal_id - 1] != "delivered":
                answers.append(
                    Answer(
                        delivery=d,
                        answered_on=d.delivered_on + dt.timedelta(days=14),
                        text="شكراً، نتابع الموضوع.",
                        source="transcribed",
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=1000)
        Milestone.objects.bulk_create(milestones, batch_size=1000)
        StatusChange.objects.bulk_create(
            StatusChange(proposal_id=top + 1, from_status=a, to_status=b, note="")
            for a, b in [("published", "delivered"), ("delivered", "in_progress")]
        )
        reset_sequences([User, Proposal, Support, StatusChange])
        log(
            f"  {len(deliveries):,} deliveries, {len(answers):,} answers, "
            f"{len(milestones):,} milestones"
        )
    with phase("VACUUM (ANALYZE)"), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return {}


# --- Pages and plans ------------------------------------------------------------------------


def targets() -> dict:
    from django.db.models import Count

    from jisr.proposals import selectors
    from jisr.proposals.models import Support

    top = selectors.public_proposals().order_by("-support_count", "id").first()
    topic = (
        selectors.public_proposals()
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("-n", "topic")[2]  # a middling topic, not the biggest
    )
    return {
        "proposal": top.pk,
        "support_count": top.support_count,
        "supports": Support.objects.filter(proposal=top).count(),
        "topic": topic["topic"],
        "topic_count": topic["n"],
        "status": "answered",
    }


def timed_sql(fn):
    """The statements a call runs, with their parameters."""
    from django.db import connection

    timer = pp.QueryTimer()
    with connection.execute_wrapper(timer):
        fn()
    return [(sql, params) for sql, params, _ms in timer.calls]


def explain_lists(target: dict, results: dict) -> list[dict]:
    from django.db import connection

    from jisr.proposals import selectors

    cases = [
        ("newest", {}, 1),
        ("most supported", {"sort": "supported"}, 1),
        ("by topic", {"topic": target["topic"]}, 1),
        ("by status", {"status": target["status"]}, 1),
        ("deep page", {}, DEEP_PAGE),
    ]
    found = []
    for title, filters, page in cases:
        qs = selectors.proposal_list(**filters).defer("body")
        start = (page - 1) * PAGE_SIZE
        if page == 1:
            sql, params = timed_sql(qs.count)[0]
            found.append({"title": f"list, {title}: count", "raw": (sql, params)})
        sql, params = qs[start : start + PAGE_SIZE].query.sql_with_params()
        label = f"list, {title}: page {page}"
        found.append({"title": label, "raw": (sql, params)})
    ms, (sql, params) = results["detail"]["slowest"][0]
    found.append(
        {"title": f"detail: its slowest query ({ms:.1f} ms from the client)", "raw": (sql, params)}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 50000 "
            "AND relnamespace = current_schema()::regnamespace"
        )
        big_tables = {name for (name,) in cursor.fetchall()}
    with phase("EXPLAIN (ANALYZE)"):
        for item in found:
            sql, params = item["raw"]
            item["sql"] = sql % tuple(repr(p) for p in params or ())
            plan, text = pp.explain(sql, params)
            item.update(pp.summarize(plan, big_tables), text=text)
    return found


def table_sizes() -> list[tuple[str, int, str]]:
    from django.db import connection

    from jisr.accounts.models import User
    from jisr.proposals.models import Answer, Delivery, Milestone, Proposal, StatusChange, Support

    rows = []
    with connection.cursor() as cursor:
        for model in (User, Proposal, Support, StatusChange, Delivery, Answer, Milestone):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) "
                f"FROM {pp.quote(table)}",
                [table],
            )
            count, size = cursor.fetchone()
            rows.append((model.__name__, count, size))
    return rows


def render(scale, command, info, sizes_, target, results, plans, rounds, warmup) -> str:
    lines = [
        SECTION,
        "",
        "Pages requested in-process with Django's test client (no network, anonymous "
        f"visitor), {warmup} warm-up rounds, then {rounds} rounds that each request every "
        "page once in a shuffled order. Times are wall-clock per request; “× floor” is the "
        "page's median divided by the median of a view that returns a tiny response and "
        "touches no database (same middleware, same client), measured in the same rounds. "
        "Support counts are read from `Proposal.support_count` (kept on write); no page "
        "counts supports.",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory; "
        f"PostgreSQL {info['postgres']} on the same machine ({info['pg_settings']}); "
        f"Python {info['python']}, Django {info['django']}; {info['date']}.",
        f"- Data (scale {scale:g}): "
        + ", ".join(f"{count:,} {name} ({size})" for name, count, size in sizes_)
        + "; 10 topics, 18 governorates, 20 representatives. Proposals over the public "
        "statuses (55% published, 15% delivered, 10% answered, …; 1% hidden).",
        f"- Detail: proposal #{target['proposal']}, the most supported "
        f"({target['supports']:,} supports, support_count {target['support_count']:,}); "
        f"topic filter: topic #{target['topic']} ({target['topic_count']:,} public "
        f"proposals); status filter: `{target['status']}`.",
        "",
        "| page | queries | median ms | p95 ms | × floor | SQL ms¹ | KB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        lines.append(
            f"| {name} (`{result['url']}`) | {result['queries']} | {result['median']:.1f} | "
            f"{result['p95']:.1f} | {result['ratio']:.1f} | {result['sql_ms']:.1f} | "
            f"{result['bytes'] / 1024:.0f} |"
        )
    lines += [
        "",
        "¹ Sum over the page's queries of each one's median execute() time, timed from the "
        "client over 5 requests outside the timed rounds: the part of the page spent waiting "
        "for PostgreSQL.",
        "",
        "Query plans of the list under each filter (EXPLAIN ANALYZE, warm cache; the "
        "paginator's count, then the page):",
        "",
    ]
    for item in plans:
        reads = "; ".join(f"{table}: {', '.join(ways)}" for table, ways in item["access"].items())
        lines.append(
            f"- {item['title']}: {item['ms']:.1f} ms. Top node: {item['top']}. Reads {reads}."
            + (f" Sorts: {'; '.join(item['sorts'])}." if item["sorts"] else "")
            + (
                f" **Sequential scan of a big table:** {'; '.join(item['big_seq_scans'])}."
                if item["big_seq_scans"]
                else ""
            )
        )
    lines += [
        "",
        "Phases: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in pp.PHASES) + ".",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data size (1.0 = full)")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="the bench database")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it holds this scale's data"
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave RESULTS.md alone"
    )
    args = parser.parse_args()
    if args.scale <= 0:
        parser.error("--scale must be positive")
    url = args.database_url
    if not pp.database_name(url) or pp.database_name(url) in {"postgres", "jisr_bench"}:
        parser.error("--database-url must name a database of its own (it is dropped)")
    command = shlex.join(
        [".venv/bin/python", "bench/proposals_pages.py", *(pp.masked(a) for a in sys.argv[1:])]
    )
    started = time.perf_counter()

    with phase("database"):
        pp.ensure_postgres(url)
        reuse = args.reuse and pp.existing_marker(url) == marker(args.scale)
        if args.reuse and not reuse:
            log("  --reuse: no data of this scale there, building it")
        if not reuse:
            pp.recreate_database(url)
        pp.setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    if not reuse:
        generate(args.scale)
        pp.set_marker(url, marker(args.scale))
    else:
        from django.db import connection

        with phase("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    target = targets()
    pages = [
        ("list, newest", "/proposals/"),
        ("list, most supported", "/proposals/?sort=supported"),
        ("list, by topic", f"/proposals/?topic={target['topic']}"),
        ("list, by status", f"/proposals/?status={target['status']}"),
        ("list, deep page", f"/proposals/?page={DEEP_PAGE}"),
        ("detail", f"/proposals/{target['proposal']}/"),
        ("floor", "/bench-floor/"),
    ]
    pp.use_bench_urls()
    results = pp.measure(pages, args.rounds, args.warmup)
    plans = explain_lists(target, results)

    section = render(
        args.scale,
        command,
        pp.machine(),
        table_sizes(),
        target,
        results,
        plans,
        args.rounds,
        args.warmup,
    )
    if not args.no_write:
        write_section(SECTION, section)
    print(section)
    print("Plans in full:\n")
    for item in plans:
        print(f"-- {item['title']}\n{item['sql']}\n{item['text']}\n")
    print(f"Total: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
