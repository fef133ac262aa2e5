"""Share cards drawn as PNG images: Arabic shaped by raqm (HarfBuzz and FriBiDi through
Pillow), in the bundled font, every character checked against the font's glyphs first.

Pure: no Django import. ``cards.py`` says what a card shows (a ``Card``); this module only
draws it. A card is 1200 × 630 pixels (the size every network's large preview expects),
quantized to a small palette so it stays far under the 300 KB that WhatsApp accepts.
"""

import hashlib
import io
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
#: Bumped whenever the drawing changes, so every card's address changes with it.
DRAWING_VERSION = "1"
#: Under static/ so that the package's data (``pyproject.toml``) carries them; the site never
#: links to them.
FONTS = Path(__file__).resolve().parent / "static" / "campaigns" / "card-fonts"
REGULAR = FONTS / "JisrCard-Regular.ttf"
BOLD = FONTS / "JisrCard-Bold.ttf"

# The site's colours (core/static/jisr/css/jisr.css).
PAPER = (251, 250, 247)
INK = (29, 36, 48)
MUTED = (91, 100, 114)
ACCENT = (11, 110, 79)
ACCENT_SOFT = (227, 241, 236)
LINE = (220, 216, 206)

MARGIN = 72
BAND = 18  # the accent band along the card's starting edge
#: Replaces a character the font has no glyph for, where text is replaced, not refused.
REPLACEMENT = ""
#: Characters without a visible glyph that are dropped rather than checked (variation
#: selectors after an emoji, the byte-order mark).
_INVISIBLE = {0xFE0E, 0xFE0F, 0xFEFF}


class MissingGlyphs(ValueError):
    """The text holds characters the card's font cannot draw."""

    def __init__(self, characters: list[str]):
        self.characters = characters
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in characters)
        super().__init__(f"The card's font has no glyph for: {names}")


class LayoutUnavailable(RuntimeError):
    """Pillow was built without raqm: Arabic would be drawn unjoined and in the wrong order."""


@dataclass(frozen=True)
class Figure:
    value: str
    label: str


@dataclass(frozen=True)
class Card:
    """What one card shows, already in its language. Its ``digest`` names the image."""

    language: str  # "ar" or "en"
    site: str  # the site's name, at the top
    kicker: str  # what the card is about: "Proposal", "Monthly report" …
    title: str
    figures: tuple[Figure, ...] = ()
    lines: tuple[str, ...] = ()  # smaller lines under the title: a date, a city, a period
    progress: int | None = None  # a percentage, drawn as a bar
    footer: str = ""  # the site's address

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    def texts(self) -> list[str]:
        found = [self.site, self.kicker, self.title, *self.lines, self.footer]
        for figure in self.figures:
            found += [figure.value, figure.label]
        return found

    def digest(self) -> str:
        """The content hash in the card's address: what is drawn, how, and with which font."""
        payload = repr((DRAWING_VERSION, font_fingerprint(), asdict(self))).encode()
        return hashlib.sha256(payload).hexdigest()[:16]


@cache
def font_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (REGULAR, BOLD):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def covered() -> frozenset[int]:
    """The code points both weights of the card's font have a glyph for."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools has no types

    maps = [set(TTFont(path, lazy=True).getBestCmap()) for path in (REGULAR, BOLD)]
    return frozenset(maps[0] & maps[1])


#: Bidi marks and isolates: layout controls HarfBuzz draws as nothing, with or without a
#: glyph in the font, so they are kept and not checked.
_BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _checked(character: str) -> bool:
    code = ord(character)
    return code not in _INVISIBLE and code not in _BIDI_CONTROLS and character not in "\n\r\t"


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` (as typed, before shaping) the font cannot draw, once each."""
    glyphs = covered()
    seen: dict[str, None] = {}
    for character in text:
        if _checked(character) and ord(character) not in glyphs:
            seen.setdefault(character)
    return list(seen)


def drawable(text: str) -> str:
    """``text`` with what the font cannot draw taken out: compatibility forms folded first
    (NFKC keeps Arabic letters and turns presentation forms and full-width Latin back into
    letters the font has), then each remaining character without a glyph dropped, spaces
    collapsed. For text people wrote (a title may hold an emoji)."""
    glyphs = covered()
    folded = "".join(c if ord(c) in glyphs else unicodedata.normalize("NFKC", c) for c in text)
    kept = "".join(
        c if (ord(c) in glyphs or c == " " or not _checked(c)) else REPLACEMENT
        for c in folded
        if ord(c) not in _INVISIBLE
    )
    return " ".join(kept.split())


def check(card: Card) -> None:
    """Refuse a card with a character the font cannot draw (no empty boxes, ever)."""
    missing: dict[str, None] = {}
    for text in card.texts():
        for character in missing_glyphs(text):
            missing.setdefault(character)
    if missing:
        raise MissingGlyphs(list(missing))


def raqm_available() -> bool:
    return bool(features.check("raqm"))


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    if not raqm_available():
        raise LayoutUnavailable("Pillow has no raqm layout: install libraqm0 (Debian).")
    return ImageFont.truetype(
        str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.RAQM
    )


