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
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
