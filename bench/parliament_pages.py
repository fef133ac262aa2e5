"""Measure the parliament pages on PostgreSQL with a full term of data.

Builds (or reuses) the database ``jisr_bench``: one legislature and term, 329 members
in ~20 parties of 5 alliances and 18 governorates, 3,000 vote events with a vote of every
member (~987,000 votes), 200,000 other activities, 300 sittings with attendance. Then it
requests the representatives list, a busy representative's profile (first and a deep
page), a vote event and a floor page (no database, tiny response) in-process with
Django's test client, interleaved in shuffled rounds, and writes the medians as multiples
of the floor to bench/RESULTS.md. Finally it explains the heaviest queries.

    .venv/bin/python bench/parliament_pages.py                 # full size (about 40 s here)
    .venv/bin/python bench/parliament_pages.py --scale 0.05    # quick, while developing
    .venv/bin/python bench/parliament_pages.py --reuse         # keep the data if it fits

The data are fictional and deterministic (fixed seed): two runs at one scale build the
same rows.
"""

import argparse
import atexit
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from results import write_section

from jisr.scale.loader import big_table, quote

# The fictional names shared with `jisr manage generate_scale_data` (pure data, no Django).
from jisr.scale.names import (
    ALLIANCES,
    BILL_KINDS,
    COMMITTEES,
    FAMILIES,
    MEN,
    MINISTRIES,
    PARTIES,
    READINGS,
    WOMEN,
)
from jisr.scale.names import GOVERNORATES as PLACES
from jisr.scale.names import SUBJECTS as TOPICS

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SECTION = "## Parliament pages (PostgreSQL)"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_bench"
SEED = 329
DATA_VERSION = 1  # bump when the generated data change, so --reuse rebuilds

MEMBERS = 329  # the seats of the Council of Representatives; not scaled
FULL = {"vote_events": 3_000, "activities": 200_000, "sittings": 300, "bills": 2_500}
PAGE_SIZE = 30  # parliament.views.PAGE_SIZE
DEEP_PAGE, DEEP_VOTES = 200, 60

PHASES: list[tuple[str, float]] = []


# --- Output ---------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def phase(name: str):
    log(f"▶ {name}")
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    PHASES.append((name, seconds))
    log(f"  {name}: {seconds:.1f} s")


