"""Test data built in a transaction that is always rolled back."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Run the block in a transaction (or savepoint) rolled back at its end.

    Like the transactions of Django's ``TestCase``, it lets entry services open their durable
    transactions inside: it stands for the test's database, not for a caller's action."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    with atomic:
        try:
            yield
        finally:
            transaction.set_rollback(True)
