"""A bar per row, drawn as SVG with no text inside: the labels and numbers stay in the
page's HTML, where both the browser and the PDF shape Arabic properly. No Django."""

from collections.abc import Sequence


def bar(value: int, highest: int, *, rtl: bool, color: str = "#0b6e4f") -> str:
    """One bar, as long as ``value`` is to ``highest``, growing from the reading side."""
    width, height = 300, 14
    length = width * value / highest if highest else 0
    x = width - length if rtl else 0
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="report-bar" aria-hidden="true" preserveAspectRatio="none">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#efede6"/>'
        f'<rect x="{x:.1f}" y="0" width="{length:.1f}" height="{height}" fill="{color}"/></svg>'
    )


def bar_rows(rows: Sequence[tuple[object, int]], *, rtl: bool) -> list[dict]:
    """Rows of (label, value) with their bar, scaled to the largest value."""
    highest = max((value for _label, value in rows), default=0)
    return [
        {"label": label, "value": value, "bar": bar(value, highest, rtl=rtl)}
        for label, value in rows
    ]
