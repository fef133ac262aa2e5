"""Measure search on a million documents: Jisr's index on PostgreSQL and on SQLite, side
by side with two baselines on the same rows: PostgreSQL's built-in ``arabic`` text search
configuration and a plain ``icontains`` scan.

Builds (or reuses) the PostgreSQL database ``jisr_search_bench`` and a SQLite file with the
same documents: generated Arabic (85%) and English text of every kind the site indexes,
5,000 representatives' names (a third with a Latin-script alias), and, planted in known
documents, the spellings of tests/search/variants.py (every spelling variant of a word or
a name) and Arabic names to be found by their Latin spelling. The index columns are
computed by the site's own code (``search.services``), in two processes.

Then, in shuffled rounds, each engine answers the same queries as a results page does (the
matches counted, and the best 20 fetched): the variant queries, Latin-script names, and
a workload of one- and two-word queries drawn from the generated vocabulary (content
words, not the function words) and prefixes typed as you type. It writes p50 and p95
latency and the recall of each engine on the variant set to bench/RESULTS.md.

    .venv/bin/python bench/search.py                      # 1,000,000 documents (~12 min)
    .venv/bin/python bench/search.py --documents 50000    # quick, while developing
    .venv/bin/python bench/search.py --reuse              # keep the data if it fits

The data are deterministic (fixed seed). PostgreSQL helpers come from parliament_pages.py.
"""

