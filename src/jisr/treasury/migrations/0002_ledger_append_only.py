"""The ledger is append-only in the database too: a row that was written is never updated
or deleted, whatever client connects (raw SQL, a console, another program).

PostgreSQL: a row trigger refuses UPDATE and DELETE. SQLite (the embedded default): a
trigger refuses UPDATE; DELETE stays possible there because Django's test flush and
``flush`` empty tables with DELETE (PostgreSQL's flush uses TRUNCATE, which row triggers do
not see). The model refuses both on every database.
"""

from django.db import migrations

# One statement per execute, no parameters (so no placeholder is read in the SQL).
POSTGRES_UP = [
    """CREATE FUNCTION treasury_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'treasury ledger entries are append-only: post a compensating group'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql""",
    """CREATE TRIGGER treasury_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON treasury_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION treasury_ledger_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS treasury_ledgerentry_append_only ON treasury_ledgerentry",
    "DROP FUNCTION IF EXISTS treasury_ledger_append_only()",
]
SQLITE_UP = [
    """CREATE TRIGGER treasury_ledgerentry_no_update BEFORE UPDATE ON treasury_ledgerentry
BEGIN
    SELECT RAISE(ABORT, 'treasury ledger entries are append-only: UPDATE refused');
END"""
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS treasury_ledgerentry_no_update"]
SQL = {"postgresql": (POSTGRES_UP, POSTGRES_DOWN), "sqlite": (SQLITE_UP, SQLITE_DOWN)}


def _run(schema_editor, which: int) -> None:
    for statement in SQL.get(schema_editor.connection.vendor, ([], []))[which]:
        schema_editor.execute(statement, params=None)


def up(apps, schema_editor):
    _run(schema_editor, 0)


def down(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("treasury", "0001_initial")]
    operations = [migrations.RunPython(up, down, elidable=False)]
