"""Server-side SVG for the election pages: readable without JavaScript and printable.
Labels are escaped; nothing here depends on Django."""

import math
from html import escape

PALETTE = (
    "#0b6e4f",
    "#b3261e",
    "#1f5fa8",
    "#b7791f",
    "#6a3d9a",
    "#00838f",
    "#c2185b",
    "#558b2f",
    "#8d6e63",
    "#3949ab",
    "#ef6c00",
    "#5d4037",
)
OTHER = "#9e9a90"
INNER = 0.38  # the inner radius, as a share of the outer one


def color(index: int) -> str:
    """The colour of the group in place ``index`` (0 = most seats); grey after the palette."""
    return PALETTE[index] if index < len(PALETTE) else OTHER


def _rows(seats: int) -> list[float]:
    """Return the radii of the fewest rows whose arcs hold ``seats`` seats."""
    rows = 1
    while True:
        gap = (1 - INNER) / rows
        radii = [INNER + (i + 0.5) * gap for i in range(rows)]
        if sum(int(math.pi * r / gap) + 1 for r in radii) >= seats:
            return radii
        rows += 1


def seat_positions(seats: int) -> list[tuple[float, float, float]]:
    """Return (x, y, radius) of each seat of a hemicycle of outer radius 1 centred on
    (0, 0), ordered from the left end of the arch to the right end."""
    if seats <= 0:
        return []
    radii = _rows(seats)
    gap = (1 - INNER) / len(radii)
    capacity = [int(math.pi * r / gap) + 1 for r in radii]
    # Seats per row in proportion to its length, by largest remainder, within capacity.
    total = sum(radii)
    exact = [seats * r / total for r in radii]
    counts = [min(int(e), c) for e, c in zip(exact, capacity, strict=True)]
    order = sorted(range(len(radii)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    while sum(counts) < seats:
        for i in order:
            if sum(counts) < seats and counts[i] < capacity[i]:
                counts[i] += 1
    places = []
    for radius, count in zip(radii, counts, strict=True):
        for j in range(count):
            angle = math.pi / 2 if count == 1 else math.pi - j * math.pi / (count - 1)
            places.append((angle, radius))
    places.sort(key=lambda place: (-place[0], place[1]))
    dot = gap * 0.42
    return [(r * math.cos(a), -r * math.sin(a), dot) for a, r in places]


def hemicycle(groups: list[tuple[str, int, str]], *, title: str, rtl: bool) -> str:
    """A parliament arch: ``groups`` are (label, seats, colour), the first group's seats
    at the start of the reading direction (the right end in Arabic)."""
    total = sum(n for _label, n, _color in groups)
    width, pad = 400, 6
    positions = seat_positions(total)
    dot = max((r for _x, _y, r in positions), default=0)
    scale = (width - 2 * pad) / (2 + 2 * dot)
    height = round(scale * (1 + dot) + 2 * pad)
    cx, cy = width / 2, height - pad - dot * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart hemicycle">',
        f"<title>{escape(title)}</title>",
    ]
    if rtl:
        positions = positions[::-1]
    index = 0
    for label, count, fill in groups:
        if not count:
            continue
        parts.append(f'<g fill="{fill}"><title>{escape(label)}: {count}</title>')
        for x, y, r in positions[index : index + count]:
            parts.append(
                f'<circle cx="{cx + x * scale:.1f}" cy="{cy + y * scale:.1f}" r="{r * scale:.1f}"/>'
            )
        parts.append("</g>")
        index += count
    parts.append(
        f'<text x="{cx:.1f}" y="{cy - 8:.1f}" text-anchor="middle" font-size="34" '
        f'font-weight="700" fill="#1d2430">{total}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def swatch(fill: str) -> str:
    """A small square of colour for a legend (no style attribute: the CSP forbids them)."""
    return (
        f'<svg class="swatch-svg" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">'
        f'<rect width="12" height="12" rx="2" fill="{fill}"/></svg>'
    )


def bar(value: int, highest: int, *, rtl: bool, fill: str = "#0b6e4f", label: str = "") -> str:
    """A thin horizontal bar, its length in proportion to ``value``, growing from the
    start of the line: the right end in Arabic. Drawn so, not mirrored by a CSS transform."""
    width = 200
    length = width * value / highest if highest else 0
    x = width - length if rtl else 0
    return (
        f'<svg class="election-bar" viewBox="0 0 {width} 10" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(label)}"><rect x="{x:.1f}" width="{length:.1f}" '
        f'height="10" rx="2" fill="{fill}"/></svg>'
    )