class Progress:
    """A counter on stderr, redrawn in place on a terminal and every 10% elsewhere."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.tty = sys.stderr.isatty()
        self.step = max(self.total // (200 if self.tty else 10), 1)
        self.next = self.step
        self.shown = -1

    def add(self, n: int = 1) -> None:
        self.done += n
        if n and self.done >= self.next:
            self.next = self.done + self.step
            self._show()

    def _show(self) -> None:
        self.shown = self.done
        text = f"  {self.label}: {self.done:,}/{self.total:,} ({100 * self.done / self.total:.0f}%)"
        print(("\r" + text) if self.tty else text, end="" if self.tty else "\n", file=sys.stderr)

    def close(self) -> None:
        if self.done != self.shown:
            self._show()
        if self.tty:
            print(file=sys.stderr)


# --- PostgreSQL -----------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def masked(url: str) -> str:
    """The URL as it may be written down: the local benchmark password is no secret."""
    parts = urlsplit(url)
    if parts.password and parts.password != "jisr":
        netloc = parts.netloc.replace(":" + parts.password + "@", ":…@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def connect(url: str, **kwargs):
    import psycopg

    return psycopg.connect(url, connect_timeout=5, **kwargs)


def ensure_postgres(url: str) -> None:
    """Start the local cluster and create the role if needed (as root, like dev.py)."""
    import psycopg

    maintenance = with_database(url, "postgres")
    try:
        connect(maintenance).close()
        return
    except psycopg.OperationalError as error:
        first_error = error
    host = urlsplit(url).hostname or "localhost"
    if host not in {"127.0.0.1", "localhost", "::1"} or os.geteuid() != 0:
        sys.exit(f"Cannot connect to PostgreSQL at {masked(maintenance)}: {first_error}")
    if shutil.which("pg_ctlcluster"):
        status = subprocess.run(["pg_ctlcluster", "15", "main", "status"], capture_output=True)
        if status.returncode != 0:
            log("Starting PostgreSQL 15")
            subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)
    parts = urlsplit(url)
    role, password = parts.username or "jisr", parts.password or "jisr"
    if not re.fullmatch(r"\w+", role) or "'" in password:
        sys.exit("Cannot create that role automatically; create it yourself.")
    sql = (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {role} LOGIN CREATEDB PASSWORD '{password}'; END IF; END $$;"
    )
    for _ in range(30):
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql], capture_output=True
        )
        if done.returncode == 0:
            break
        time.sleep(1)
    try:
        connect(maintenance).close()
    except psycopg.OperationalError as error:
        sys.exit(f"Cannot connect to PostgreSQL at {masked(maintenance)}: {error}")


def marker(scale: float) -> str:
    return f"jisr bench parliament_pages data={DATA_VERSION} seed={SEED} scale={scale:g}"


def existing_marker(url: str) -> str | None:
    import psycopg

    try:
        with connect(url) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            ).fetchone()
            return row[0] if row else None
    except psycopg.OperationalError:
        return None


def recreate_database(url: str) -> None:
    from psycopg import sql

    name = sql.Identifier(database_name(url))
    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def set_marker(url: str, text: str) -> None:
    from psycopg import sql

    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(database_name(url)), sql.Literal(text)
            )
        )


# --- Django ---------------------------------------------------------------------------------


def setup_django(url: str) -> None:
    data_dir = tempfile.mkdtemp(prefix="jisr-bench-")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    Path(data_dir, "static").mkdir()  # WhiteNoise warns when STATIC_ROOT is missing
    os.environ.update(
        JISR_ENV="development",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-never-used-for-anything-real-0123456789",
        DATABASE_URL=url,
        ALLOWED_HOSTS="testserver",
        CACHE_URL="locmem://",  # keep ./data untouched
        PAGE_CACHE_SECONDS="0",  # the pages are measured, not the page cache (bench/load.py)
        JISR_DATA_DIR=data_dir,
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="jisr.settings",
    )
    for path in (str(ROOT / "src"), str(BENCH)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def columns(model, fields: list[str]) -> str:
    return ", ".join(quote(model._meta.get_field(f).column) for f in fields)


def copy_rows(model, fields: list[str], rows, progress: Progress | None = None) -> int:
    """Load rows with COPY … FROM STDIN (psycopg 3), the fastest way into PostgreSQL."""
    from django.db import connection

    table = quote(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        statement = f"COPY {table} ({columns(model, fields)}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
                if progress and count % 5_000 == 0:
                    progress.add(5_000)
    if progress:
        progress.add(count % 5_000)
        progress.close()
    return count


# --- Fictional data -------------------------------------------------------------------------

# Seats per governorate under the 2018–2025 law, quota seats included (sums to 329).
GOVERNORATES = [(ar, en, general + sum(quota.values())) for ar, en, general, quota in PLACES]
LOREM = (
    "ناقش المجلس الموضوع بحضور ممثلي الوزارة المختصة، وطالب النائب بجدول زمني واضح "
    "للتنفيذ وبتقرير مكتوب عن الصرف الفعلي، على أن تتابع اللجنة المختصة ما يستجد. "
)
OPTIONS = {
    "Y": "yes",
    "N": "no",
    "A": "abstain",
    "X": "absent",
    "V": "not_voting",
}
TERM_START, TERM_END = dt.date(2022, 1, 9), dt.date(2025, 12, 31)


def largest_remainder(weights: list[float], total: int) -> list[int]:
    quotas = [w * total / sum(weights) for w in weights]
    seats = [int(q) for q in quotas]
    for i in sorted(range(len(quotas)), key=lambda i: seats[i] - quotas[i])[: total - sum(seats)]:
        seats[i] += 1
    return seats


def day_in_term(rng: random.Random) -> dt.date:
    return TERM_START + dt.timedelta(days=rng.randrange((TERM_END - TERM_START).days + 1))


def sizes(scale: float) -> dict[str, int]:
    return {key: max(1, round(value * scale)) for key, value in FULL.items()}


def generate(scale: float) -> dict:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from jisr.core.text.arabic import name_key
    from jisr.parliament.models import (
        Activity,
        Area,
        Attendance,
        Bill,
        ContactDetail,
        Membership,
        Organization,
        OtherName,
        Person,
        Question,
        Sitting,
        Term,
        Vote,
        VoteEvent,
    )

    rng = random.Random(SEED)
    n = sizes(scale)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    CLS = Organization.Classification
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")

    with phase("generate: organizations, people, memberships"), transaction.atomic():
        areas = Area.objects.bulk_create(
            Area(name=ar, name_en=en, identifier=f"bench-{en.lower().replace(' ', '-')}")
            for ar, en, _seats in GOVERNORATES
        )

        def org(name, name_en, classification, parent=None):
            return Organization(
                name=name,
                name_en=name_en,
                classification=classification,
                parent=parent,
                name_key=name_key(name),
                is_fictional=True,
            )

        legislature = Organization.objects.bulk_create(
            [org("مجلس النواب", "Council of Representatives", CLS.LEGISLATURE)]
        )[0]
        alliances = Organization.objects.bulk_create(
            org(ar, en, CLS.ALLIANCE) for ar, en in ALLIANCES
        )
        # Sixteen parties sit in the five alliances, four stand alone.
        parties = Organization.objects.bulk_create(
            org(ar, en, CLS.PARTY, alliances[i % 5] if i < 16 else None)
            for i, (ar, en) in enumerate(PARTIES)
        )
        committees = Organization.objects.bulk_create(
            org(f"لجنة {name}", "", CLS.COMMITTEE, legislature) for name in COMMITTEES
        )
        ministries = Organization.objects.bulk_create(
            org(f"وزارة {name}", "", CLS.MINISTRY) for name in MINISTRIES
        )
        term = Term.objects.create(
            legislature=legislature,
            identifier="bench-term-5",
            name="الدورة الانتخابية الخامسة",
            name_en="Fifth term",
            start_date=TERM_START,
            end_date=TERM_END,
        )

        women = set(rng.sample(range(MEMBERS), 83))  # the quota: a quarter of the seats
        names: set[tuple] = set()
        people = []
        for i in range(MEMBERS):
            while True:
                first = rng.choice(WOMEN if i in women else MEN)
                father, family = rng.choice(MEN), rng.choice(FAMILIES)
                if (first, father, family) not in names and first != father:
                    names.add((first, father, family))
                    break
            name = f"{first[0]} {father[0]} {family[0]}"
            people.append(
                Person(
                    name=name,
                    name_latin=f"{first[1]} {father[1]} {family[1]}",
                    gender="female" if i in women else "male",
                    birth_year=rng.randint(1955, 1990),
                    summary=f"نائب عن المحافظة في الدورة الخامسة. {LOREM}" if i % 3 == 0 else "",
                    name_key=name_key(name),
                    is_fictional=True,
                )
            )
        people = Person.objects.bulk_create(people)

        party_seats = largest_remainder([1 / (i + 2) ** 0.9 for i in range(len(parties))], MEMBERS)
        party_of = [p for p, k in zip(parties, party_seats, strict=True) for _ in range(k)]
        area_of = [a for a, (_, _, k) in zip(areas, GOVERNORATES, strict=True) for _ in range(k)]
        rng.shuffle(party_of)
        rng.shuffle(area_of)
        seats, member_committees = [], []
        for person, party, area in zip(people, party_of, area_of, strict=True):
            seats.append(
                Membership(
                    person=person,
                    organization=legislature,
                    term=term,
                    on_behalf_of=party,
                    area=area,
                )
            )
            member_committees.append(rng.sample(committees, 2))
        chairs = set()
        for person, pair in zip(people, member_committees, strict=True):
            for committee in pair:
                role = Membership.Role.MEMBER
                if committee.pk not in chairs:
                    chairs.add(committee.pk)
                    role = Membership.Role.CHAIR
                seats.append(
                    Membership(person=person, organization=committee, term=term, role=role)
                )
        Membership.objects.bulk_create(seats)
        ContactDetail.objects.bulk_create(
            ContactDetail(
                person=p, kind=ContactDetail.Kind.EMAIL, value=f"office{p.pk}@example.org"
            )
            for p in people
        )
        OtherName.objects.bulk_create(
            OtherName(person=p, name=p.name.replace("ي ", "ى "), note="كما في الجريدة الرسمية")
            for p in people[::10]
        )

    # Activity is skewed, as in a real house: a few members do much of the talking.
    ranks = list(range(MEMBERS))
    rng.shuffle(ranks)
    weight = [1 / (rank + 1) ** 0.6 for rank in ranks]
    cum_weight, acc = [], 0.0
    for w in weight:
        acc += w
        cum_weight.append(acc)
    absence = [min(0.6, rng.betavariate(2, 12)) for _ in people]
    loyalty = [rng.uniform(0.8, 0.97) for _ in people]
    ids = [p.pk for p in people]
    party_ids = [p.pk for p in party_of]
    alliance_of = [p.parent_id or p.pk for p in party_of]

    with phase("generate: sittings"), transaction.atomic():
        days = sorted(rng.sample(range((TERM_END - TERM_START).days + 1), n["sittings"]))
        sittings = Sitting.objects.bulk_create(
            Sitting(
                term=term,
                date=TERM_START + dt.timedelta(days=d),
                number=i + 1,
                title=f"الجلسة رقم {i + 1}",
            )
            for i, d in enumerate(days)
        )

    activities: list[tuple] = []

    def activity(person_id, kind, day, title, **links):
        summary = LOREM if rng.random() < 0.3 else ""
        source = ""
        if rng.random() < 0.5:
            source = f"https://parliament.example.iq/record/{len(activities)}"
        activities.append(
            (
                person_id,
                term.pk,
                kind,
                day,
                title,
                summary,
                links.get("sitting"),
                links.get("committee"),
                links.get("bill"),
                links.get("question"),
                source,
                "",
                now,
            )
        )

    with phase("generate: bills and questions"), transaction.atomic():
        bills, sponsors = [], []
        for i in range(1, n["bills"] + 1):
            day = day_in_term(rng)
            title = f"مشروع {rng.choice(BILL_KINDS)} {rng.choice(TOPICS)} رقم {i}"
            stage = rng.choice(Bill.Stage.values)
            bills.append((i, term.pk, title, f"{i}/{day.year}", LOREM, day, stage, "", "", now))
            for k in sorted(
                {
                    rng.choices(range(MEMBERS), cum_weights=cum_weight)[0]
                    for _ in range(rng.randint(1, 7))
                }
            ):
                sponsors.append((i, ids[k]))
                activity(ids[k], Activity.Kind.BILL, day, title, bill=i)
        fields = [
            "id",
            "term",
            "title",
            "number",
            "summary",
            "introduced_on",
            "stage",
            "source_url",
            "document_ref",
            "recorded_at",
        ]
        copy_rows(Bill, fields, bills, Progress("bills", len(bills)))
        copy_rows(Bill.sponsors.through, ["bill", "person"], sponsors)
        questions = []
        n_questions = round(0.10 * n["activities"])
        askers = rng.choices(range(MEMBERS), cum_weights=cum_weight, k=n_questions)
        for i, k in enumerate(askers, start=1):
            day = day_in_term(rng)
            topic = rng.choice(TOPICS)
            ministry = rng.choice(ministries)
            answered = day + dt.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.4 else None
            title = f"سؤال إلى {ministry.name} عن {topic}"
            questions.append(
                (
                    i,
                    term.pk,
                    ids[k],
                    ministry.pk,
                    rng.choice(["oral", "written"]),
                    day,
                    title,
                    LOREM,
                    answered,
                    LOREM if answered else "",
                    "",
                    "",
                    now,
                )
            )
            activity(ids[k], Activity.Kind.QUESTION, day, title, question=i)
        fields = [
            "id",
            "term",
            "asked_by",
            "ministry",
            "kind",
            "asked_on",
            "title",
            "body",
            "answered_on",
            "answer",
            "source_url",
            "document_ref",
            "recorded_at",
        ]
        copy_rows(Question, fields, questions, Progress("questions", len(questions)))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Bill, Question]):
                cursor.execute(statement)

    with phase("generate: vote events and votes"):
        events, ballots = [], []
        counts = Counter()
        for i in range(1, n["vote_events"] + 1):
            sitting = sittings[(i - 1) * len(sittings) // n["vote_events"]]
            stance = {a: rng.random() < 0.75 for a in set(alliance_of)}
            ballot = []
            for m in range(MEMBERS):
                r = rng.random()
                if r < absence[m]:
                    ballot.append("X")
                elif r < absence[m] + 0.02:
                    ballot.append("V")
                elif rng.random() < loyalty[m]:
                    ballot.append("Y" if stance[alliance_of[m]] else "N")
                else:
                    ballot.append(rng.choice("NA" if stance[alliance_of[m]] else "YA"))
            ballot = "".join(ballot)
            tally = {code: ballot.count(code) for code in OPTIONS}
            counts.update(tally)
            if rng.random() < 0.4:
                bill = rng.randint(1, n["bills"])
                motion = f"التصويت على {bills[bill - 1][2]} ({rng.choice(READINGS)})"
            else:
                bill, motion = None, f"التصويت على قرار بشأن {rng.choice(TOPICS)} رقم {i}"
            result = "passed" if tally["Y"] > tally["N"] + tally["A"] else "failed"
            events.append(
                (
                    i,
                    term.pk,
                    sitting.pk,
                    bill,
                    sitting.date,
                    motion,
                    result,
                    tally["Y"],
                    tally["N"],
                    tally["A"],
                    tally["X"],
                    tally["V"],
                    "",
                    "",
                    now,
                )
            )
            ballots.append(ballot)
        with transaction.atomic():
            fields = [
                "id",
                "term",
                "sitting",
                "bill",
                "date",
                "motion",
                "result",
                "yes_count",
                "no_count",
                "abstain_count",
                "absent_count",
                "not_voting_count",
                "source_url",
                "document_ref",
                "recorded_at",
            ]
            copy_rows(VoteEvent, fields, events, Progress("vote events", len(events)))
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [VoteEvent]):
                    cursor.execute(statement)
        with transaction.atomic(), big_table(Vote):
            rows = (
                (event_id, ids[m], OPTIONS[code], party_ids[m])
                for event_id, ballot in enumerate(ballots, start=1)
                for m, code in enumerate(ballot)
            )
            copy_rows(
                Vote,
                ["vote_event", "person", "option", "party"],
                rows,
                Progress("votes", len(ballots) * MEMBERS),
            )

    with phase("generate: activities"):
        rest = n["activities"] - len(activities)
        for k in rng.choices(range(MEMBERS), cum_weights=cum_weight, k=max(rest, 0)):
            topic = rng.choice(TOPICS)
            if rng.random() < 0.6:
                sitting = rng.choice(sittings)
                title = f"مداخلة في {sitting.title} بشأن {topic}"
                activity(ids[k], Activity.Kind.SPEECH, sitting.date, title, sitting=sitting.pk)
            else:
                committee = rng.choice(member_committees[k])
                title = f"اجتماع {committee.name}: {topic}"
                activity(
                    ids[k], Activity.Kind.COMMITTEE, day_in_term(rng), title, committee=committee.pk
                )
        # Records arrive roughly in date order, so the table is laid out that way.
        activities.sort(key=lambda row: row[3])
        fields = [
            "person",
            "term",
            "kind",
            "date",
            "title",
            "summary",
            "sitting",
            "committee",
            "bill",
            "question",
            "source_url",
            "document_ref",
            "recorded_at",
        ]
        with transaction.atomic(), big_table(Activity):
            copy_rows(Activity, fields, activities, Progress("activities", len(activities)))

    with phase("generate: attendance"), transaction.atomic(), big_table(Attendance):
        statuses = ("absent", "excused")
        rows = (
            (sitting.pk, ids[m], rng.choice(statuses) if rng.random() < absence[m] else "present")
            for sitting in sittings
            for m in range(MEMBERS)
        )
        copy_rows(
            Attendance,
            ["sitting", "person", "status"],
            rows,
            Progress("attendance", len(sittings) * MEMBERS),
        )

    with phase("VACUUM (ANALYZE)"), connection.cursor() as cursor:
        for model in (
            Person,
            Organization,
            Membership,
            Sitting,
            Bill,
            Bill.sponsors.through,
            Question,
            VoteEvent,
            Vote,
            Activity,
            Attendance,
            Area,
            Term,
        ):
            cursor.execute(f"VACUUM (ANALYZE) {quote(model._meta.db_table)}")
    return {"vote options": dict(counts)}


# --- Measuring ------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(p / 100 * len(ordered))) - 1)]


def use_bench_urls() -> None:
    from django.conf import settings
    from django.urls import clear_url_caches, set_urlconf

    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()
    set_urlconf(None)


def targets() -> dict:
    """Pick the busiest representative and a vote event in the middle of the term."""
    from django.db.models import Count

    from jisr.parliament.models import Activity, Vote, VoteEvent

    busiest = (
        Activity.objects.values("person").annotate(n=Count("id")).order_by("-n", "person").first()
    )
    person = busiest["person"]
    events = VoteEvent.objects.order_by("date", "id")
    event = events[events.count() // 2]
    return {
        "person": person,
        "activities": busiest["n"],
        "votes": Vote.objects.filter(person_id=person).count(),
        "event": event.pk,
        "event_votes": Vote.objects.filter(vote_event=event).count(),
    }


class QueryTimer:
    """An execute wrapper that times each query on the client side, to the microsecond."""

    def __init__(self):
        self.calls: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((sql, params, (time.perf_counter() - start) * 1000))


def measure(pages: list[tuple[str, str]], rounds: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {name: {"url": url, "times": []} for name, url in pages}
    with phase(f"warm-up ({warmup} rounds)"):
        for _ in range(warmup):
            for name, url in pages:
                response = client.get(url)
                if response.status_code != 200:
                    sys.exit(f"{name} {url} answered {response.status_code}")
                results[name]["bytes"] = len(response.content)

    with phase("count and time queries (5 requests per page)"):
        for name, url in pages:
            per_query: dict[int, list[float]] = {}
            statements: dict[int, tuple] = {}
            counts = set()
            for _ in range(5):
                timer = QueryTimer()
                with (
                    CaptureQueriesContext(connection) as captured,
                    connection.execute_wrapper(timer),
                ):
                    client.get(url)
                counts.add(len(captured.captured_queries))
                for i, (sql, params, ms) in enumerate(timer.calls):
                    per_query.setdefault(i, []).append(ms)
                    statements[i] = (sql, params)
            if len(counts) != 1:
                log(f"  note: {name} ran {sorted(counts)} queries on different requests")
            results[name]["queries"] = max(counts)
            results[name]["sql_ms"] = sum(statistics.median(t) for t in per_query.values())
            results[name]["slowest"] = sorted(
                ((statistics.median(t), statements[i]) for i, t in per_query.items()),
                key=lambda item: -item[0],
            )[:3]

    order = [name for name, _url in pages]
    shuffler = random.Random(SEED)
    with phase(f"measure ({rounds} shuffled rounds)"):
        progress = Progress("rounds", rounds)
        for _ in range(rounds):
            shuffler.shuffle(order)
            gc.collect()
            for name in order:
                url = results[name]["url"]
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    sys.exit(f"{name} {url} answered {response.status_code}")
                results[name]["times"].append(elapsed * 1000)
            progress.add()
        progress.close()
    floor = statistics.median(results["floor"]["times"])
    for result in results.values():
        result["median"] = statistics.median(result["times"])
        result["p95"] = percentile(result["times"], 95)
        result["ratio"] = result["median"] / floor
    return results


# --- EXPLAIN --------------------------------------------------------------------------------


def explain(sql: str, params=None) -> tuple[dict, str]:
    """Run EXPLAIN ANALYZE three times (warm cache) and return the last plan, JSON and text."""
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0], text


def plan_nodes(node: dict, depth: int = 0):
    yield depth, node
    for child in node.get("Plans", []):
        yield from plan_nodes(child, depth + 1)


def describe(node: dict) -> str:
    text = node["Node Type"]
    if node.get("Strategy") and node["Node Type"] in {"Aggregate", "SetOp"}:
        text = f"{node['Strategy']} {text}"
    if node.get("Index Name"):
        text += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        text += f" on {node['Relation Name']}"
    if node.get("Sort Method"):
        text += f" ({node['Sort Method']})"
    return f"{text}, {rows(node)}"


def rows(node: dict) -> str:
    """Rows a node returned: per loop, times the loops (parallel workers, nested loops)."""
    loops = node.get("Actual Loops", 1)
    if loops > 1:
        return f"{node.get('Actual Rows', 0):,} rows × {loops} loops"
    return f"{node.get('Actual Rows', 0):,} rows"


def summarize(plan: dict, big_tables: set[str]) -> dict:
    """The plan's top node, how each table is read, and what is sorted."""
    top = plan["Plan"]
    access: dict[str, list[str]] = {}
    sorts, big_seq = [], []
    for _depth, node in plan_nodes(top):
        kind = node["Node Type"]
        if kind in {"Index Scan", "Index Only Scan"}:
            access.setdefault(node["Relation Name"], []).append(
                f"{kind} using {node['Index Name']} ({rows(node)})"
            )
        elif kind == "Bitmap Heap Scan":
            indexes = [
                child["Index Name"]
                for _d, child in plan_nodes(node)
                if child["Node Type"] == "Bitmap Index Scan"
            ]
            access.setdefault(node["Relation Name"], []).append(
                f"Bitmap Heap Scan via {' + '.join(indexes)} ({rows(node)})"
            )
        elif kind == "Seq Scan":
            access.setdefault(node["Relation Name"], []).append(f"Seq Scan ({rows(node)})")
            if node["Relation Name"] in big_tables:
                big_seq.append(f"{node['Relation Name']} ({rows(node)})")
        if kind in {"Sort", "Incremental Sort"}:
            sorts.append(describe(node))
    return {
        "top": describe(top),
        "access": access,
        "sorts": sorts,
        "big_seq_scans": big_seq,
        "ms": plan.get("Execution Time", 0.0),
        "planning_ms": plan.get("Planning Time", 0.0),
    }


