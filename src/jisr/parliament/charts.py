"""Server-side SVG charts: readable without JavaScript, printable, and shared as they are
by the reports' PDFs. Labels are escaped; nothing here depends on Django."""

from collections.abc import Sequence
from html import escape

from django.utils.functional import Promise

PALETTE = {
    "yes": "#1b7f4c",
    "no": "#b3261e",
    "abstain": "#b7791f",
    "absent": "#8d8a82",
    "not_voting": "#c9c5bb",
}


# Drawn at about the size a phone shows them (a 300-unit-wide box fills a card on a 360 px
# screen), so 12-unit labels stay at least 11 px tall there and grow on wider screens.
LABEL_SIZE = 12
AXIS_COLOR = "#5b6472"
GRID_COLOR = "#e2ded5"


def y_ticks(highest: int, *, most: int = 4) -> list[int]:
    """Whole-number ticks from 0 to at least ``highest``, 1, 2 or 5 times a power of ten
    apart, at most ``most`` intervals."""
    step = 1
    while step * most < highest:
        for factor in (2, 5 / 2, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = int(step * factor)
            if step * most >= highest:
                break
    top = -(-max(highest, 1) // step) * step
    return list(range(0, top + 1, step))


def month_labels(months: list[str], names: dict[int, str], *, most: int = 6) -> list[str]:
    """Axis labels for months given as "YYYY-MM": the month's name (``names``, 1-12, in the
    page's language) with its year where the year first shows; at most ``most`` labels,
    evenly spaced, the others empty."""
    every = -(-len(months) // most) if months else 1
    labels, last_year = [], None
    for index, month in enumerate(months):
        year, number = month.split("-")
        if index % every:
            labels.append("")
            continue
        name = str(names[int(number)])
        labels.append(name if year == last_year else f"{name} {year}")
        last_year = year
    return labels


def monthly_bars(
    months: list[str],
    values: list[int],
    *,
    title: str,
    rtl: bool,
    month_names: dict[int, str],
    color="#0b6e4f",
) -> str:
    """A bar per month ("YYYY-MM", oldest first, laid out in reading order) on a y-axis
    with ticks; the axis and each bar's tooltip name the month (``month_names``, 1-12, in
    the page's language) and its year."""
    width, height, top, bottom, gutter = 300, 170, 10, 22, 30
    if not months:
        return ""
    ticks = y_ticks(max(values))
    highest = ticks[-1]
    plot = width - gutter - 4
    left = 4 if rtl else gutter  # the axis and its labels sit at the start of the line
    axis_x = left + plot if rtl else left
    step = plot / len(months)
    bar = max(step * 0.7, 1)
    # Coordinates are laid out here for either direction: the text anchors must not flip
    # again with the page's direction.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in ticks:
        y = height - bottom - (height - top - bottom) * tick / highest
        label_x = axis_x + 4 if rtl else axis_x - 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text x="{label_x}" y="{y + 4:.1f}" font-size="{LABEL_SIZE}" '
            f'text-anchor="{"start" if rtl else "end"}" fill="{AXIS_COLOR}">{tick}</text>'
        )
    # Three labels at most: a month's name and year span a third of a phone-sized chart.
    labels = month_labels(months, month_names, most=3)
    for index, (month, value, label) in enumerate(zip(months, values, labels, strict=True)):
        year, number = month.split("-")
        slot = len(months) - 1 - index if rtl else index
        x = left + slot * step + (step - bar) / 2
        h = (height - top - bottom) * value / highest
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{escape(month_names[int(number)])} {year}: {value}</title></rect>"
        )
        if label:
            # A label under an end bar is anchored inside the chart, so it is not cut off.
            if slot == 0:
                anchor, at = "start", x
            elif slot == len(months) - 1:
                anchor, at = "end", x + bar
            else:
                anchor, at = "middle", x + bar / 2
            parts.append(
                f'<text x="{at:.1f}" y="{height - 6}" font-size="{LABEL_SIZE}" '
                f'text-anchor="{anchor}" fill="{AXIS_COLOR}">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{axis_x}" x2="{axis_x}" y1="{top}" y2="{height - bottom}" '
        f'stroke="{AXIS_COLOR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(counts: Sequence[tuple[str, str | Promise, int]], *, title: str, rtl: bool) -> str:
    """One horizontal bar split by option: counts are (option, label, count)."""
    width, height = 600, 28
    total = sum(n for _o, _l, n in counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" preserveAspectRatio="none">',
        f"<title>{escape(title)}</title>",
    ]
    offset = 0.0
    for option, label_text, n in counts:
        label = str(label_text)
        w = width * n / total
        x = width - offset - w if rtl else offset
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" '
            f'fill="{PALETTE.get(option, "#0b6e4f")}"><title>{escape(label)}: {n}</title></rect>'
        )
        offset += w
    parts.append("</svg>")
    return "".join(parts)
