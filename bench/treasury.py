"""Measure the treasury's public pages on PostgreSQL with 100,000 contributions and
1,000,000 ledger entries.

Builds the database ``jisr_bench_treasury`` (dropped and recreated, or kept with
``--reuse``): 60 campaigns in three currencies (a dozen with parts), 100,000 contributions
over three years by cash, bank transfer and in kind (most paid, some pending, expired,
cancelled or refunded), a donor for each (names encrypted with a bench key, 3% shown by
initials or nickname), and a ledger of exactly 1,000,000 entries: each paid gift's group
(net, fee, gross), each refund's reversing group, paid expenses and transfers to the
centre making up the rest. The ledger is loaded with ``COPY`` (inserts only: its trigger
refuses UPDATE and DELETE, not INSERT).

Then it requests the transparency page, its CSV, the campaigns list, the biggest
campaign's page and a floor page (no database, tiny response) in-process with Django's
test client, interleaved in shuffled rounds, and writes the medians as multiples of the
floor to bench/RESULTS.md. The transparency figures are cached by the ledger's last entry
(``treasury/selectors.py``): the rounds measure the steady state, and a separate set of
requests measures the page right after a new ledger group (the cache missed, the whole
ledger summed again), inside a transaction that is rolled back.

    .venv/bin/python bench/treasury.py                 # full size
    .venv/bin/python bench/treasury.py --scale 0.05    # quick, while developing
    .venv/bin/python bench/treasury.py --reuse         # keep the data if it fits

The measuring, EXPLAIN and PostgreSQL helpers are those of parliament_pages.py. The data
are fictional and deterministic (fixed seed).
"""

import argparse
import datetime as dt
import os
import random
import shlex
import statistics
import sys
import time
import uuid

import parliament_pages as pp
from parliament_pages import log, phase
from proposals_pages import reset_sequences, timed_sql
from results import write_section

from jisr.scale.loader import big_table

SECTION = "## Treasury pages (PostgreSQL)"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_bench_treasury"
SEED = 3615  # Political Parties Law 36/2015
DATA_VERSION = 1

FULL = {"contributions": 100_000, "entries": 1_000_000}
BENCH_KEY = "YmVuY2gtb25seS10cmVhc3VyeS1rZXktMDEyMzQ1Njc="  # 32 bytes, fictional data only
START = dt.date(2024, 1, 1)
DAYS = 3 * 365 - 30
CURRENCIES = [("USD", 0.5, 100, 50_000), ("EUR", 0.3, 100, 40_000), ("IQD", 0.2, 1, 500_000)]
STATUSES = [("paid", 0.85), ("pending", 0.05), ("expired", 0.05), ("cancelled", 0.03)]
STATUSES.append(("refunded", 1 - sum(share for _s, share in STATUSES)))
METHODS = [("bank_transfer", 0.6), ("cash", 0.35), ("in_kind", 0.05)]
COLD_REQUESTS = 5


def marker(scale: float) -> str:
    return f"jisr bench treasury data={DATA_VERSION} seed={SEED} scale={scale:g}"


def sizes(scale: float) -> dict[str, int]:
    return {k: max(round(v * scale), 500) for k, v in FULL.items()}


def pick(rng: random.Random, table: list[tuple]) -> str:
    return rng.choices([row[0] for row in table], weights=[row[1] for row in table])[0]


