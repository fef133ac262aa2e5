"""The two ways the index is queried, chosen by the database vendor: SQLite FTS5 and
PostgreSQL full text search. Both get terms that Python normalized and stemmed
(``terms.parse_query``) and only look them up; each builds its own query syntax from them,
quoting every term, so nothing the user typed is ever read as an operator.

One search is one statement, and its work is bounded: the first ``MAX_MATCHES`` + 1
matches in index order are the candidates; they are counted by type and ranked, and the
page is cut from them. Below the bound (nearly every query) the counts are exact and the
ranking covers every match; above it the count says "more than 1,000" and the best of
the candidates come first. Ranking every match of a word found in tens of thousands of
documents costs a heap visit each (docs/search.md, bench/RESULTS.md).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import connections

from .terms import Query, Term

MAX_MATCHES = 1000
FIELDS = (
    "id",
    "doc_type",
    "object_id",
    "url",
    "title",
    "text",
    "names",
    "title_is_name",
    "context",
    "date",
    "governorate",
    "language",
)


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    governorate: str = ""

    def without_types(self) -> "Filters":
        return Filters((), self.date_from, self.date_to, self.governorate)


@dataclass(frozen=True)
class Hit:
    id: int
    doc_type: str
    object_id: int
    url: str
    title: str
    text: str
    names: str
    title_is_name: bool
    context: str
    date: date | None
    governorate: str
    language: str


@dataclass
class Found:
    """A page of hits, best first, and the matches counted by type (at most
    ``MAX_MATCHES`` in all; ``capped`` when more match)."""

    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    cap: int = MAX_MATCHES

    @property
    def capped(self) -> bool:
        return sum(self.counts.values()) > self.cap

    @property
    def total(self) -> int:
        return min(sum(self.counts.values()), self.cap)


def _quote(word: str, mark: str) -> str:
    # Terms are letters and digits only (terms._WORD); quoting is a second fence.
    return mark + word.replace(mark, mark * 2) + mark


def _where(filters: Filters, alias: str) -> tuple[str, list]:
    sql: list[str] = []
    params: list[object] = []
    if filters.types:
        sql.append(f"{alias}.doc_type IN ({', '.join(['%s'] * len(filters.types))})")
        params += list(filters.types)
    if filters.date_from:
        sql.append(f"{alias}.date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        sql.append(f"{alias}.date <= %s")
        params.append(filters.date_to)
    if filters.governorate:
        sql.append(f"{alias}.governorate = %s")
        params.append(filters.governorate)
    return "".join(f" AND {condition}" for condition in sql), params


class Backend:
    table = "search_searchdocument"
    nulls_last = ""
    cap = MAX_MATCHES

    def __init__(self, using: str = "default"):
        self.using = using
        self.connection = connections[using]

    def matches(self, query: Query, filters: Filters, *, score: bool) -> tuple[str, list]:
        """SELECT id, doc_type, date[, score] of the matching documents (higher score is
        better), unordered."""
        raise NotImplementedError

    def _execute(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search_sql(self, query: Query, filters: Filters, *, offset: int, limit: int):
        """The one statement of a search: the counts by type, then the page's rows. One
        candidate beyond the bound is read to tell that there are more; it is never shown."""
        limit = max(0, min(limit, self.cap - offset))
        candidates, params = self.matches(query, filters, score=True)
        columns = ", ".join(f"d.{name}" for name in FIELDS)
        blanks = ", ".join(["NULL"] * len(FIELDS))
        sql = (
            f"WITH m AS MATERIALIZED ({candidates} LIMIT {self.cap + 1}), "
            f"page AS (SELECT id, score, date FROM m "
            f"ORDER BY score DESC, date DESC{self.nulls_last}, id DESC LIMIT %s OFFSET %s) "
            f"SELECT 0 AS part, doc_type AS kind, COUNT(*) AS n, 0 AS score, NULL AS day, "
            f"0 AS rid, {blanks} FROM m GROUP BY doc_type "
            f"UNION ALL "
            f"SELECT 1, NULL, 0, page.score, page.date, page.id, {columns} "
            f"FROM page JOIN {self.table} d ON d.id = page.id "
            f"ORDER BY 1, 4 DESC, 5 DESC{self.nulls_last}, 6 DESC"
        )
        return sql, [*params, limit, offset]

    def search(self, query: Query, filters: Filters, *, offset: int, limit: int) -> Found:
        """Count the matches by type and fetch one page of them, best first."""
        if not query:
            return Found(cap=self.cap)
        sql, params = self.search_sql(query, filters, offset=offset, limit=limit)
        rows = self._execute(sql, params)
        found = Found(cap=self.cap)
        for row in rows:
            if row[0] == 0:
                found.counts[row[1]] = row[2]
            else:
                found.hits.append(self.hit(row[6:]))
        return found

    def count(self, query: Query, filters: Filters) -> tuple[dict[str, int], bool]:
        """The matches by type (at most ``MAX_MATCHES`` + 1 in all) and whether there are
        more."""
        if not query:
            return {}, False
        candidates, params = self.matches(query, filters, score=False)
        sql = (
            f"SELECT doc_type, COUNT(*) FROM ({candidates} LIMIT {self.cap + 1}) m "
            f"GROUP BY doc_type"
        )
        counts = dict(self._execute(sql, params))
        return counts, sum(counts.values()) > self.cap

    def all_ids(self, query: Query, filters: Filters | None = None) -> set[int]:
        """Every matching document, unbounded: for tests and the benchmark's recall."""
        if not query:
            return set()
        candidates, params = self.matches(query, filters or Filters(), score=False)
        return {row[0] for row in self._execute(candidates, params)}

    def hit(self, row) -> Hit:
        return Hit(*row)


