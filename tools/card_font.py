"""Rebuild the share cards' font: ``JisrCard-{Regular,Bold}.ttf`` in
``src/jisr/campaigns/static/campaigns/card-fonts/``.

Debian's Noto Sans Arabic has Arabic but no Latin letters, brackets, «%» or «—»; Noto Sans
has those but no Arabic. Both are OFL and drawn on 1,000 units to the em, so each weight is
the two fonts subset to what a card writes (Arabic, Latin, digits of three scripts,
punctuation) and merged into one file, under a family name of its own (a system font of
the same name can never stand in for it).

    python3 tools/card_font.py        # needs Debian's fonts-noto-core and fontTools

The output is deterministic for the same input fonts (no time stamps are kept).
"""

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parent.parent / "src/jisr/campaigns/static/campaigns/card-fonts"
FAMILY = "Jisr Card"

LATIN = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (« », ×, é …)
    (0x0100, 0x017F),  # Latin Extended-A (names written in Latin letters)
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),  # per mille, ‹ ›
    (0x20AC, 0x20AC),  # €
    (0x2212, 0x2212),  # minus
]
ARABIC = [
    (0x0600, 0x06FF),  # Arabic (with Arabic-Indic and Persian digits)
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB50, 0xFDFF),  # presentation forms A
    (0xFE70, 0xFEFF),  # presentation forms B
    (0x200C, 0x200F),  # ZWNJ, ZWJ, LRM, RLM
    (0x2066, 0x2069),  # bidi isolates
]


def _codepoints(ranges) -> list[int]:
    return [c for start, end in ranges for c in range(start, end + 1)]


def _subset(source: Path, ranges, target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # a card is drawn large; hints only add bytes
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_codepoints(ranges))
    subsetter.subset(font)
    font.save(target)


def _rename(font: TTFont, weight: str) -> None:
    name = font["name"]
    full = f"{FAMILY} {weight}"
    postscript = f"JisrCard-{weight}"
    for record in list(name.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = weight
        elif record.nameID == 4:
            record.string = full
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"{postscript};merged from Noto Sans Arabic and Noto Sans"


def build(weight: str) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        arabic = Path(folder) / "arabic.ttf"
        latin = Path(folder) / "latin.ttf"
        _subset(NOTO / f"NotoSansArabic-{weight}.ttf", [*ARABIC, (0x0030, 0x0039)], arabic)
        _subset(NOTO / f"NotoSans-{weight}.ttf", LATIN, latin)
        # Latin first: its glyphs win where both have one (ASCII digits, space, «.»), so
        # English text and figures keep one design; Arabic adds what Latin lacks.
        merged = Merger().merge([str(latin), str(arabic)])
    _rename(merged, weight)
    merged["head"].created = merged["head"].modified = 0
    merged.recalcTimestamp = False  # else saving stamps the time: the same fonts, new bytes
    target = OUT / f"JisrCard-{weight}.ttf"
    merged.save(target)
    return target


def main() -> int:
    for weight in ("Regular", "Bold"):
        target = build(weight)
        print(f"{target}: {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