def explain_pages(target: dict, results: dict) -> list[dict]:
    from jisr.parliament import selectors
    from jisr.parliament.models import Person

    person = Person.objects.get(pk=target["person"])
    votes_pages = -(-target["votes"] // PAGE_SIZE)
    deep = min(DEEP_VOTES, votes_pages)
    cases = [
        (
            "profile: the person's votes by vote date, first page",
            selectors.person_votes(person)[:PAGE_SIZE],
        ),
        (
            f"profile: the person's votes by vote date, page {deep}",
            selectors.person_votes(person)[(deep - 1) * PAGE_SIZE : deep * PAGE_SIZE],
        ),
        (
            "vote event: the event's votes by party and name",
            selectors.vote_event_detail(target["event"])[1],
        ),
    ]
    found = []
    for title, queryset in cases:
        sql, params = queryset.query.sql_with_params()
        shown = sql % tuple(repr(p) for p in params)
        found.append({"title": title, "sql": shown, "raw": (sql, params)})
    # Also the slowest query each page actually ran, if it is not one of the above.
    known = {re.sub(r"\s+", " ", item["raw"][0]) for item in found}
    for name in ("list", "profile", "profile, deep page", "vote event"):
        ms, (sql, params) = results[name]["slowest"][0]
        if re.sub(r"\s+", " ", sql) not in known:
            known.add(re.sub(r"\s+", " ", sql))
            shown = sql % tuple(repr(p) for p in params or ())
            title = f"{name}: its slowest query ({ms:.1f} ms from the client)"
            found.append({"title": title, "sql": shown, "raw": (sql, params)})
    from django.db import connection

    with connection.cursor() as cursor:
        # A sequential scan matters on the big tables only; small ones are read whole.
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 50000 "
            "AND relnamespace = current_schema()::regnamespace"
        )
        big_tables = {name for (name,) in cursor.fetchall()}
    with phase("EXPLAIN (ANALYZE)"):
        for item in found:
            sql, params = item["raw"]
            plan, text = explain(sql, params)
            item.update(summarize(plan, big_tables), text=text)
    return found


