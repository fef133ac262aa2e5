"""Lists in running text, with the active language's comma: «، » in Arabic, ", " in
English (a Latin comma in Arabic text, or an Arabic one in English, reads as a typo)."""

from collections.abc import Iterable

from django.utils.translation import get_language


def list_separator() -> str:
    return "، " if (get_language() or "").startswith("ar") else ", "


def join_list(items: Iterable) -> str:
    """Join ``items`` (as text) with the active language's comma."""
    return list_separator().join(str(item) for item in items)
