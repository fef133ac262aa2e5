"""The pure modules: amounts in minor units and the disclosure rule."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jisr.treasury.disclosure import Cell, published, total_shown
from jisr.treasury.money import AmountError, format_minor, from_minor, to_minor


def test_amounts_are_read_in_minor_units_and_never_rounded():
    assert to_minor("12.50", "USD") == 1250
    assert to_minor("25000", "IQD") == 25000
    assert to_minor("1,000.5", "EUR") == 100050
    with pytest.raises(AmountError):
        to_minor("12.505", "USD")
    with pytest.raises(AmountError):
        to_minor("10.5", "IQD")
    with pytest.raises(AmountError):
        to_minor("abc", "USD")
    with pytest.raises(AmountError):
        to_minor("1", "XYZ")
    assert format_minor(123456, "USD") == "1,234.56 USD"
    assert format_minor(-5000, "IQD") == "-5,000 IQD"


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(["USD", "IQD"]))
def test_minor_units_round_trip(minor, currency):
    assert to_minor(str(from_minor(minor, currency)), currency) == minor
    assert isinstance(from_minor(minor, currency), Decimal)


cells = st.lists(
    st.builds(Cell, st.uuids(), st.integers(0, 10**9), st.integers(0, 30)),
    min_size=1,
    max_size=12,
    unique_by=lambda c: c.key,
)


@given(cells, st.integers(2, 10))
def test_no_shown_cell_covers_fewer_than_the_minimum_and_no_single_cell_can_be_subtracted(
    table, minimum
):
    total = total_shown(table, minimum=minimum)
    shown = published(table, minimum=minimum, total_published=total)
    for cell in table:
        if cell.key in shown:
            assert cell.count == 0 or cell.count >= minimum
    hidden = [cell for cell in table if cell.key not in shown]
    if total:
        # One hidden cell would be the total minus the shown ones.
        assert len(hidden) != 1
    if not total:
        assert sum(c.count for c in table) < minimum


def test_a_lone_small_cell_takes_the_smallest_other_with_it():
    table = [Cell("a", 100, 2), Cell("b", 900, 12), Cell("c", 500, 6)]
    assert published(table, minimum=5, total_published=True) == {"b"}
    assert published(table, minimum=5, total_published=False) == {"b", "c"}
