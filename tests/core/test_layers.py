"""The layers of DESIGN.md, held for every module and template: a lower app never imports
a higher one (nor loads its template tags). Higher apps reach into lower ones through the
hooks the lower ones expose (erasure, merge, home blocks, staff links, search types)."""

import ast
import re
from pathlib import Path

import jisr

ROOT = Path(jisr.__file__).parent
# What each app may import, besides itself.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "search": {"core"},
    "parliament": {"core", "accounts", "search"},
    "elections": {"core", "accounts", "search", "parliament"},
    "proposals": {"core", "accounts", "search", "parliament"},
    "pledges": {"core", "accounts", "search", "parliament", "elections", "proposals"},
    "reports": {"core", "accounts", "search", "parliament", "proposals"},
    "treasury": {"core", "accounts", "search", "parliament", "proposals", "reports"},
    "campaigns": {"core", "accounts", "search", "parliament", "proposals", "reports", "treasury"},
    "coalition": {
        "core",
        "accounts",
        "search",
        "parliament",
        "proposals",
        "reports",
        "treasury",
        "campaigns",
    },
    "api": {
        "core",
        "accounts",
        "search",
        "parliament",
        "elections",
        "proposals",
        "reports",
        "treasury",
        "pledges",
        "campaigns",
        "coalition",
    },
    "scale": {
        "core",
        "accounts",
        "search",
        "parliament",
        "elections",
        "proposals",
        "reports",
        "treasury",
        "pledges",
        "campaigns",
        "coalition",
    },
}
TAG_LIBRARIES = {
    path.stem: path.parts[-3]
    for path in ROOT.glob("*/templatetags/*.py")
    if path.stem != "__init__"
}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_app_imports_a_higher_one():
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in (ROOT / app).rglob("*.py"):
            for module in _imports(path):
                parts = [*module.split("."), ""]
                other = parts[1] if parts[0] == "jisr" else ""
                if other in ALLOWED and other != app and other not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_api_types_shared_by_apps_come_from_core():
    """An app's API takes shared types (pagination, references to people and areas) from
    ``core.api_types``, never from another app's API module (only ``api`` assembles them)."""
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in ROOT.glob("*/api.py")
        if path.parent.name != "api"
        for module in _imports(path)
        if re.fullmatch(r"jisr\.\w+\.api", module) and module != f"jisr.{path.parent.name}.api"
    ]
    assert not wrong, "\n".join(wrong)


def test_no_template_loads_a_higher_apps_tags():
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in (ROOT / app / "templates").rglob("*.*"):
            for load in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", path.read_text(encoding="utf-8")):
                for library in load.split():
                    owner = TAG_LIBRARIES.get(library)
                    if owner and owner != app and owner not in allowed:
                        wrong.append(f"{path.relative_to(ROOT)} loads {library} ({owner})")
    assert not wrong, "\n".join(wrong)


def test_views_leave_transactions_to_the_services():
    """A user action is one entry service, which owns its transaction: a view that chains
    services in a transaction of its own is a service missing (the attendance page once
    left an orphan sitting that way)."""
    view_modules = [
        path
        for path in ROOT.rglob("*.py")
        if path.stem in {"views", "staff_views", "office_views", "staff_entry", "api"}
    ]
    assert len(view_modules) > 8
    chained = [
        str(path.relative_to(ROOT))
        for path in view_modules
        if re.search(r"transaction\.atomic|with transaction", path.read_text(encoding="utf-8"))
    ]
    assert not chained, chained


def test_the_formatter_is_never_overridden_by_hand():
    """The style gate (ruff format --check) means something only if no line opts out."""
    opted_out = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "fmt: skip" in path.read_text(encoding="utf-8")
        or "fmt: off" in path.read_text(encoding="utf-8")
    ]
    assert not opted_out, opted_out
