from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue(task, *args, **kwargs) -> None:
    """Queue a task that must run only if the current transaction commits.

    With the database backend the queue row is written inside the same transaction, so a
    process that dies right after the commit still leaves the task queued. Other backends
    are handed the task on commit.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
