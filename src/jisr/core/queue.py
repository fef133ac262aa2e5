from contextlib import contextmanager
from functools import partial

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend


def enqueue(task, *args, **kwargs) -> None:
    """Queue a task that must run only if the current transaction commits.

    The database backend writes the queue row inside the caller's transaction, so the task
    commits or rolls back with the change that caused it, and a process that dies right
    after the commit still leaves it queued. The immediate backend (the test profile) runs
    the task at once, as its name says. Other backends are handed the task on commit.
    """
    if isinstance(task.get_backend(), DatabaseBackend | ImmediateBackend):
        enqueue_now(task, *args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def enqueue_now(task, *args, **kwargs):
    """Queue a task in the current transaction (the database backend writes its row in it)
    and return its result; the immediate backend runs it at once, as a worker would."""
    if not isinstance(task.get_backend(), ImmediateBackend):
        return task.enqueue(*args, **kwargs)
    with _as_in_a_worker():
        return task.enqueue(*args, **kwargs)


@contextmanager
def _as_in_a_worker():
    """Let the task's entry services open their durable transactions, as they do in a worker,
    although the immediate backend runs the task inside the caller's transaction (Django
    allows this inside a test case's own transactions, which the flag marks)."""
    blocks = transaction.get_connection().atomic_blocks
    if not blocks:
        yield
        return
    innermost, was = blocks[-1], blocks[-1]._from_testcase
    innermost._from_testcase = True
    try:
        yield
    finally:
        innermost._from_testcase = was
