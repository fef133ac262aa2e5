"""The representative's monthly charts: a y-axis with ticks, labels readable on a phone."""

import re

from jisr.parliament.charts import LABEL_SIZE, monthly_bars, y_ticks

NAMES = {n: f"M{n}" for n in range(1, 13)}  # a month's name in the page's language


def test_ticks_are_round_and_cover_the_highest_value():
    assert y_ticks(0) == [0, 1]
    assert y_ticks(3) == [0, 1, 2, 3]
    assert y_ticks(13) == [0, 5, 10, 15]
    assert y_ticks(1234) == [0, 500, 1000, 1500]
    for highest in range(0, 500, 7):
        ticks = y_ticks(highest)
        assert ticks[-1] >= highest and len(ticks) <= 5


def test_the_chart_has_a_y_axis_and_labels_sized_for_a_phone():
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    svg = monthly_bars(months, list(range(12)), title="Votes", rtl=False, month_names=NAMES)
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    # A card on a 360 px phone is about 294 px wide: the labels stay at 11 px or more.
    assert LABEL_SIZE * 294 / width >= 11
    labels = re.findall(r">(\d+)</text>", svg)
    assert labels == ["0", "5", "10", "15"]  # the y-axis's ticks
    assert svg.count("<line") == 5  # a grid line per tick and the axis
    # A month's name and year span a third of the chart: never twelve crowded months.
    assert len(re.findall(r">M\d+( 2026)?</text>", svg)) == 3


def test_in_arabic_the_axis_stands_at_the_right():
    svg = monthly_bars(["2026-01", "2026-02"], [1, 2], title="Votes", rtl=True, month_names=NAMES)
    axis = re.findall(r'<line x1="([\d.]+)" x2="([\d.]+)" y1="10"', svg)[-1]
    assert axis[0] == axis[1] and float(axis[0]) > 250
