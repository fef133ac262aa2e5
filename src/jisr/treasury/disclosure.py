"""Which published figures may be shown: statistical disclosure control for small counts.
Pure: no Django import.

A cell that sums fewer than ``minimum`` contributions is suppressed (primary). When a
table's total is published, a single suppressed cell could be recomputed as the total
minus the others, so the smallest other cell is suppressed too (secondary); two hidden
cells only give away their sum.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    key: object
    amount: int
    count: int


def published(cells: Sequence[Cell], *, minimum: int, total_published: bool) -> set:
    """Return the keys of the cells that may be shown."""
    # A cell of no contributions at all covers nobody: its zero is shown.
    hidden = {cell.key for cell in cells if 0 < cell.count < minimum}
    shown = [cell for cell in cells if cell.key not in hidden and cell.count > 0]
    if total_published and len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda cell: (cell.count, cell.amount, str(cell.key)))
        hidden.add(smallest.key)
    return {cell.key for cell in cells} - hidden


def total_shown(cells: Sequence[Cell], *, minimum: int) -> bool:
    """The table's total is shown when it covers enough contributions itself."""
    return sum(cell.count for cell in cells) >= minimum
