"""The kinds of records in the index, and the governorates to filter by, as the apps that
own them declare them.

Search sits below the apps it indexes and never imports them. An app takes part by
giving its ``AppConfig``:

- ``search_types(self) -> list[SearchType]``: the kinds of its records, each with a
  plural label for the results page and, for ``jisr manage search_rebuild``, a count
  and an iterator of ``Document`` for every public record;
- ``search_governorates(self) -> list[tuple[str, str]]`` (optional): the governorate keys
  it puts on documents, with their names in the active language.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise

from .documents import Document


@dataclass(frozen=True)
class SearchType:
    code: str
    label: str | Promise
    count: Callable[[], int]
    documents: Callable[[], Iterable[Document]]


def search_types() -> dict[str, SearchType]:
    """Every registered kind of record, in the order of INSTALLED_APPS."""
    found: dict[str, SearchType] = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "search_types", None)
        if callable(hook):
            for kind in hook():
                found.setdefault(kind.code, kind)
    return found


def type_label(code: str) -> str:
    kind = search_types().get(code)
    return str(kind.label) if kind else code


def governorates() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        hook = getattr(config, "search_governorates", None)
        if callable(hook):
            found += list(hook())
    return found
