"""Server-side SVG charts: readable without JavaScript, printable, and shared as they are
by the reports' PDFs. Labels are escaped; nothing here depends on Django."""

from html import escape

PALETTE = {
    "yes": "#1b7f4c",
    "no": "#b3261e",
    "abstain": "#b7791f",
    "absent": "#8d8a82",
    "not_voting": "#c9c5bb",
}


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
    """A bar per month ("YYYY-MM", oldest first, laid out in reading order), with its
    title; the axis and each bar's tooltip name the month (``month_names``, 1-12, in the
    page's language) and its year."""
    width, height, top, bottom = 600, 160, 24, 22
    if not months:
        return ""
    highest = max(max(values), 1)
    step = width / len(months)
    bar = max(step * 0.7, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    labels = month_labels(months, month_names)
    for index, (month, value, label) in enumerate(zip(months, values, labels, strict=True)):
        year, number = month.split("-")
        slot = len(months) - 1 - index if rtl else index
        x = slot * step + (step - bar) / 2
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
                f'<text x="{at:.1f}" y="{height - 6}" font-size="11" '
                f'text-anchor="{anchor}" fill="#5b6472">{escape(label)}</text>'
            )
    parts.append(
        f'<text x="{width if rtl else 0}" y="14" font-size="12" fill="#5b6472" '
        f'text-anchor="{"end" if rtl else "start"}">{highest}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(counts: list[tuple[str, str, int]], *, title: str, rtl: bool) -> str:
    """One horizontal bar split by option: counts are (option, label, count)."""
    width, height = 600, 28
    total = sum(n for _o, _l, n in counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" preserveAspectRatio="none">',
        f"<title>{escape(title)}</title>",
    ]
    offset = 0.0
    for option, label, n in counts:
        w = width * n / total
        x = width - offset - w if rtl else offset
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" '
            f'fill="{PALETTE.get(option, "#0b6e4f")}"><title>{escape(label)}: {n}</title></rect>'
        )
        offset += w
    parts.append("</svg>")
    return "".join(parts)
