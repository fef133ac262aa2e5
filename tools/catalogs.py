"""Translation catalog helpers, run by dev.py with the project's virtualenv.

python tools/catalogs.py fill-english   copy each English msgid into its msgstr
python tools/catalogs.py check          list untranslated or fuzzy entries; exit 1 if any
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "jisr" / "locale"


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"), wrapwidth=100)


def fill_english() -> None:
    """The source texts are English, so the English catalog translates each new entry to
    itself; entries already translated (a rewording) are kept."""
    po = catalog("en")
    for entry in po:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata_is_fuzzy = False
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save()


def check() -> int:
    problems = []
    for language in ("ar", "en"):
        po = catalog(language)
        if po.metadata_is_fuzzy or "nplurals" not in po.metadata.get("Plural-Forms", ""):
            problems.append(f"{language}: the catalog header is fuzzy or has no Plural-Forms")
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{language}: {entry.msgid!r}")
    for problem in problems:
        print("untranslated or fuzzy:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fill-english":
        fill_english()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