import argparse
import datetime as dt
import importlib
import itertools
import multiprocessing
import os
import random
import re
import shlex
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _path in (str(ROOT / "src"), str(BENCH), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import parliament_pages as pp  # noqa: E402
from parliament_pages import (  # noqa: E402
    Progress,
    database_name,
    ensure_postgres,
    existing_marker,
    log,
    masked,
    percentile,
    phase,
    recreate_database,
    set_marker,
)
from results import write_section  # noqa: E402

SECTION = "## Search (PostgreSQL and SQLite, 1M documents)"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_search_bench"
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "jisr-search-bench.sqlite3"
SEED = 7
DATA_VERSION = 1
PAGE = 20
CHUNK = 10_000
GOAL_MS = 50

PEOPLE = 5_000
ORGANIZATIONS = 600
PLANTED_PER_CONCEPT = 300
PLANTED_PER_NAME = 20
TYPES = [
    ("activity", 0.55),
    ("question", 0.17),
    ("vote_event", 0.10),
    ("bill", 0.08),
    ("proposal", 0.10),
]
ENGLISH_SHARE = 0.15
PHRASES = 200_000

# Latin-script queries for names stored only in Arabic script.
LATIN_NAMES = [
    ("Haider al-Abadi", "حيدر العبادي"),
    ("Nouri al-Maliki", "نوري المالكي"),
    ("Salim al-Jubouri", "سليم الجبوري"),
    ("Ammar al-Hakim", "عمار الحكيم"),
    ("Hoshyar Zebari", "هوشيار زيباري"),
    ("Muqtada al-Sadr", "مقتدى الصدر"),
]


def _words(text: str) -> list[str]:
    return text.split()


# --- Generated language -------------------------------------------------------------------

CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنه"
# Arabic word patterns over a root's three consonants {0}{1}{2}.
PATTERNS = [
    "{0}ا{1}{2}",
    "م{0}{1}و{2}",
    "ت{0}{1}ي{2}",
    "است{0}{1}ا{2}",
    "{0}{1}ا{2}ة",
    "م{0}ا{1}{2}ة",
    "{0}{1}{2}",
    "ي{0}{1}{2}",
    "م{0}{1}{2}",
    "{0}{1}ي{2}",
    "ا{0}{1}ا{2}",
    "ت{0}ا{1}{2}",
    "م{0}{1}{2}ة",
    "{0}{1}{2}ي",
    "م{0}ت{1}{2}",
    "ان{0}{1}ا{2}",
]
PREFIXES = [("", 60), ("ال", 24), ("وال", 5), ("بال", 4), ("و", 4), ("لل", 2), ("فال", 1)]
SUFFIXES = [("", 82), ("ات", 5), ("ين", 4), ("ون", 3), ("ها", 2), ("ه", 2), ("ي", 2)]
FUNCTION_WORDS = _words(
    "في من الى عن مع هذا هذه ذلك التي الذي قد كان بين حول خلال بعد قبل ان او ثم كما لدى "
    "عند حيث اذ لكن بل حتى منذ ضد نحو"
)
LATIN_SYLLABLES = _words(
    "ka lo mer tan si ver pol den ra mu ni shor tel gar bi con dra ex fil ment"
)
FIRST_NAMES = _words(
    "حسن حسين محمد محمود جعفر كاظم جواد هادي سامي مريم نور زينب سعاد ليلى كريم ماجد خالد عادل "
    "عباس قاسم صالح ناصر يوسف عمر عثمان طارق وليد باسم ضياء زياد سلمان فارس نبيل جمال كمال "
    "هيفاء سلوى رنا هدى بشرى انتصار اسماء غادة عبير"
)
FAMILY_NAMES = _words(
    "الساعدي الموسوي الحسيني الربيعي الخفاجي الشمري الدليمي الكبيسي الزبيدي الجنابي التميمي "
    "البياتي الكعبي الاسدي الطائي السامرائي العزاوي النعيمي الدوري الكناني الفياض الشيخلي "
    "البرزنجي الطالباني الهماوندي الدباغ الصافي العاني الراوي الحديثي الجبوري السوداني"
)
LATIN_OF = {
    "حسن": "Hassan",
    "حسين": "Hussein",
    "محمد": "Mohammed",
    "محمود": "Mahmoud",
    "جعفر": "Jaafar",
    "كاظم": "Kadhim",
    "جواد": "Jawad",
    "هادي": "Hadi",
    "سامي": "Sami",
    "مريم": "Maryam",
    "نور": "Nour",
    "زينب": "Zainab",
    "كريم": "Karim",
    "خالد": "Khalid",
    "عادل": "Adil",
    "عباس": "Abbas",
    "قاسم": "Qasim",
    "صالح": "Salih",
    "يوسف": "Yousif",
    "الساعدي": "al-Saadi",
    "الموسوي": "al-Musawi",
    "الربيعي": "al-Rubaie",
    "الشمري": "al-Shammari",
    "الدليمي": "al-Dulaimi",
    "التميمي": "al-Tamimi",
    "البياتي": "al-Bayati",
    "الطالباني": "Talabani",
    "الجبوري": "al-Jubouri",
}


def _zipf(n: int, s: float = 1.05) -> list[float]:
    weights = [1 / (rank**s) for rank in range(1, n + 1)]
    return list(itertools.accumulate(weights))


class Language:
    """A deterministic vocabulary: Arabic words from roots and patterns (Zipf-ranked),
    with the affixes Arabic writes on them, English-like words, and people's names."""

    def __init__(self, seed: int, reserved: set[str]):
        from jisr.core.text.arabic import normalize, stem

        rng = random.Random(seed)
        stems, seen = [], set()
        while len(stems) < 24_000:
            root = rng.sample(CONSONANTS, 3)
            word = rng.choice(PATTERNS).format(*root)
            key = normalize(word)
            if key in seen or key in reserved or stem(key) in reserved:
                continue
            seen.add(key)
            stems.append(word)
        self.arabic = stems
        self.arabic_cum = _zipf(len(stems))
        latin = set()
        while len(latin) < 8_000:
            latin.add("".join(rng.choices(LATIN_SYLLABLES, k=rng.randint(2, 3))))
        self.latin = sorted(latin)
        rng.shuffle(self.latin)
        self.latin_cum = _zipf(len(self.latin))
        self.prefixes, self.prefix_cum = zip(*PREFIXES, strict=True)
        self.prefix_cum = list(itertools.accumulate(self.prefix_cum))
        self.suffixes, self.suffix_cum = zip(*SUFFIXES, strict=True)
        self.suffix_cum = list(itertools.accumulate(self.suffix_cum))

        # Texts are drawn from pools of generated phrases, so that making a million of
        # them is cheap; the words of the phrases follow the Zipf ranks above.
        self.phrases = [self._phrase(rng, False) for _ in range(PHRASES)]
        self.latin_phrases = [self._phrase(rng, True) for _ in range(PHRASES // 4)]

    def _phrase(self, rng: random.Random, english: bool) -> str:
        words = rng.randint(3, 7)
        if english:
            return " ".join(rng.choices(self.latin, cum_weights=self.latin_cum, k=words))
        stems = rng.choices(self.arabic, cum_weights=self.arabic_cum, k=words)
        prefixes = rng.choices(self.prefixes, cum_weights=self.prefix_cum, k=words)
        suffixes = rng.choices(self.suffixes, cum_weights=self.suffix_cum, k=words)
        out = []
        for stem, prefix, suffix in zip(stems, prefixes, suffixes, strict=True):
            if rng.random() < 0.18:
                out.append(rng.choice(FUNCTION_WORDS))
            elif suffix and stem.endswith("ة"):
                out.append(prefix + stem[:-1] + "ت" + suffix)
            else:
                out.append(prefix + stem + suffix)
        return " ".join(out)

    def text(self, rng: random.Random, words: int, english: bool) -> str:
        """About ``words`` words (five to a phrase on average)."""
        pool = self.latin_phrases if english else self.phrases
        return " ".join(rng.choices(pool, k=max(1, round(words / 5))))


def reserved_words() -> set[str]:
    """Normalized words and stems of the planted spellings: the filler never uses them."""
    from jisr.core.text.arabic import stem, tokens
    from tests.search.variants import CONCEPTS

    reserved = set()
    for concept in CONCEPTS:
        for spelling in concept.stored + concept.queries:
            for token in tokens(spelling):
                reserved.update({token, stem(token)})
    for _latin, arabic in LATIN_NAMES:
        for token in tokens(arabic):
            reserved.update({token, stem(token)})
    return reserved


# --- Documents ----------------------------------------------------------------------------


def plan(n: int, seed: int) -> dict:
    """Which documents get which planted spelling: {doc id: [(group, spelling, field)]},
    and the relevant documents of every concept."""
    from tests.search.variants import CONCEPTS

    rng = random.Random(seed + 1)
    people = range(1, PEOPLE + 1)
    others = range(PEOPLE + ORGANIZATIONS + 1, n + 1)
    planted: dict[int, list] = defaultdict(list)
    relevant: dict[str, set[int]] = defaultdict(set)
    per_concept = min(PLANTED_PER_CONCEPT, max(10, n // 200))
    free_people = list(people)
    rng.shuffle(free_people)
    for concept in CONCEPTS:
        for doc in rng.sample(others, per_concept):
            spelling = rng.choice(concept.stored)
            planted[doc].append((concept.key, spelling, rng.choice(["title", "text", "text"])))
            relevant[concept.key].add(doc)
        if concept.name:  # each person gets one planted name at most
            for _ in range(PLANTED_PER_NAME):
                doc = free_people.pop()
                planted[doc].append((concept.key, rng.choice(concept.stored), "name"))
                relevant[concept.key].add(doc)
    for latin, arabic in LATIN_NAMES:
        for _ in range(PLANTED_PER_NAME):
            doc = free_people.pop()
            planted[doc].append((latin, arabic, "whole-name"))
            relevant[latin].add(doc)
    return {"planted": dict(planted), "relevant": {k: sorted(v) for k, v in relevant.items()}}


GOVERNORATES = [str(i) for i in range(1, 19)]
START = dt.date(2006, 1, 1)


def make_documents(first: int, last: int, n: int, seed: int, planted: dict):
    """The documents with ids first..last (inclusive), the same for the same arguments."""
    from jisr.search.documents import Document

    language = LANGUAGE
    documents = []
    for doc_id in range(first, last + 1):
        rng = random.Random(seed * 1_000_003 + doc_id)
        marks = planted.get(doc_id, [])
        if doc_id <= PEOPLE:
            parts = [rng.choice(FIRST_NAMES), rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)]
            for _key, spelling, where in marks:
                if where == "name":
                    parts[0] = spelling
                elif where == "whole-name":
                    parts = spelling.split()
            title = " ".join(parts)
            names = ()
            if rng.random() < 0.33 and all(p in LATIN_OF for p in parts):
                names = (" ".join(LATIN_OF[p] for p in parts),)
            documents.append(
                Document(
                    doc_type="person",
                    object_id=doc_id,
                    url=f"/representatives/{doc_id}/",
                    title=title,
                    names=names,
                    title_is_name=True,
                    text=language.text(rng, rng.randint(0, 25), False),
                    governorate=rng.choice(GOVERNORATES),
                )
            )
            continue
        if doc_id <= PEOPLE + ORGANIZATIONS:
            documents.append(
                Document(
                    doc_type="organization",
                    object_id=doc_id,
                    url=f"/parties/{doc_id}/",
                    title=language.text(rng, rng.randint(2, 4), False),
                    title_is_name=True,
                )
            )
            continue
        kind = rng.choices([t for t, _w in TYPES], [w for _t, w in TYPES])[0]
        english = rng.random() < ENGLISH_SHARE
        title_words = language.text(rng, rng.randint(4, 10), english).split()
        text_words = language.text(rng, max(8, int(rng.gauss(45, 20))), english).split()
        for _key, spelling, where in marks:
            target = title_words if where == "title" else text_words
            target.insert(rng.randint(0, len(target)), spelling)
        documents.append(
            Document(
                doc_type=kind,
                object_id=doc_id,
                url=f"/{kind}/{doc_id}/",
                title=" ".join(title_words),
                text=" ".join(text_words),
                date=START + dt.timedelta(days=rng.randint(0, 7300)),
                governorate=rng.choice(GOVERNORATES) if rng.random() < 0.7 else "",
            )
        )
    return documents


FIELDS = [
    "id",
    "doc_type",
    "object_id",
    "url",
    "title",
    "text",
    "names",
    "title_is_name",
    "context",
    "exact_terms",
    "stem_terms",
    "body_terms",
    "sound_terms",
    "date",
    "governorate",
    "language",
]
LANGUAGE = None
PLANTED = None


def _worker_init(seed):
    global LANGUAGE
    LANGUAGE = Language(seed, reserved_words())


def rows_of(args):
    """Worker: generate a chunk of documents and compute their index rows with the site's
    own code."""
    first, last, n, seed = args
    from jisr.search.services import _row

    rows = []
    for document in make_documents(first, last, n, seed, PLANTED):
        row = _row(document)
        row.update(id=document.object_id, doc_type=document.doc_type, object_id=document.object_id)
        rows.append(tuple(row[f] for f in FIELDS))
    return rows


# --- Loading ------------------------------------------------------------------------------


def setup_django(url: str, sqlite_path: Path) -> None:
    pp.setup_django(url)
    from django.conf import settings
    from django.db import connections

    lite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path)}
    settings.DATABASES["sqlite"] = lite
    filled = connections.configure_settings({"default": dict(lite), "sqlite": dict(lite)})
    connections.settings["sqlite"] = filled["sqlite"]


def marker(n: int) -> str:
    return f"jisr bench search data={DATA_VERSION} seed={SEED} documents={n}"


def sqlite_marker(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT text FROM bench_marker").fetchone()[0]
    except sqlite3.Error:
        return None


def _postgres_indexes(url: str, statements: list[str], timings: dict) -> None:
    """Thread: build the PostgreSQL indexes and VACUUM, on a connection of its own."""
    t0 = time.perf_counter()
    with pp.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for statement in statements:
            conn.execute(statement)
        timings["PostgreSQL: GIN and other indexes"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        conn.execute("VACUUM (ANALYZE) search_searchdocument")
        timings["PostgreSQL: VACUUM (ANALYZE)"] = time.perf_counter() - t1


def load(n: int, plan_: dict, url: str) -> dict:
    """Generate the documents in worker processes and load them into both databases: rows
    first (PostgreSQL by COPY, without its indexes; SQLite without the FTS5 triggers),
    then both indexes at once (PostgreSQL's in a thread)."""
    import threading

    from django.db import connection, connections

    global PLANTED
    PLANTED = plan_["planted"]
    migration = importlib.import_module("jisr.search.migrations.0001_initial")
    lite = connections["sqlite"]
    lite.ensure_connection()
    raw = lite.connection
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000"):
        raw.execute(f"PRAGMA {pragma}")
    for statement in migration.SQLITE_REVERSE[:3]:  # the triggers: the index is built after
        raw.execute(statement)
    placeholders = ", ".join("?" * len(FIELDS))
    insert = f"INSERT INTO search_searchdocument ({', '.join(FIELDS)}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE %s",
            ["search_searchdocument", "%pkey"],
        )
        indexes = cursor.fetchall()
        # Unlogged: no write-ahead log for the load (queries read the table the same way).
        cursor.execute("ALTER TABLE search_searchdocument SET UNLOGGED")
        for name, _definition in indexes:
            cursor.execute(
                "ALTER TABLE search_searchdocument DROP CONSTRAINT IF EXISTS " + pp.quote(name)
            )
            cursor.execute("DROP INDEX IF EXISTS " + pp.quote(name))
    timings: dict[str, float] = {}
    tasks = [(i, min(i + CHUNK - 1, n), n, SEED) for i in range(1, n + 1, CHUNK)]
    progress = Progress("documents", n)
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    pg_seconds = lite_seconds = 0.0
    with (
        connection.cursor() as cursor,
        context.Pool(os.cpu_count() or 2, initializer=_worker_init, initargs=(SEED,)) as pool,
    ):
        copy_sql = f"COPY search_searchdocument ({', '.join(FIELDS)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for rows in pool.imap(rows_of, tasks):
                t0 = time.perf_counter()
                for row in rows:
                    copy.write_row(row)
                t1 = time.perf_counter()
                raw.execute("BEGIN")
                raw.executemany(insert, rows)
                raw.execute("COMMIT")
                lite_seconds += time.perf_counter() - t1
                pg_seconds += t1 - t0
                progress.add(len(rows))
    progress.close()
    timings["generate, compute terms (2 processes) and write rows"] = time.perf_counter() - started
    timings["of which writing: PostgreSQL COPY (tsvector columns computed)"] = pg_seconds
    timings["of which writing: SQLite rows"] = lite_seconds
    started = time.perf_counter()
    statements = []
    for name, definition in indexes:
        statements.append(definition)
        if "UNIQUE" in definition:
            statements.append(
                f"ALTER TABLE search_searchdocument ADD CONSTRAINT {pp.quote(name)} "
                f"UNIQUE USING INDEX {pp.quote(name)}"
            )
    worker = threading.Thread(target=_postgres_indexes, args=(url, statements, timings))
    worker.start()
    t0 = time.perf_counter()
    raw.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    for statement in migration.SQLITE[1:]:
        raw.execute(statement)
    raw.execute("CREATE TABLE IF NOT EXISTS bench_marker (text)")
    raw.execute("DELETE FROM bench_marker")
    raw.execute("INSERT INTO bench_marker VALUES (?)", [marker(n)])
    raw.execute("ANALYZE")
    timings["SQLite: FTS5 index, ANALYZE"] = time.perf_counter() - t0
    worker.join()
    timings["indexes of both, at once"] = time.perf_counter() - started
    return timings


def add_arabic_baseline_column() -> None:
    """PostgreSQL's own Arabic configuration over the original text, as a site without
    Python-side normalization would index it (created before loading, filled by COPY)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS bench_arabic tsvector "
            "GENERATED ALWAYS AS (to_tsvector('arabic'::regconfig, title || ' ' || names || "
            "' ' || text)) STORED"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_arabic_gin ON search_searchdocument "
            "USING gin (bench_arabic)"
        )


# --- Engines ------------------------------------------------------------------------------


TYPING = "prefix (as you type)"


class Engine:
    name = ""

    def run(self, raw: str) -> tuple[int, list[int]]:
        """Do what a results page does: count the matches and fetch the best 20."""
        raise NotImplementedError

    def suggest(self, raw: str) -> tuple[int, list[int]]:
        """Do what the suggestions as you type do (by default, a search)."""
        return self.run(raw)

    def all_ids(self, raw: str, within: set[int]) -> set[int]:
        """The documents among ``within`` that the query finds."""
        raise NotImplementedError


class Jisr(Engine):
    """The site's own code: the results page's search and the header's suggestions."""

    def __init__(self, using: str, name: str):
        self.using, self.name = using, name
        self.capped = 0

    def run(self, raw):
        from jisr.search.selectors import search

        found = search(raw, page=1, size=PAGE, using=self.using)
        self.capped += found.capped
        return found.total, [h.id for h in found.hits]

    def suggest(self, raw):
        from jisr.search.selectors import suggest

        _query, hits = suggest(raw, using=self.using)
        return len(hits), [h.id for h in hits]

    def all_ids(self, raw, within):
        from jisr.search.backends import backend
        from jisr.search.terms import parse_query

        engine = backend(self.using)
        ids = engine.all_ids(parse_query(raw, prefix=False))
        return (ids or engine.all_ids(parse_query(raw, prefix=True))) & within


class JisrUnbounded(Jisr):
    """The same search ranking every match and counting them all (no MAX_MATCHES)."""

    def run(self, raw):
        from jisr.search.backends import Filters, PostgreSQLBackend
        from jisr.search.terms import parse_query

        class Unbounded(PostgreSQLBackend):
            cap = 100_000_000

        engine = Unbounded(self.using)
        found = engine.search(parse_query(raw, prefix=False), Filters(), offset=0, limit=PAGE)
        if not found.counts:
            query = parse_query(raw, prefix=True)
            found = engine.search(query, Filters(), offset=0, limit=PAGE)
        return found.total, [h.id for h in found.hits]

    def suggest(self, raw):
        return self.run(raw)


class PostgresArabic(Engine):
    name = "PostgreSQL `arabic` configuration"
    SQL = (
        "SELECT id FROM search_searchdocument, plainto_tsquery('arabic'::regconfig, %s) q "
        "WHERE bench_arabic @@ q ORDER BY ts_rank(bench_arabic, q) DESC, id DESC LIMIT %s"
    )
    COUNT = (
        "SELECT count(*) FROM search_searchdocument "
        "WHERE bench_arabic @@ plainto_tsquery('arabic'::regconfig, %s)"
    )

    def run(self, raw):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.COUNT, [raw])
            count = cursor.fetchone()[0]
            cursor.execute(self.SQL, [raw, PAGE])
            return count, [r[0] for r in cursor.fetchall()]

    def suggest(self, raw):
        """Prefix search of the last word, as PostgreSQL offers it (to_tsquery's :*)."""
        from django.db import connection

        words = re.findall(r"\w+", raw)
        if not words:
            return 0, []
        tsquery = " & ".join([*words[:-1], words[-1] + ":*"])
        with connection.cursor() as cursor:
            cursor.execute(self.SQL.replace("plainto_tsquery", "to_tsquery"), [tsquery, 8])
            ids = [r[0] for r in cursor.fetchall()]
        return len(ids), ids

    def all_ids(self, raw, within):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.SQL, [raw, 10_000_000])
            return {r[0] for r in cursor.fetchall()} & within


class Icontains(Engine):
    """The ORM's icontains on title, names and text: one scan returns every match (the
    count) and the first 20. It reads the whole table each time, so its recall is taken
    among the relevant documents only (the same condition, in the database)."""

    name = "`icontains` scan (PostgreSQL)"

    def _ids(self, raw, within=None):
        from django.db.models import Q

        from jisr.search.models import SearchDocument

        raw = raw.strip()
        if not raw:
            return []
        match = Q(title__icontains=raw) | Q(names__icontains=raw) | Q(text__icontains=raw)
        documents = SearchDocument.objects.filter(match)
        if within is not None:
            documents = documents.filter(id__in=list(within))
        return list(documents.values_list("id", flat=True))

    def run(self, raw):
        ids = self._ids(raw)
        return len(ids), ids[:PAGE]

    def all_ids(self, raw, within):
        return set(self._ids(raw, within))


# --- Queries ------------------------------------------------------------------------------


def workload(language: Language, seed: int, vocabulary_queries: int) -> list[tuple[str, str]]:
    """(group, query): the variant set, Latin names, and vocabulary queries."""
    from tests.search.variants import CONCEPTS

    rng = random.Random(seed + 2)
    queries = [("variant", q) for c in CONCEPTS for q in c.queries]
    queries += [("latin name", latin) for latin, _arabic in LATIN_NAMES]
    content = language.arabic[100:6000]  # below the 100 most frequent, as people search
    for index in range(vocabulary_queries):
        kind = index % 5
        if kind < 2:
            queries.append(("one word", rng.choice(content)))
        elif kind < 3:
            queries.append(("two words", f"{rng.choice(content)} {rng.choice(content)}"))
        elif kind < 4:
            word = rng.choice(content)
            queries.append((TYPING, word[: max(3, len(word) - 1)]))
        else:
            queries.append(("with article", "ال" + rng.choice(content)))
    return queries


def measure(engines, queries, rounds: int, once=()) -> dict:
    """Latency of each engine per query, over shuffled rounds: each round runs every
    query on every engine, in shuffled order. ``once`` holds (engine, queries) run in
    the first round only (slow engines)."""
    rng = random.Random(SEED + 3)
    everyone = [*engines, *(engine for engine, _queries in once)]
    timings = {engine.name: defaultdict(list) for engine in everyone}
    counts = {}

    def run(engine, group, raw):
        return engine.suggest(raw) if group == TYPING else engine.run(raw)

    for engine in engines:  # warm-up: each query once
        for group, raw in queries:
            run(engine, group, raw)
        if hasattr(engine, "capped"):
            engine.capped = 0
    total = rounds * len(queries) * len(engines) + sum(len(q) for _e, q in once)
    progress = Progress("searches", total)
    for round_ in range(rounds):
        order = list(queries)
        rng.shuffle(order)
        for group, raw in order:
            lineup = list(engines)
            if round_ == 0:
                lineup += [engine for engine, chosen in once if raw in chosen]
            rng.shuffle(lineup)
            for engine in lineup:
                t0 = time.perf_counter()
                count, _ids = run(engine, group, raw)
                timings[engine.name][group].append((time.perf_counter() - t0) * 1000)
                if group != TYPING:
                    counts[(engine.name, raw)] = count
                progress.add()
    progress.close()
    capped = {e.name: e.capped for e in engines if hasattr(e, "capped")}
    return {"timings": timings, "counts": counts, "capped": capped}


def recall(engines, plan_: dict) -> dict:
    """Per engine and concept: the share of relevant documents each query found."""
    from tests.search.variants import CONCEPTS

    relevant = {k: set(v) for k, v in plan_["relevant"].items()}
    out = {}
    concepts = [(c.key, c.what, c.queries) for c in CONCEPTS]
    concepts += [(latin, "Latin-script name", (latin,)) for latin, _arabic in LATIN_NAMES]
    for engine in engines:
        rows = {}
        for key, what, queries in concepts:
            wanted = relevant.get(key, set())
            found = [len(engine.all_ids(q, wanted)) for q in queries]
            rows[key] = {
                "what": what,
                "found": sum(found),
                "wanted": len(wanted) * len(queries),
                "perfect": sum(1 for f in found if f == len(wanted)),
                "queries": len(queries),
            }
        out[engine.name] = rows
    return out


def explain_busiest(measured: dict, engine_name: str) -> tuple[str, str]:
    """EXPLAIN ANALYZE of Jisr's statement for the search with the most matches."""
    from django.db import connection, transaction

    from jisr.search.backends import Filters, PostgreSQLBackend
    from jisr.search.terms import parse_query

    raw = max(
        (count, raw) for (name, raw), count in measured["counts"].items() if name == engine_name
    )[1]
    sql, params = PostgreSQLBackend().search_sql(
        parse_query(raw, prefix=False), Filters(), offset=0, limit=PAGE
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return raw, "\n".join(r[0] for r in cursor.fetchall())


# --- Report -------------------------------------------------------------------------------

GROUP_ORDER = [
    "variant",
    "latin name",
    "one word",
    "two words",
    "with article",
    "prefix (as you type)",
]


def render(
    info, n, command, measured, recalls, timings, sizes, engines_order, rounds, extra, queries
) -> str:
    from jisr.search.backends import MAX_MATCHES

    timing = measured["timings"]
    searches = rounds * (queries - sum(1 for g in timing["Jisr on PostgreSQL"] if g == TYPING))
    lines = [
        SECTION,
        "",
        f"{n:,} documents, the same rows in both databases: generated Arabic (85%) and "
        "English text of every kind the site indexes (drawn from 200,000 generated phrases "
        "over a Zipf-ranked vocabulary of 24,000 Arabic stems with their prefixes and "
        "suffixes), 5,000 representatives' names, and the spellings of "
        "`tests/search/variants.py` planted in known documents. A *search* is what the "
        f"results page and the API do: count the matches (by type) and fetch the best {PAGE}; "
        "for Jisr, whole words first and prefixes only when they find nothing. *As you type* "
        "is what the header's suggestions do: the best 8 with the last word as a prefix. "
        f"After a warm-up, {rounds} shuffled rounds; each round runs every query on every "
        "engine in shuffled order, in-process (Django cursor, no HTTP). The unbounded "
        "variant and the `icontains` scan run in the first round only, the scan on 6 queries "
        "(it reads the whole table each time; its recall is taken in the database among the "
        "relevant documents).",
        "",
        f"Jisr bounds each search: the first {MAX_MATCHES:,} matches in index order are "
        "counted by type and ranked; when more match, the page says “more than "
        f"{MAX_MATCHES:,}” and the API `capped: true`. "
        f"{measured['capped'].get('Jisr on PostgreSQL', 0)} of the {searches} searches on "
        "PostgreSQL reached the bound. The row *every match ranked* is the same search "
        "without the bound: ranking and counting every match costs a heap visit per match "
        "(PostgreSQL's GIN index cannot rank), about 7 µs each here from the OS page cache "
        "with the server's 128 MB `shared_buffers`.",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} memory, shared "
        f"with other work (load average {os.getloadavg()[0]:.1f} at the end); PostgreSQL "
        f"{info['postgres']} ({info['pg_settings']}); "
        f"SQLite {sqlite3.sqlite_version}; Python {info['python']}, Django {info['django']}; "
        f"{info['date']}.",
        "- Size: " + "; ".join(f"{k} {v}" for k, v in sizes.items()) + ".",
        "",
        "Latency in ms, p50 / p95, per kind of query:",
        "",
        "| engine | all queries | " + " | ".join(GROUP_ORDER) + " |",
        "|---|" + "---:|" * (len(GROUP_ORDER) + 1),
    ]
    for name in [engines_order[0], *extra, *engines_order[1:]]:
        groups = timing.get(name, {})
        every = [t for g in groups.values() for t in g]
        if not every:
            continue
        cells = [f"{percentile(every, 50):.1f} / **{percentile(every, 95):.1f}**"]
        for group in GROUP_ORDER:
            values = groups.get(group, [])
            cells.append(
                f"{percentile(values, 50):.1f} / {percentile(values, 95):.1f}" if values else "–"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    pg = timing.get("Jisr on PostgreSQL", {})
    every_pg = [t for g in pg.values() for t in g]
    if every_pg:
        p95 = percentile(every_pg, 95)
        verdict = "met" if p95 < GOAL_MS else "missed"
        lines += ["", f"Goal p95 < {GOAL_MS} ms on PostgreSQL: **{verdict}** ({p95:.1f} ms)."]
    lines += [
        "",
        "Recall on the variant query set (documents found / documents that hold a spelling "
        "of the word, summed over the concept's queries; in brackets, queries with 100%):",
        "",
        "| concept | varies | " + " | ".join(engines_order) + " |",
        "|---|---|" + "---:|" * len(engines_order),
    ]
    keys = list(next(iter(recalls.values())).keys())
    totals = {name: [0, 0, 0, 0] for name in engines_order}
    for key in keys:
        first = recalls[engines_order[0]][key]
        cells = []
        for name in engines_order:
            row = recalls[name][key]
            share = row["found"] / row["wanted"] if row["wanted"] else 1
            cells.append(f"{100 * share:.0f}% ({row['perfect']}/{row['queries']})")
            for i, value in enumerate(
                (row["found"], row["wanted"], row["perfect"], row["queries"])
            ):
                totals[name][i] += value
        lines.append(f"| {key} | {first['what']} | " + " | ".join(cells) + " |")
    lines.append(
        "| **all** | | "
        + " | ".join(f"**{100 * t[0] / t[1]:.1f}%** ({t[2]}/{t[3]})" for t in totals.values())
        + " |"
    )
    lines += [
        "",
        "Phases: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings) + ".",
        "",
        "Command:",
        "",
        "```sh",
        command,
        "```",
    ]
    return "\n".join(lines)


def sizes_now(sqlite_path: Path) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_table_size('search_searchdocument')), "
            "pg_size_pretty(pg_relation_size('search_document_vector')), "
            "pg_size_pretty(pg_relation_size('bench_arabic_gin'))"
        )
        table, gin, arabic = cursor.fetchone()
    megabytes = sqlite_path.stat().st_size / 2**20
    return {
        "PostgreSQL table": table,
        "Jisr GIN index": gin,
        "`arabic` GIN index": arabic,
        "SQLite file (rows and FTS5)": f"{megabytes:,.0f} MB",
    }


