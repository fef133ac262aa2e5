"""Every action the code writes to the audit log reads as a translated sentence."""

import ast
import re
from pathlib import Path

from django.utils import translation

import jisr
from jisr.core.audit_labels import (
    ACTION_LABELS,
    action_label,
    actor_label,
    data_label,
    object_label,
)

CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _strings(node) -> set[str]:
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def _assigned(tree, name: str) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found |= _strings(node.value)
    return found


def audit_action_codes() -> set[str]:
    """The action codes of every ``audit_append`` call in the source: literal, chosen by
    an ``if``, or held in a variable or constant assigned in the same module."""
    codes = set()
    for path in Path(jisr.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_append"):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                names = [n.id for n in ast.walk(keyword.value) if isinstance(n, ast.Name)]
                found = _strings(keyword.value).union(*(_assigned(tree, n) for n in names))
                assert found, f"{path}:{node.lineno}: cannot read the action code"
                codes |= found
    return codes


def test_every_action_code_in_the_code_has_a_translated_label():
    codes = audit_action_codes()
    assert {"mfa.added", "proposal.status_changed", "scale_data.generated"} <= codes
    missing = codes - set(ACTION_LABELS)
    assert not missing, f"give these audit actions a label in core/audit_labels.py: {missing}"
    with translation.override("en"):
        english = {code: action_label(code) for code in codes}
    with translation.override("ar"):
        untranslated = [code for code in codes if action_label(code) == english[code]]
    assert not untranslated, untranslated


def test_targets_and_actors_read_without_personal_values():
    with translation.override("en"):
        assert object_label("proposals.proposal", "12") == "Proposal no. 12"
        assert data_label({"from": "published", "to": "delivered"}) == (
            "from: Published, to: Delivered"
        )
        assert actor_label("user:5855b7aa0c1d4e") == ("Person", "5855b7")
        assert actor_label("anonymous") == ("A visitor", "")
        assert action_label("mfa.added") == "Two-factor authentication set up"
    with translation.override("ar"):
        assert object_label("proposals.proposal", "12") == "المقترح رقم 12"
        assert action_label("mfa.added") == "أُعدَّ التحقق بخطوتين"