def generate(scale: float) -> dict:
    from django.db import connection, transaction

    from jisr.treasury import crypto
    from jisr.treasury.models import (
        Campaign,
        Contribution,
        Donor,
        Expense,
        LedgerEntry,
        ReceiptCounter,
    )

    n = sizes(scale)
    rng = random.Random(SEED)
    entry_id = 0
    ledger: list[tuple] = []

    def post(kind, campaign, currency, day, lines, reverses=None):
        nonlocal entry_id
        group = uuid.UUID(int=rng.getrandbits(128), version=4)
        for account, amount in lines:
            if amount:
                entry_id += 1
                ledger.append(
                    (entry_id, group, kind, account, campaign, currency, amount, day, reverses)
                )
        return group

    with phase("generate and load"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
        campaigns: list[Campaign] = []
        for i in range(48):
            code, _share, unit, goal = CURRENCIES[i % 3]
            campaigns.append(
                Campaign(
                    title=f"حملة {i + 1}",
                    title_en=f"Campaign {i + 1}",
                    purpose="دعم الحملة الانتخابية للفرع في الخارج.",
                    currency=code,
                    goal=goal * unit * (1 + i % 5),
                    preset_amounts=[10 * unit, 25 * unit, 50 * unit],
                    starts_on=START + dt.timedelta(days=20 * i),
                    is_public=i % 16 != 15,
                )
            )
        campaigns = Campaign.objects.bulk_create(campaigns)
        parts = Campaign.objects.bulk_create(
            Campaign(
                title=f"{campaigns[i].title}، الجزء {k + 1}",
                title_en=f"{campaigns[i].title_en}, part {k + 1}",
                purpose="جزء من الحملة.",
                parent=campaigns[i],
                currency=campaigns[i].currency,
                goal=campaigns[i].goal // 3,
                starts_on=campaigns[i].starts_on,
            )
            for i in range(12)
            for k in range(1 if i % 2 else 3)
        )
        every = campaigns + parts
        weights = [1 / (i + 1) ** 0.7 for i in range(len(every))]
        rng.shuffle(weights)
        unit_of = {code: unit for code, _s, unit, _g in CURRENCIES}

        total = n["contributions"]
        fernet = crypto._fernet((BENCH_KEY,))
        donors, gifts = [], []
        receipts: dict[int, int] = {}
        when = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
        for i in range(1, total + 1):
            campaign = rng.choices(every, weights=weights)[0]
            status, method = pick(rng, STATUSES), pick(rng, METHODS)
            if method == "in_kind" and status != "paid":
                method = "cash"
            if method == "cash" and status in {"pending", "expired"}:
                method = "bank_transfer"
            unit = unit_of[campaign.currency]
            gross = rng.choice([5, 10, 20, 25, 50, 100, 250]) * unit * (1000 if unit == 1 else 1)
            fee = rng.randint(1, gross // 20) if method == "bank_transfer" else 0
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            if day < campaign.starts_on:
                day = campaign.starts_on + dt.timedelta(days=rng.randrange(30))
            shown = rng.random() < 0.03
            display = rng.choice(["initials", "nickname"]) if shown else "hidden"
            label = {"initials": f"ع. {i % 97}.", "nickname": f"صديق {i}"}.get(display, "")
            donors.append(
                (
                    i,
                    fernet.encrypt(f"متبرع {i}".encode()).decode(),
                    "",
                    display,
                    label,
                    "2026-1",
                    when,
                    when,
                )
            )
            group = receipt = None
            received = None
            if status in {"paid", "refunded"}:
                received = day
                asset = {"cash": "asset:cash", "bank_transfer": "asset:bank"}.get(
                    method, "asset:in_kind"
                )
                income = "income:in_kind" if method == "in_kind" else "income:donations"
                lines = [(asset, gross - fee), ("expense:fees", fee), (income, -gross)]
                group = post("contribution", campaign.pk, campaign.currency, day, lines)
                receipts[day.year] = receipts.get(day.year, 0) + 1
                receipt = f"{day.year}-{receipts[day.year]:05d}"
                if status == "refunded":
                    back = [(a, -amount) for a, amount in lines]
                    later = day + dt.timedelta(days=rng.randint(1, 20))
                    post("refund", campaign.pk, campaign.currency, later, back, group)
            reference = f"J{i:07d}" if method == "bank_transfer" else None
            gifts.append(
                (
                    i,
                    campaign.pk,
                    i,
                    None,
                    method,
                    status,
                    campaign.currency,
                    gross,
                    fee if received else 0,
                    gross - (fee if received else 0),
                    reference,
                    "كتب ومستلزمات" if method == "in_kind" else "",
                    day + dt.timedelta(days=30) if method == "bank_transfer" else None,
                    received,
                    group,
                    receipt,
                    when,
                    when,
                )
            )
        with big_table(Donor):
            fields = [
                "id",
                "name_ciphertext",
                "contact_ciphertext",
                "display",
                "public_label",
                "attestation",
                "attested_at",
                "created_at",
            ]
            pp.copy_rows(Donor, fields, donors, pp.Progress("donors", total))
        fields = [
            "id",
            "campaign",
            "donor",
            "member",
            "method",
            "status",
            "currency",
            "gross",
            "fee",
            "net",
            "reference",
            "in_kind_description",
            "expires_on",
            "received_on",
            "ledger_group",
            "receipt_number",
            "created_at",
            "changed_at",
        ]
        with big_table(Contribution):
            pp.copy_rows(Contribution, fields, gifts, pp.Progress("contributions", total))
        del donors, gifts
        ReceiptCounter.objects.bulk_create(
            ReceiptCounter(year=year, last=last) for year, last in receipts.items()
        )

        # The rest of the ledger: paid expenses (two lines each) and, one group in fifty,
        # a transfer to the centre, until exactly n["entries"] (the last group may carry a
        # fee line to make the count come out).
        expenses = []
        if n["entries"] - entry_id < 2:
            sys.exit(f"The gifts alone wrote {entry_id:,} entries: raise the scale.")
        while entry_id < n["entries"]:
            campaign = rng.choices(every, weights=weights)[0]
            unit = unit_of[campaign.currency]
            amount = rng.randint(5, 2_000) * unit * (100 if unit == 1 else 1)
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            source = rng.choice(["asset:bank", "asset:cash"])
            if n["entries"] - entry_id == 3:
                lines = [
                    ("transfer:centre", amount),
                    ("expense:fees", unit),
                    (source, -amount - unit),
                ]
                post("transfer", campaign.pk, campaign.currency, day, lines)
                continue
            if rng.random() < 0.02:
                lines = [("transfer:centre", amount), (source, -amount)]
                post("transfer", campaign.pk, campaign.currency, day, lines)
                continue
            lines = [("expense:campaign", amount), (source, -amount)]
            group = post("expense", campaign.pk, campaign.currency, day, lines)
            expenses.append(
                (
                    len(expenses) + 1,
                    campaign.pk,
                    f"مصروف {len(expenses) + 1}: طباعة ونقل",
                    "",
                    campaign.currency,
                    amount,
                    day,
                    "",
                    "bench",
                    "paid",
                    day,
                    group,
                    when,
                )
            )
        fields = [
            "id",
            "campaign",
            "description",
            "payee_ciphertext",
            "currency",
            "amount",
            "spent_on",
            "receipt",
            "no_receipt_reason",
            "status",
            "paid_on",
            "ledger_group",
            "created_at",
        ]
        with big_table(Expense):
            pp.copy_rows(Expense, fields, expenses, pp.Progress("expenses", len(expenses)))
        ledger.sort(key=lambda row: row[0])
        fields = [
            "id",
            "group",
            "kind",
            "account",
            "campaign",
            "currency",
            "amount",
            "booked_on",
            "reverses",
        ]
        with big_table(LedgerEntry):
            loaded = pp.copy_rows(
                LedgerEntry,
                [*fields, "created_at"],
                ((*row, when) for row in ledger),
                pp.Progress("ledger entries", len(ledger)),
            )
        log(f"  {loaded:,} ledger entries, {len(expenses):,} expenses")
        reset_sequences([Donor, Contribution, Expense, LedgerEntry])
    with phase("VACUUM (ANALYZE)"), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return {}


# --- Pages and plans ------------------------------------------------------------------------


def targets() -> dict:
    """The campaign page of the top campaign with parts that was given the most."""
    from django.db.models import Count, Q

    from jisr.treasury.models import Campaign, Contribution, LedgerEntry

    top = (
        Campaign.objects.filter(parent__isnull=True, is_public=True, parts__isnull=False)
        .annotate(n=Count("contributions", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    family = Q(campaign=top) | Q(campaign__parent=top)
    return {
        "campaign": top.pk,
        "campaign_gifts": Contribution.objects.filter(family).count(),
        "parts": top.parts.count(),
        "entries": LedgerEntry.objects.count(),
    }


def cold_transparency(rounds: int) -> dict:
    """The page right after a new ledger group: the cache misses and the whole ledger is
    summed again. Each request posts a group in a transaction that is rolled back."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jisr.treasury import ledger
    from jisr.treasury.models import Campaign

    client = Client()
    campaign = Campaign.objects.order_by("pk").first()
    times, queries = [], set()
    with phase(f"transparency after a new entry ({rounds} requests)"):
        for _ in range(rounds):
            with transaction.atomic():
                ledger.post(
                    kind="correction",
                    campaign=campaign,
                    currency=campaign.currency,
                    booked_on=dt.date(2026, 11, 30),
                    lines=[("expense:fees", 1), ("asset:bank", -1)],
                )
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get("/treasury/transparency/")
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
                queries.add(len(captured.captured_queries))
                transaction.set_rollback(True)
    return {
        "url": "/treasury/transparency/",
        "queries": max(queries),
        "median": statistics.median(times),
        "p95": pp.percentile(times, 95),
        "times": times,
    }


def explain_pages(target: dict, results: dict) -> list[dict]:
    from django.db import connection

    from jisr.treasury import selectors

    found = []
    sql, params = timed_sql(lambda: selectors.campaign_totals(None))[-1]
    found.append({"title": "campaign totals: the sums per campaign", "raw": (sql, params)})
    for name in ("campaign", "campaigns"):
        ms, (sql, params) = results[name]["slowest"][0]
        found.append(
            {
                "title": f"{name}: its slowest query ({ms:.1f} ms from the client)",
                "raw": (sql, params),
            }
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

    from jisr.treasury.models import Campaign, Contribution, Donor, Expense, LedgerEntry

    rows = []
    with connection.cursor() as cursor:
        for model in (Campaign, Donor, Contribution, Expense, LedgerEntry):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) "
                f"FROM {pp.quote(table)}",
                [table],
            )
            count, size = cursor.fetchone()
            rows.append((model.__name__, count, size))
    return rows


def render(scale, command, info, sizes_, target, results, cold, plans, rounds, warmup) -> str:
    floor = results["floor"]["median"]
    lines = [
        SECTION,
        "",
        "Pages requested in-process with Django's test client (no network, anonymous "
        f"visitor, page cache off), {warmup} warm-up rounds, then {rounds} rounds that each "
        "request every page once in a shuffled order. Times are wall-clock per request; "
        "“× floor” is the page's median divided by the median of a view that returns a tiny "
        "response and touches no database (same middleware, same client), measured in the "
        "same rounds. The transparency figures and the campaigns' sums are cached (the "
        "site's cache, here in memory) under the ledger's last entry: the rounds measure "
        "a ledger that did not change; the last line is the page right after a new "
        "group (every figure and fingerprint summed again from the whole ledger).",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory; "
        f"PostgreSQL {info['postgres']} on the same machine ({info['pg_settings']}); "
        f"Python {info['python']}, Django {info['django']}; {info['date']}.",
        f"- Data (scale {scale:g}): "
        + ", ".join(f"{count:,} {name} ({size})" for name, count, size in sizes_)
        + ". Contributions 85% paid, 5% pending, 5% expired, 3% cancelled, 2% refunded; "
        "60% bank transfers (with a fee), 35% cash, 5% in kind; USD, EUR and IQD; 3% of "
        "donors shown by initials or a nickname.",
        f"- Campaign page: campaign #{target['campaign']}, the most given to "
        f"({target['campaign_gifts']:,} gifts, {target['parts']} parts).",
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
        f"| transparency, right after a new group (`{cold['url']}`, {len(cold['times'])} "
        f"requests) | {cold['queries']} | {cold['median']:.0f} | {cold['p95']:.0f} | "
        f"{cold['median'] / floor:,.0f} | | |",
        "",
        "¹ Sum over the page's queries of each one's median execute() time, timed from the "
        "client over 5 requests outside the timed rounds: the part of the page spent waiting "
        "for PostgreSQL.",
        "",
        "Query plans (EXPLAIN ANALYZE, warm cache):",
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
    parser.add_argument("--cold", type=int, default=COLD_REQUESTS, help="requests after a write")
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
        [".venv/bin/python", "bench/treasury.py", *(pp.masked(a) for a in sys.argv[1:])]
    )
    started = time.perf_counter()

    with phase("database"):
        pp.ensure_postgres(url)
        reuse = args.reuse and pp.existing_marker(url) == marker(args.scale)
        if args.reuse and not reuse:
            log("  --reuse: no data of this scale there, building it")
        if not reuse:
            pp.recreate_database(url)
        os.environ["JISR_TREASURY_KEY"] = BENCH_KEY
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
        ("transparency", "/treasury/transparency/"),
        ("transparency CSV", "/treasury/transparency.csv"),
        ("campaigns", "/treasury/"),
        ("campaign", f"/treasury/{target['campaign']}/"),
        ("floor", "/bench-floor/"),
    ]
    pp.use_bench_urls()
    cold = cold_transparency(args.cold)
    results = pp.measure(pages, args.rounds, args.warmup)
    plans = explain_pages(target, results)

    section = render(
        args.scale,
        command,
        pp.machine(),
        table_sizes(),
        target,
        results,
        cold,
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