# --- Main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--sqlite-path", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--reuse", action="store_true", help="keep the data if they fit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--vocabulary-queries", type=int, default=100)
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args()
    n = args.documents
    if n < PEOPLE + ORGANIZATIONS + 10_000:
        parser.error(f"--documents must be at least {PEOPLE + ORGANIZATIONS + 10_000}")
    url = args.database_url
    if not database_name(url) or database_name(url) == "postgres":
        parser.error("--database-url must name a database of its own (it is dropped)")
    command = shlex.join(
        [".venv/bin/python", "bench/search.py", *(masked(a) for a in sys.argv[1:])]
    )
    started = time.perf_counter()
    with phase("databases"):
        ensure_postgres(url)
        reuse = (
            args.reuse
            and existing_marker(url) == marker(n)
            and sqlite_marker(args.sqlite_path) == marker(n)
        )
        if args.reuse and not reuse:
            log("  --reuse: no data of this size there, building it")
        if not reuse:
            recreate_database(url)
            for suffix in ("", "-wal", "-shm"):
                Path(str(args.sqlite_path) + suffix).unlink(missing_ok=True)
        setup_django(url, args.sqlite_path)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("migrate", "search", database="sqlite", verbosity=0, interactive=False)
    plan_ = plan(n, SEED)
    timings = []
    if not reuse:
        add_arabic_baseline_column()
        with phase("generate and load"):
            timings += list(load(n, plan_, url).items())
        set_marker(url, marker(n))
    with phase("vocabulary"):
        language = Language(SEED, reserved_words())
    queries = workload(language, SEED, args.vocabulary_queries)
    ours = [Jisr("default", "Jisr on PostgreSQL"), Jisr("sqlite", "Jisr on SQLite")]
    arabic, scan = PostgresArabic(), Icontains()
    unbounded = JisrUnbounded("default", "Jisr on PostgreSQL, every match ranked (no bound)")
    with phase("measure"):
        measured = measure(
            [*ours, arabic],
            queries,
            args.rounds,
            once=[
                (unbounded, {q for _g, q in queries}),
                (scan, {q for _g, q in queries[:: max(1, len(queries) // 6)]}),
            ],
        )
    with phase("recall"):
        engines = [*ours, arabic, scan]
        recalls = recall(engines, plan_)
    raw, plan_text = explain_busiest(measured, unbounded.name)
    info = pp.machine()
    section = render(
        info,
        n,
        command,
        measured,
        recalls,
        timings + [(name, seconds) for name, seconds in pp.PHASES],
        sizes_now(args.sqlite_path),
        [e.name for e in engines],
        args.rounds,
        [unbounded.name],
        len(queries),
    )
    if not args.no_write:
        write_section(SECTION, section)
    print(section)
    print(f"\nPlan of the query with the most matches ({raw!r}):\n{plan_text}")
    print(f"Total: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
