"""bench/RESULTS.md: each benchmark rewrites its own section and keeps the others."""

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
NEW_FILE = (
    "# Benchmark results\n\nEach benchmark under bench/ rewrites its own section. Figures are "
    "ratios measured side by side in one run: compare ratios, not milliseconds, across "
    "machines.\n"
)


def write_section(section: str, text: str) -> None:
    """Put `text` in place of the section headed `section` (or at the end)."""
    current = RESULTS.read_text() if RESULTS.exists() else NEW_FILE
    text = text.strip("\n") + "\n\n"
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text, current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(updated.rstrip("\n") + "\n")
