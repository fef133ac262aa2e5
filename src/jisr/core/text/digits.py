"""Digits in the scripts Jisr's readers type: Arabic-Indic (٠-٩), Persian (۰-۹) and ASCII."""

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans(ARABIC_INDIC + PERSIAN + "٫٬", "0123456789" * 2 + ".,")


def to_ascii_digits(text: str) -> str:
    """Return text with Arabic-Indic and Persian digits (and the Arabic decimal and
    thousands separators) replaced by their ASCII forms; nothing else changes."""
    return text.translate(_TO_ASCII)
