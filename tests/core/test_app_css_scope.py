"""Each app's stylesheet is scoped to its own pages: no rule of one app can reach the site's
header, navigation or footer (elections.css once mirrored the header through ``.bar``)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "jisr"
# The class each app's rules must start with: the one its templates give <main> (or, for
# the header's search box, the box itself).
SCOPES = {
    "campaigns/static/campaigns/outreach/outreach.css": (".reach-page ",),
    "campaigns/static/campaigns/events.css": (".events-page ",),
    "campaigns/static/campaigns/event_ops.css": (".event-ops-page ",),
    "elections/static/elections/elections.css": (".elections-page ",),
    "pledges/static/pledges/pledges.css": (".pledges-page ",),
    "reports/static/reports/reports.css": (".reports-page ",),
    "search/static/search/search.css": (".site-search", ".search-page "),
    "treasury/static/treasury/treasury.css": (".treasury-page ",),
    "campaigns/static/campaigns/kits.css": (".kits-page ",),
    "coalition/static/coalition/coalition.css": (".coalition-page ",),
    "parliament/static/parliament/attend.css": (".record-page ",),
}


def selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for prelude in re.findall(r"([^{}]+)\{", css):
        prelude = prelude.strip()
        if prelude.startswith("@"):
            continue
        found += [part.strip() for part in prelude.split(",")]
    return found


def test_every_app_stylesheet_is_listed_here():
    app_css = {
        str(path.relative_to(SRC))
        for path in SRC.glob("*/static/**/*.css")
        if not path.is_relative_to(SRC / "core")
    }
    assert app_css == set(SCOPES)


@pytest.mark.parametrize("path", sorted(SCOPES))
def test_every_rule_starts_with_its_apps_scope(path):
    found = selectors((SRC / path).read_text())
    assert found
    unscoped = [s for s in found if not s.replace(":lang(ar)", "").startswith(SCOPES[path])]
    assert unscoped == [], f"{path}: rules that could reach other pages: {unscoped}"


def test_the_selector_reader_sees_unscoped_rules():
    assert selectors("/* x */ .bar { a: b }\n@media (x) { .elections-page .bar, p { c: d } }") == [
        ".bar",
        ".elections-page .bar",
        "p",
    ]