# --- Report ---------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    import django

    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": memory,
        "postgres": version,
        "pg_settings": ", ".join(f"{k}={v}" for k, v in settings.items()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def table_sizes() -> list[tuple[str, int, str]]:
    from django.db import connection

    from jisr.parliament.models import (
        Activity,
        Attendance,
        Bill,
        Membership,
        Organization,
        Person,
        Question,
        Sitting,
        Vote,
        VoteEvent,
    )

    rows = []
    with connection.cursor() as cursor:
        for model in (
            Person,
            Organization,
            Membership,
            Sitting,
            VoteEvent,
            Vote,
            Activity,
            Bill,
            Question,
            Attendance,
        ):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size(%s)) FROM {quote(table)}",
                [table],
            )
            count, size = cursor.fetchone()
            rows.append((model.__name__, count, size))
    return rows


def render(scale, command, info, sizes_, target, results, plans, rounds, warmup) -> str:
    lines = [
        SECTION,
        "",
        "Pages requested in-process with Django's test client (no network), "
        f"{warmup} warm-up rounds, then {rounds} rounds that each request every page once "
        "in a shuffled order. Times are wall-clock per request; “× floor” is the page's "
        "median divided by the median of a view that returns a tiny response and touches "
        "no database (same middleware, same client), measured in the same rounds.",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory; "
        f"PostgreSQL {info['postgres']} on the same machine ({info['pg_settings']}); "
        f"Python {info['python']}, Django {info['django']}; {info['date']}.",
        f"- Data (scale {scale:g}): "
        + ", ".join(f"{count:,} {name} ({size})" for name, count, size in sizes_)
        + ".",
        f"- Profile: representative #{target['person']}, the busiest "
        f"({target['activities']:,} activities, {target['votes']:,} votes); "
        f"vote event #{target['event']} ({target['event_votes']} votes).",
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
        "¹ Sum over the page's queries of each one's median execute() time, timed from the client "
        "over 5 requests outside the timed rounds (queries counted with "
        "CaptureQueriesContext): the part of the page spent waiting for PostgreSQL.",
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
        "Phases: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in PHASES) + ".",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
        "",
    ]
    return "\n".join(lines)