class SQLiteBackend(Backend):
    """FTS5: a MATCH expression with every term quoted as a string, columns named."""

    # bm25 weights of the columns exact_terms, stem_terms, body_terms, sound_terms.
    WEIGHTS = "10.0, 5.0, 1.0, 2.0"
    WORD_COLUMNS = "{exact_terms stem_terms body_terms}"
    nulls_last = " NULLS LAST"

    def expression(self, query: Query) -> str:
        return " AND ".join(self._term(term) for term in query.terms)

    def _term(self, term: Term) -> str:
        words = [_quote(w, '"') for w in term.words]
        words += [_quote(p, '"') + " *" for p in term.prefixes]
        options = [f"{self.WORD_COLUMNS} : ({' OR '.join(words)})"]
        for alternative in term.sounds:
            keys = []
            for index, key in enumerate(alternative):
                star = " *" if term.prefix and index == len(alternative) - 1 else ""
                keys.append("sound_terms : " + _quote(key, '"') + star)
            options.append("(" + " AND ".join(keys) + ")")
        return "(" + " OR ".join(options) + ")"

    def matches(self, query, filters, *, score):
        where, params = _where(filters, "d")
        # bm25 is smaller for better matches.
        rank = f", -bm25(search_fts, {self.WEIGHTS}) AS score" if score else ""
        sql = (
            f"SELECT d.id, d.doc_type, d.date{rank} FROM search_fts "
            f"JOIN {self.table} d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{where}"
        )
        return sql, [self.expression(query), *params]

    def hit(self, row) -> Hit:
        values = list(row)
        if isinstance(values[9], str):
            values[9] = date.fromisoformat(values[9])
        values[7] = bool(values[7])
        return Hit(*values)


class PostgreSQLBackend(Backend):
    """A tsquery of quoted lexemes, parsed with the 'simple' configuration like the
    terms were; ts_rank weighs the columns D, C, B, A (sound keys to exact words). The
    bound keeps the planner's cost estimate under jit_above_cost: no JIT compilation."""

    WEIGHTS = "'{0.2, 0.3, 0.6, 1.0}'"
    nulls_last = " NULLS LAST"

    def expression(self, query: Query) -> str:
        return " & ".join(self._term(term) for term in query.terms)

    def _term(self, term: Term) -> str:
        options = [_quote(w, "'") for w in term.words]
        options += [_quote(p, "'") + ":*" for p in term.prefixes]
        for alternative in term.sounds:
            keys = []
            for index, key in enumerate(alternative):
                star = "*" if term.prefix and index == len(alternative) - 1 else ""
                keys.append(_quote(key, "'") + f":{star}D")
            options.append("(" + " & ".join(keys) + ")")
        return "(" + " | ".join(options) + ")"

    def matches(self, query, filters, *, score):
        where, params = _where(filters, "d")
        rank = f", ts_rank({self.WEIGHTS}, d.search_vector, q) AS score" if score else ""
        sql = (
            f"SELECT d.id, d.doc_type, d.date{rank} "
            f"FROM {self.table} d, to_tsquery('simple'::regconfig, %s) q "
            f"WHERE d.search_vector @@ q{where}"
        )
        return sql, [self.expression(query), *params]


def backend(using: str = "default") -> Backend:
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return SQLiteBackend(using)
    if vendor == "postgresql":
        return PostgreSQLBackend(using)
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
