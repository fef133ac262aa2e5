"""Entry services: one user action, one durable transaction (Zulip's ``zerver/actions``).

A view, an API operation or a command calls exactly one entry service. Its transaction is
*durable*: Django refuses to open it inside another one, so when the service returns, what it
wrote is committed — a write the user is told succeeded cannot be rolled back later by a caller.

Every committed entry service purges the visitors' page cache (``core.page_cache.purge``),
after the commit: what it changed is on the public pages of every server within a second.

A larger action that is itself one transaction (an import, a certification, the demo) composes
entry services with ``service.within(...)``: the same work in a savepoint of the caller's
transaction, committed or rolled back with it.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def _purge_pages() -> None:
    from .page_cache import purge  # the page cache reads the request's language: not at import

    purge()


class EntryService(Generic[P, R]):
    def __init__(self, func: Callable[P, R]) -> None:
        self.func = func
        update_wrapper(self, func)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=True):
            transaction.on_commit(_purge_pages)
            return self.func(*args, **kwargs)

    def within(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run as a part of the caller's transaction (a savepoint in it)."""
        with transaction.atomic():
            transaction.on_commit(_purge_pages)
            return self.func(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<entry service {self.func.__module__}.{self.func.__qualname__}>"


def entry_service(func: Callable[P, R]) -> EntryService[P, R]:
    """Make ``func`` an entry service (see the module's docstring)."""
    return EntryService(func)
