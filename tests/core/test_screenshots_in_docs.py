"""The README promises screenshots of every page, as each role sees it, in both languages
at 1280 and 360 px, in docs/screenshots/. This holds the promise: a page added to the walk
(``tests/e2e/pages.py``) without its pictures fails here until ``python3 dev.py
screenshots`` is run."""

from pathlib import Path

from ..e2e.pages import PAGES

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_every_page_of_the_walk_has_its_screenshots_in_the_docs():
    missing = [
        f"{stem}-{language}-{width}.png"
        for name, entry in PAGES.items()
        for role in entry.roles
        for stem in [f"{name.replace(':', '-').replace('_', '-')}-{role}"]
        for language in ("ar", "en")
        for width in (360, 1280)
        if not (SHOTS / f"{stem}-{language}-{width}.png").exists()
    ]
    assert not missing, (
        f"run `python3 dev.py screenshots`; missing: {missing[:10]} ({len(missing)})"
    )