def _direction(text: str, fallback: str) -> str:
    """The text's own direction, as ``dir="auto"`` finds it: its first strong character."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return fallback


class _Writer:
    """Lines of text from the starting edge of the card (right in Arabic, left in English)."""

    def __init__(self, image: Image.Image, card: Card):
        self.draw = ImageDraw.Draw(image)
        self.card = card
        self.base = "rtl" if card.rtl else "ltr"
        self.start = WIDTH - MARGIN - BAND if card.rtl else MARGIN + BAND
        self.end = MARGIN if card.rtl else WIDTH - MARGIN
        self.width = WIDTH - 2 * MARGIN - BAND

    def _options(self, text: str) -> dict:
        return {"direction": _direction(text, self.base), "language": self.card.language}

    def length(self, text: str, font) -> float:
        return font.getlength(text, **self._options(text))

    def text(self, y: float, text: str, font, fill, *, at_end: bool = False) -> None:
        x = self.end if at_end else self.start
        anchor = ("l" if self.card.rtl else "r") if at_end else ("r" if self.card.rtl else "l")
        self.draw.text(
            (x, y), text, font=font, fill=fill, anchor=anchor + "s", **self._options(text)
        )

    def wrap(self, text: str, font, width: float, most: int) -> list[str]:
        """Greedy wrapping at spaces; the last line kept ends with «…» when text is left."""
        words, lines, current = text.split(), [], ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and self.length(candidate, font) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        if len(lines) > most:
            last = lines[most - 1]
            while last and self.length(last + " …", font) > width:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            lines = [*lines[: most - 1], last + " …"]
        return lines


def _fit_title(
    writer: _Writer, title: str, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size (of a few) at which the whole title fits in ``height`` pixels; at
    the smallest, as many lines as fit, the last ending with «…»."""
    for size in (68, 60, 52, 46, 40):
        font = _font(True, size)
        lines = writer.wrap(title, font, writer.width, 99)
        if len(lines) * int(size * 1.4) <= height:
            return font, lines, size
    most = max(1, height // int(size * 1.4))
    return font, writer.wrap(title, font, writer.width, most), size


def render(card: Card) -> Image.Image:
    """Draw the card: the site and what the card is about at the top, the title in the
    room left, and from the bottom up the footer, a progress bar, the figures, the lines."""
    check(card)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    writer = _Writer(image, card)
    draw = writer.draw
    band_x = WIDTH - BAND if card.rtl else 0
    draw.rectangle((band_x, 0, band_x + BAND - 1, HEIGHT), fill=ACCENT)
    left = MARGIN + (0 if card.rtl else BAND)
    right = WIDTH - MARGIN - (BAND if card.rtl else 0)

    writer.text(104, card.site, _font(True, 32), ACCENT)
    writer.text(152, card.kicker, _font(False, 28), MUTED)

    rule = HEIGHT - 92
    draw.line((left, rule, right, rule), fill=LINE, width=2)
    if card.footer:
        writer.text(HEIGHT - 40, card.footer, _font(False, 26), MUTED)

    lower = rule - 26  # the bottom of what is drawn above the rule
    if card.progress is not None:
        track = (lower - 22, lower)
        draw.rounded_rectangle((left, track[0], right, track[1]), radius=11, fill=ACCENT_SOFT)
        filled = round((right - left) * max(0, min(100, card.progress)) / 100)
        if filled >= 22:
            span = (right - filled, right) if card.rtl else (left, left + filled)
            draw.rounded_rectangle((span[0], track[0], span[1], track[1]), radius=11, fill=ACCENT)
        lower = track[0] - 26
    if card.figures:
        _figures(writer, card.figures, lower)
        lower -= 112
    detail = _font(False, 32)
    for line in reversed(card.lines):
        writer.text(lower, line, detail, MUTED)
        lower -= 48
    lower -= 12

    top = 180
    font, lines, size = _fit_title(writer, card.title, lower - top)
    leading = int(size * 1.4)
    y = top + int(size * 1.05)
    for line in lines:
        writer.text(y, line, font, INK)
        y += leading
    return image


def _figures(writer: _Writer, figures: tuple[Figure, ...], baseline: int) -> None:
    """Figures side by side from the starting edge: each a large value over its label,
    ``baseline`` the labels' line."""
    big = _font(True, 60 if len(figures) == 1 else 52)
    small = _font(False, 26)
    gap = 56
    x: float = writer.start
    anchor = "rs" if writer.card.rtl else "ls"
    for figure in figures:
        width = max(writer.length(figure.value, big), writer.length(figure.label, small))
        for text, font, fill, y in (
            (figure.value, big, ACCENT, baseline - 46),
            (figure.label, small, MUTED, baseline),
        ):
            writer.draw.text(
                (x, y), text, font=font, fill=fill, anchor=anchor, **writer._options(text)
            )
        x = x - width - gap if writer.card.rtl else x + width + gap


def png(card: Card) -> bytes:
    """The card as a PNG of a 64-colour palette (flat colours and antialiased text need no
    more): 12–18 KB, under half the full-colour file (bench/RESULTS.md, "Share cards")."""
    image = render(card).quantize(
        colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
