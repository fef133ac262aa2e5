"""Writing many rows fast, the same way on PostgreSQL and SQLite.

Rows are tuples in the order of the fields named, with the values Python would give the
model (dates, aware datetimes, UUIDs, dicts for JSON). On PostgreSQL they go in with
``COPY … FROM STDIN`` (psycopg 3); on SQLite with ``executemany`` in batches. Both skip
building a model instance per row, which is what makes ``bulk_create`` several times
slower here (docs/scale-data.md has the figures).

For the biggest tables PostgreSQL also drops the table's secondary indexes and its
unique and foreign-key constraints during the load and rebuilds them once afterwards,
as its manual advises for bulk loads; the rebuilt schema is the one the migrations made
(same names, same definitions), and the rebuilt constraints check every row.
"""

import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection

from .progress import Bar

SQLITE_BATCH = 5_000
PROGRESS_EVERY = 5_000
CONVERTED = {"DateField", "DateTimeField", "UUIDField", "JSONField", "DecimalField"}


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _converters(model, fields: Sequence[str]) -> list:
    """For each field, None (the value goes as it is) or a function giving the value the
    database driver expects."""
    converters = []
    for name in fields:
        field = model._meta.get_field(name)
        kind = field.get_internal_type()
        if connection.vendor == "postgresql":
            # COPY sends text: JSON as its text, every other type through psycopg's dumpers.
            converters.append(_json if kind == "JSONField" else None)
        elif kind in CONVERTED:
            converters.append(_prep(field))
        else:
            converters.append(None)
    return converters


def _json(value):
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _prep(field):
    def convert(value):
        return None if value is None else field.get_db_prep_save(value, connection)

    return convert


def _converted(rows: Iterable[tuple], converters: list) -> Iterable[tuple]:
    if not any(converters):
        return rows
    pairs = [(i, c) for i, c in enumerate(converters) if c is not None]

    def convert(row):
        row = list(row)
        for i, c in pairs:
            row[i] = c(row[i])
        return row

    return (convert(row) for row in rows)


def insert(model, fields: Sequence[str], rows: Iterable[tuple], bar: Bar | None = None) -> int:
    """Insert the rows into the model's table; return how many there were."""
    columns = [model._meta.get_field(name).column for name in fields]
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(c) for c in columns)
    rows = _converted(rows, _converters(model, fields))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
                    if bar is not None and count % PROGRESS_EVERY == 0:
                        bar.add(PROGRESS_EVERY)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            statement = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(statement, batch)
                    count += len(batch)
                    if bar is not None:
                        bar.add(len(batch))
                    batch = []
            if batch:
                cursor.executemany(statement, batch)
                count += len(batch)
                if bar is not None:
                    bar.add(len(batch))
                batch = []
    if bar is not None:
        if connection.vendor == "postgresql":
            bar.add(count % PROGRESS_EVERY)
        bar.close()
    return count


def reset_sequences(*models) -> None:
    """Let the next row the site creates take the id after the ones loaded (PostgreSQL;
    SQLite does so by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def restart_ids(*models) -> None:
    """Let the empty tables among these number their rows from 1 again."""
    if connection.vendor == "postgresql":
        reset_sequences(*models)  # an empty table's sequence goes back to 1
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone() is None:
                return
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"DELETE FROM sqlite_sequence WHERE name = %s "
                    f"AND NOT EXISTS (SELECT 1 FROM {quote(table)})",
                    [table],
                )


@contextmanager
def big_table(model):
    """On PostgreSQL, drop the table's secondary indexes and its unique and foreign-key
    constraints, load, then rebuild them; elsewhere, just load."""
    if connection.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # Deferred checks of rows written earlier in this transaction must run before a
        # table they involve can be altered (dropping a foreign key alters both tables).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') "
            "ORDER BY contype DESC, conname",
            [table],
        )
        constraints = cursor.fetchall()  # unique ones first, foreign keys after
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conrelid = %s::regclass AND c.conname = i.indexname) ORDER BY i.indexname",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _kind, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        add = f"ALTER TABLE {quote(table)} ADD CONSTRAINT %s %s"
        for name, kind, definition in constraints:
            if kind == "u":
                cursor.execute(add % (quote(name), definition))
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, kind, definition in constraints:
            if kind == "f":
                cursor.execute(add % (quote(name), definition))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tune_session() -> None:
    """Settings for a bulk load that only this connection sees."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A crash loses the last commits, not consistency: the run is started again.
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '256MB'")
        elif connection.vendor == "sqlite" and not connection.in_atomic_block:
            cursor.execute("PRAGMA synchronous = OFF")  # not allowed in a transaction
            cursor.execute("PRAGMA cache_size = -200000")


def analyze() -> None:
    """Refresh the planner's statistics (and, on PostgreSQL, the visibility map that
    index-only scans need) once everything is loaded."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if connection.in_atomic_block:
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
