"""Cells of a spreadsheet's CSV file: the invisible marks around them, and which of the
usual delimiters the header line means. No Django here (the station aggregator and its
benchmark use it)."""

import csv
from collections.abc import Callable

DELIMITERS = ",;\t"
# Spreadsheets put direction marks around Arabic cells; they are invisible and meaningless.
_INVISIBLE = str.maketrans(
    dict.fromkeys(
        ["\u200b", "\u200e", "\u200f", "\u061c", "\ufeff"]
        + [chr(c) for c in range(0x202A, 0x202F)]
        + [chr(c) for c in range(0x2066, 0x206A)]
    )
)


def clean(cell: str) -> str:
    return cell.translate(_INVISIBLE).strip()


def sniff_delimiter(header: str, known: Callable[[str], bool]) -> str:
    """Return the delimiter that makes the most header cells known column names; on a tie,
    the one ``csv.Sniffer`` guesses from the line (it guesses from one line only, so the
    names decide first)."""
    try:
        sniffed = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    candidates = [sniffed, *(d for d in DELIMITERS if d != sniffed)]

    def score(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter))
        return sum(1 for cell in cells if known(clean(cell)))

    return max(candidates, key=score)
