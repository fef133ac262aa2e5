"""Share cards: how long each kind of card takes to draw and how big it is, in Arabic and
English; and a card's address served from the disk cache against drawn anew.

Every kind of card (the site's, a proposal, a monthly report, a treasury campaign's
progress, an event) is built in both languages from fixed invented content of the demo's
kind and length, drawn ``--rounds`` times (median milliseconds: shaping with raqm, drawing,
quantizing to 64 colours, PNG encoding), and measured: the PNG's size against the same
card saved in full colour. Then the site's card (its view reads no database) is requested
through Django's test client with its file in the disk cache, and with the cache emptied
before each request, in alternating rounds. Writes the section "Share cards" of RESULTS.md.

    .venv/bin/python bench/cards.py              # about half a minute
    .venv/bin/python bench/cards.py --no-write   # print only
"""

import argparse
import datetime as dt
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "src"))
os.environ.setdefault("JISR_ENV", "test")
os.environ.setdefault("JISR_DATA_DIR", tempfile.mkdtemp(prefix="jisr-bench-cards-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from PIL import Image  # noqa: E402
from results import RESULTS, write_section  # noqa: E402

from jisr.campaigns import card_drawing, cards  # noqa: E402
from jisr.campaigns.card_drawing import Card, Figure  # noqa: E402

SECTION = "## Share cards"
TITLES = {
    "proposal": (
        "فتح مكتب للأحوال المدنية في القنصلية العامة لتسهيل معاملات الجالية وتقليل الانتظار",
        "Open a civil status office at the consulate to ease the community's paperwork",
    ),
    "report": ("تقرير المنظمة: تشرين الثاني 2026", "The organization's report: November 2026"),
    "campaign": ("حقائب مدرسية لأطفال القرى", "School bags for village children"),
    "event": ("لقاء مفتوح مع النائب عن الجالية", "Town hall with our representative"),
}


def sample_cards() -> dict[tuple[str, str], Card]:
    """One card of each kind in each language, built as ``cards.py`` builds them."""
    found = {}
    for language in ("ar", "en"):
        with translation.override(language):
            ar = language == "ar"

            def build(kind: str, kicker: str, *, ar=ar, language=language, **parts) -> Card:
                if kind in TITLES:
                    parts["title"] = TITLES[kind][0 if ar else 1]
                return Card(
                    language=language,
                    site=settings.JISR_SITE_NAME or _("Jisr"),
                    kicker=kicker,
                    footer="jisr.example.org",
                    **parts,
                )

            money = (lambda text: f"{cards.LRI}{text}{cards.PDI}") if ar else (lambda t: t)
            found["site", language] = build(
                "site",
                "",
                title=_("The bridge between our community and the representatives it elected."),
            )
            found["proposal", language] = build(
                "proposal",
                _("Proposal"),
                figures=(Figure("1,284", _("supporters")),),
                lines=(_("In progress"),),
            )
            found["report", language] = build(
                "report",
                _("Monthly report"),
                figures=tuple(
                    Figure(value, _(label))
                    for value, label in (
                        ("48", "Activities recorded"),
                        ("1,210", "Votes cast"),
                        ("7", "Proposals delivered"),
                        ("3", "Answers received"),
                    )
                ),
            )
            found["campaign", language] = build(
                "campaign",
                _("Fundraising campaign"),
                figures=(
                    Figure(
                        money("3,570.00 USD"), _("of %(goal)s") % {"goal": money("5,000.00 USD")}
                    ),
                    Figure("126", _("gifts")),
                ),
                progress=71,
            )
            found["event", language] = build(
                "event",
                _("Town hall with a representative"),
                lines=(
                    "الجمعة 13 تشرين الثاني 2026، 6:00 م"
                    if ar
                    else "Friday 13 November 2026, 6:00 PM",
                    "ستوكهولم" if ar else "Stockholm",
                ),
            )
    return found


def median_ms(action, rounds: int) -> float:
    times = []
    for _round in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def full_colour_size(card: Card) -> int:
    out = io.BytesIO()
    card_drawing.render(card).save(out, format="PNG", optimize=True)
    return len(out.getvalue())


def serve(rounds: int) -> tuple[float, float, int]:
    """Medians (ms) of the site card's address: from the disk cache, and drawn anew."""
    client = Client(HTTP_HOST="127.0.0.1")
    path = cards.card_path(None, "ar")
    folder = Path(settings.DATA_DIR) / "cards"

    def get():
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    size = len(get())  # warm: imports, fonts, the file
    cached, uncached = [], []
    for _round in range(rounds):
        start = time.perf_counter()
        get()
        cached.append((time.perf_counter() - start) * 1000)
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        get()
        uncached.append((time.perf_counter() - start) * 1000)
    return statistics.median(cached), statistics.median(uncached), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    samples = sample_cards()
    for card in samples.values():  # warm: fonts loaded, glyph table read
        card_drawing.png(card)
    rows = []
    for (kind, language), card in samples.items():
        data = card_drawing.png(card)
        assert Image.open(io.BytesIO(data)).size == (card_drawing.WIDTH, card_drawing.HEIGHT)
        ms = median_ms(lambda card=card: card_drawing.png(card), args.rounds)
        full = full_colour_size(card)
        rows.append((kind, language, ms, len(data), full))
        print(
            f"{kind:9} {language}  {ms:6.1f} ms  {len(data) / 1024:5.1f} KB  "
            f"(full colour {full / 1024:.1f} KB)"
        )
    cached, uncached, size = serve(args.rounds)
    print(
        f"serve site card: cached {cached:.2f} ms, drawn anew {uncached:.1f} ms, "
        f"{size / 1024:.1f} KB"
    )

    lines = [
        SECTION,
        "",
        "Each kind of card in both languages, built from fixed invented content of the demo's "
        "length (`bench/cards.py`): median of "
        f"{args.rounds} draws (shaping with raqm, drawing, quantizing to 64 colours, PNG "
        "encoding), and the PNG's size against the same card saved in full colour. WhatsApp "
        "drops previews over 300 KB.",
        "",
        f"- Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}); "
        f"Python {platform.python_version()}, Pillow {Image.__version__} with raqm "
        f"{card_drawing.features.version('raqm')}; load average "
        f"{os.getloadavg()[0]:.1f} (other work shared the machine); "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| card | language | draw ms (median) | KB | full colour KB | × smaller |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind, language, ms, size_png, full in rows:
        lines.append(
            f"| {kind} | {language} | {ms:.1f} | {size_png / 1024:.1f} | {full / 1024:.1f} "
            f"| {full / size_png:.1f} |"
        )
    lines += [
        "",
        f"The card's address (`/campaigns/cards/site/0/ar-….png`, through Django's test client "
        f"and the site's middleware), {args.rounds} alternating rounds:",
        "",
        "| served | median ms | × cached |",
        "|---|---:|---:|",
        f"| from the disk cache | {cached:.2f} | 1.0 |",
        f"| drawn anew (cache emptied before each request) | {uncached:.1f} "
        f"| {uncached / cached:.1f} |",
        "",
        "Command:",
        "",
        "```sh",
        ".venv/bin/python bench/cards.py",
        "```",
    ]
    if not args.no_write:
        write_section(SECTION, "\n".join(lines))
        print(f"Wrote its section of {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
