"""Digits in the scripts Jisr's readers type: Arabic-Indic (٠-٩), Persian (۰-۹) and ASCII."""

import re

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans(ARABIC_INDIC + PERSIAN + "٫٬", "0123456789" * 2 + ".,")


def to_ascii_digits(text: str) -> str:
    """Return text with Arabic-Indic and Persian digits (and the Arabic decimal and
    thousands separators) replaced by their ASCII forms; nothing else changes."""
    return text.translate(_TO_ASCII)


_GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")


def whole_number_digits(text: str) -> str | None:
    """The ASCII digits of a whole number written with ASCII digits, with or without
    thousands separators ("56,436" gives "56436"); None for anything else."""
    if text.isascii() and text.isdigit():
        return text
    if _GROUPED.fullmatch(text):
        return text.replace(",", "")
    return None
