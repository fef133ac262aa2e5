"""Measure a monthly digest for 100,000 subscribers on PostgreSQL.

Builds the database ``jisr_bench_digests`` (dropped and recreated): a fictional term of
329 members in 25 parties and alliances, a month of their activities and votes, 200
published proposals in 10 topics, a published organization report — and 100,000 visitors
who follow on average 5 of these things each (1 to 9, the popular ones more often), all
monthly, 70 % reading Arabic and 30 % English.

Then it runs the month's digest the way the worker does, in this one process:

1. **build**: what is new on each followed thing, rendered once per language; one
   delivery record per subscriber; the batches queued in the database task queue;
2. **render and send**: every batch task's work — each digest rendered (HTML and text,
   in the reader's language, with its signed unsubscribe links), claimed, handed to a
   mail backend that discards it (the SMTP server is not measured; the rate limit is
   off), marked sent.

It reports digests per second for each phase and overall, and the peak memory (Python
heap by tracemalloc, and the process's peak resident size), and rewrites its section of
bench/RESULTS.md.

    .venv/bin/python bench/digests.py                # 100,000 subscribers (several minutes)
    .venv/bin/python bench/digests.py --scale 0.02   # 2,000, while developing
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from parliament_pages import (  # noqa: E402 - the shared PostgreSQL helpers
    connect,
    copy_rows,
    ensure_postgres,
    machine,
    masked,
    recreate_database,
    setup_django,
)
from results import RESULTS, write_section  # noqa: E402

SECTION = "## Monthly digest for 100,000 subscribers (PostgreSQL)"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_bench_digests"
SEED = 100_000
SUBSCRIBERS = 100_000
MEMBERS, GROUPS, TOPICS, PROPOSALS = 329, 25, 10, 200
TRACED_BATCHES = 5


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(subscribers: int, rng: random.Random) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from jisr.parliament.models import (
        Activity,
        Membership,
        Organization,
        Person,
        Term,
        Vote,
        VoteEvent,
    )
    from jisr.proposals.models import Proposal, Topic
    from jisr.reports import selectors, services
    from jisr.reports.models import MonthlyReport, Subscriber, Subscription

    today = timezone.localdate()
    before = today.replace(day=1) - dt.timedelta(days=1)
    start, end = selectors.month_range(before.year, before.month)
    month_start = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    house = Organization.objects.create(
        name="مجلس النواب (خيالي)", classification="legislature", name_key="مجلس", is_fictional=True
    )
    term = Term.objects.create(
        legislature=house,
        identifier="bench",
        name="الدورة",
        start_date=start - dt.timedelta(days=400),
    )
    alliances = [
        Organization.objects.create(
            name=f"تحالف {n} (خيالي)",
            classification="alliance",
            name_key=f"t{n}",
            is_fictional=True,
        )
        for n in range(5)
    ]
    parties = [
        Organization.objects.create(
            name=f"حزب {n} (خيالي)",
            classification="party",
            parent=alliances[n % 5],
            name_key=f"h{n}",
            is_fictional=True,
        )
        for n in range(GROUPS - 5)
    ]
    groups = alliances + parties
    people = Person.objects.bulk_create(
        Person(name=f"نائب خيالي {n}", name_key=f"n{n}", is_fictional=True) for n in range(MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(
            person=p,
            organization=house,
            term=term,
            on_behalf_of=parties[i % len(parties)],
            start_date=term.start_date,
        )
        for i, p in enumerate(people)
    )
    activities = [
        Activity(
            person=p,
            term=term,
            kind=rng.choice(["speech", "committee", "question", "bill"]),
            date=start + dt.timedelta(days=rng.randrange((end - start).days + 1)),
            title=f"مداخلة خيالية رقم {i}-{n}",
        )
        for i, p in enumerate(people)
        for n in range(rng.randint(0, 8))
    ]
    Activity.objects.bulk_create(activities, batch_size=5_000)
    Activity.objects.update(recorded_at=month_start + dt.timedelta(days=3))
    for n in range(12):
        event = VoteEvent.objects.create(
            term=term,
            date=start + dt.timedelta(days=2 * n),
            motion=f"مقترح قانون خيالي {n}",
            result="passed",
        )
        Vote.objects.bulk_create(
            Vote(
                vote_event=event,
                person=p,
                option=rng.choice(["yes", "no", "abstain"]),
                party=parties[i % len(parties)],
            )
            for i, p in enumerate(people)
        )
    VoteEvent.objects.update(recorded_at=month_start + dt.timedelta(days=5))
    topics = Topic.objects.bulk_create(Topic(name=f"موضوع {n}") for n in range(TOPICS))
    proposals = Proposal.objects.bulk_create(
        Proposal(
            title=f"مقترح خيالي {n}",
            body="نص",
            topic=topics[n % TOPICS],
            status="published",
            published_at=month_start + dt.timedelta(hours=n),
            author_display_name="عضو",
        )
        for n in range(PROPOSALS)
    )
    report = services.report_create(actor="system:bench", person=None, start=start, end=end)
    services.report_publish(
        actor="system:bench", report=report, now=month_start + dt.timedelta(days=20)
    )
    assert MonthlyReport.objects.filter(status="published").count() == 1

    # What can be followed, the popular ones first (a Zipf-like weight).
    kinds = {
        m: ContentType.objects.get_for_model(m).pk for m in (Person, Organization, Proposal, Topic)
    }
    targets = (
        [(None, None)]
        + [(kinds[Person], p.pk) for p in people]
        + [(kinds[Organization], g.pk) for g in groups]
        + [(kinds[Proposal], p.pk) for p in proposals]
        + [(kinds[Topic], t.pk) for t in topics]
    )
    rng.shuffle(targets)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(targets))]
    now = timezone.now()

    def subscriber_rows():
        for n in range(subscribers):
            yield (
                f"reader{n}@bench.jisr.invalid",
                "ar" if rng.random() < 0.7 else "en",
                "immediately",
                uuid.UUID(int=rng.getrandbits(128)),
                0,
                now,
            )

    copy_rows(
        Subscriber,
        ["email", "language", "notices", "key", "hard_bounces", "created_at"],
        subscriber_rows(),
    )
    first = Subscriber.objects.order_by("pk").values_list("pk", flat=True).first()

    def subscription_rows():
        for n in range(subscribers):
            chosen = set()
            for _ in range(rng.randint(1, 9)):
                chosen.add(rng.choices(range(len(targets)), weights)[0])
            for index in chosen:
                kind, pk = targets[index]
                yield (
                    first + n,
                    kind,
                    pk,
                    "monthly",
                    "",
                    uuid.UUID(int=rng.getrandbits(128)),
                    now,
                    now,
                )

    count = copy_rows(
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
        subscription_rows(),
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "period": (start, end),
        "subscriptions": count,
        "activities": len(activities),
        "targets": len(targets),
    }


def render(info, subscribers, data, build, send, url, command) -> str:
    def per(n, seconds):
        return f"{n / seconds:,.0f}" if seconds else "—"

    build_rate = build["count"] / build["seconds"] if build["seconds"] else 0
    send_rate = send["count"] / send["seconds"] if send["seconds"] else 0
    overall = 1 / (1 / build_rate + 1 / send_rate) if build_rate and send_rate else 0
    lines = [
        SECTION,
        "",
        "One month's digest built and sent in one process, the way `jisr worker` runs the "
        "build task and then every batch task: sections rendered once per followed thing and "
        "language, one delivery record per subscriber, batches queued in the database task "
        "queue; then each digest rendered in its reader's language (HTML and text, signed "
        "unsubscribe links), claimed, handed to a mail backend that discards it (Django's "
        "dummy backend: the SMTP server and the rate limit are not measured) and marked sent, "
        "its mark committed with the next digest's claim (one commit per digest).",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory; "
        f"PostgreSQL {info['postgres']} on the same machine ({info['pg_settings']}); "
        f"Python {info['python']}, Django {info['django']}; {info['date']}.",
        f"- Data: {subscribers:,} subscribers, {data['subscriptions']:,} subscriptions "
        f"(average {data['subscriptions'] / subscribers:.2f} each, all monthly) over "
        f"{data['targets']} followed things (329 representatives, 25 parties and alliances, "
        f"200 proposals, 10 topics, the monthly report); {data['activities']:,} activities "
        "and 12 vote events in the month; 70 % of the readers in Arabic, 30 % in English. "
        f"{build['count']:,} of the subscribers follow something with news this month and "
        "get a digest; the others get none.",
        "",
        "| phase | digests | seconds | digests per second | peak Python heap | process peak RSS |",
        "|---|---:|---:|---:|---:|---:|",
        f"| build ({build['sections']} sections, delivery records, {build['batches']} "
        f"batches queued)¹ | {build['count']:,} | {build['seconds']:.1f} | "
        f"{per(build['count'], build['seconds'])} | {build['heap']:.0f} MiB | "
        f"{build['rss']:.0f} MiB |",
        f"| render and send² | {send['count']:,} | {send['seconds']:.1f} | "
        f"{per(send['count'], send['seconds'])} | {send['heap']:.0f} MiB | "
        f"{send['rss']:.0f} MiB |",
        f"| **whole digest** (1 / (1/build + 1/send)) | | | **{overall:,.0f}** | | |",
        "",
        "¹ Timed with tracemalloc on (it slows Python down): the build's rate is a floor. "
        f"² The first {send['traced']} batches ran with tracemalloc on, to measure the heap "
        "while sending (a batch holds at most `JISR_DIGEST_BATCH_SIZE` digests, so it does not "
        "grow with the subscribers); the rate is timed over the other batches, without it: "
        f"{send['queries_per_digest']:.1f} queries per digest. The process's resident size "
        f"before the digest, after loading the data: {build['rss_before']:.0f} MiB. Sending is "
        "bound by PostgreSQL's commits (one fsync per digest on this disk): a claim has to be "
        "on disk before its message leaves.",
        "",
        "At the default `JISR_EMAIL_RATE_PER_MINUTE=120` the SMTP server, not Jisr, sets the "
        f"pace: {subscribers:,} digests take {subscribers / 120 / 60:.1f} hours to hand over.",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 subscribers")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="dropped and recreated")
    parser.add_argument("--no-write", action="store_true", help="print only")
    options = parser.parse_args()
    subscribers = max(int(SUBSCRIBERS * options.scale), 10)
    url = options.database_url
    ensure_postgres(url)
    recreate_database(url)
    connect(url).close()
    setup_django(url)
    os.environ["LOG_LEVEL"] = "WARNING"
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    settings.JISR_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.JISR_EMAIL_RATE_PER_MINUTE = 0
    settings.JISR_SITE_URL = "https://jisr.example.org"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from jisr.reports import digests
    from jisr.reports.models import DigestBatch, DigestDelivery, DigestRun, DigestSection

    log(f"Generating {subscribers:,} subscribers …")
    t0 = time.perf_counter()
    data = generate(subscribers, random.Random(SEED))
    log(f"  data in {time.perf_counter() - t0:.0f} s: {data['subscriptions']:,} subscriptions")
    from django.utils import timezone

    start, end = data["period"]
    run = DigestRun.objects.create(
        frequency="monthly",
        period_start=timezone.make_aware(dt.datetime.combine(start, dt.time())),
        period_end=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time())),
    )
    rss_before = rss_mib()
    tracemalloc.start()
    log("Building …")
    t0 = time.perf_counter()
    count = digests.build(run.pk)
    build = {
        "count": count,
        "seconds": time.perf_counter() - t0,
        "heap": tracemalloc.get_traced_memory()[1] / 2**20,
        "rss": rss_mib(),
        "rss_before": rss_before,
        "batches": DigestBatch.objects.filter(run=run).count(),
        "sections": DigestSection.objects.filter(run=run).count(),
    }
    tracemalloc.reset_peak()
    log(f"  {count:,} digests planned in {build['seconds']:.1f} s")
    log("Rendering and sending …")
    numbers = list(
        DigestBatch.objects.filter(run=run).order_by("number").values_list("number", flat=True)
    )
    # The first batches with tracemalloc on, for the heap's peak while sending (a batch's
    # memory does not grow with the number of subscribers); the rest without it, timed.
    traced, timed = numbers[:TRACED_BATCHES], numbers[TRACED_BATCHES:]
    sent = sum(digests.send_batch(run.pk, number) for number in traced)
    heap = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    timed_sent, query_count = 0, 0

    def counter(execute, sql, params, many, context):
        nonlocal query_count
        query_count += 1
        return execute(sql, params, many, context)

    t0 = time.perf_counter()
    with connection.execute_wrapper(counter):
        for number in timed:
            timed_sent += digests.send_batch(run.pk, number)
    seconds = time.perf_counter() - t0
    sent += timed_sent
    send = {
        "count": timed_sent,
        "seconds": seconds,
        "heap": heap,
        "rss": rss_mib(),
        "queries_per_digest": query_count / max(timed_sent, 1),
        "traced": len(traced),
    }
    assert sent == count == DigestDelivery.objects.filter(run=run, status="sent").count()
    log(f"  {sent:,} digests sent, {timed_sent:,} of them timed in {seconds:.1f} s")
    command = " ".join([".venv/bin/python", "bench/digests.py", *sys.argv[1:]])
    text = render(machine(), subscribers, data, build, send, masked(url), command)
    print(text)
    if not options.no_write and options.scale == 1.0:
        write_section(SECTION, text)
        log(f"Wrote {RESULTS.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