# --- Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data size (1.0 = full term)")
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
    if not database_name(url) or database_name(url) == "postgres":
        parser.error("--database-url must name a database of its own (it is dropped)")
    command = shlex.join(
        [".venv/bin/python", "bench/parliament_pages.py", *(masked(a) for a in sys.argv[1:])]
    )
    started = time.perf_counter()

    with phase("database"):
        ensure_postgres(url)
        reuse = args.reuse and existing_marker(url) == marker(args.scale)
        if args.reuse and not reuse:
            log("  --reuse: no data of this scale there, building it")
        if not reuse:
            recreate_database(url)
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    extra = {}
    if not reuse:
        extra = generate(args.scale)
        set_marker(url, marker(args.scale))
    else:
        from django.db import connection

        with phase("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    target = targets()
    person, event = target["person"], target["event"]
    pages = [
        ("list", "/representatives/"),
        ("profile", f"/representatives/{person}/"),
        ("profile, deep page", f"/representatives/{person}/?page={DEEP_PAGE}&votes={DEEP_VOTES}"),
        ("vote event", f"/votes/{event}/"),
        ("floor", "/bench-floor/"),
    ]
    timeline_pages = -(-target["activities"] // PAGE_SIZE)
    if timeline_pages < DEEP_PAGE or target["votes"] < DEEP_VOTES * PAGE_SIZE:
        log(
            f"  note: at this scale the deep page shows the last pages (timeline "
            f"{min(DEEP_PAGE, timeline_pages)}, votes {min(DEEP_VOTES, -(-target['votes'] // 30))})"
        )
    use_bench_urls()
    results = measure(pages, args.rounds, args.warmup)
    plans = explain_pages(target, results)

    info = machine()
    section = render(
        args.scale,
        command,
        info,
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
    if extra:
        print(f"Vote options generated: {extra['vote options']}")
    print(f"Total: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
