"""Entry services: one user action, one durable transaction (Zulip's ``zerver/actions``).

A view, an API operation or a command calls exactly one entry service. Its transaction is
*durable*: Django refuses to open it inside another one, so when the service returns, what it
wrote is committed — a write the user is told succeeded cannot be rolled back later by a caller.

Every committed entry service purges the visitors' page cache (``core.page_cache.purge``),
after the commit: what it changed is on the public pages of every server within a second.
A frequent member write whose public trace may wait for the cache's lifetime (a support's
count) is declared ``@entry_service(purges_pages=False)``, so that election night's stream
of supports does not rebuild every page twice a second.

A larger action that is itself one transaction (an import, a certification, the demo) composes
entry services with ``service.within(...)``: the same work in a savepoint of the caller's
transaction, committed or rolled back with it.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeVar, overload

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def _purge_pages() -> None:
    from .page_cache import purge  # the page cache reads the request's language: not at import

    purge()


class EntryService(Generic[P, R]):
    def __init__(self, func: Callable[P, R], *, purges_pages: bool = True) -> None:
        self.func = func
        self.purges_pages = purges_pages
        update_wrapper(self, func)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=True):
            self._purge_after_commit()
            return self.func(*args, **kwargs)

    def within(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run as a part of the caller's transaction (a savepoint in it)."""
        with transaction.atomic():
            self._purge_after_commit()
            return self.func(*args, **kwargs)

    def _purge_after_commit(self) -> None:
        if self.purges_pages:
            transaction.on_commit(_purge_pages)

    def __repr__(self) -> str:
        return f"<entry service {self.func.__module__}.{self.func.__qualname__}>"


@overload
def entry_service(func: Callable[P, R], /) -> EntryService[P, R]: ...
@overload
def entry_service(
    *, purges_pages: bool = True
) -> Callable[[Callable[P, R]], EntryService[P, R]]: ...
def entry_service(func=None, /, *, purges_pages=True):
    """Make ``func`` an entry service (see the module's docstring)."""
    if func is None:
        return lambda func: EntryService(func, purges_pages=purges_pages)
    return EntryService(func, purges_pages=purges_pages)
