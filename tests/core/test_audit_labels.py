"""Every action the code writes to the audit log reads as a translated sentence."""

import re
from pathlib import Path

import pytest
from django.utils import translation

import jisr
from jisr.core.audit_actions import Action
from jisr.core.audit_labels import (
    ACTION_LABELS,
    action_label,
    actor_label,
    data_label,
    object_label,
)
from jisr.core.models import AuditEntry
from jisr.core.services import audit_append

ROOT = Path(jisr.__file__).parent


def _referenced_members() -> set[str]:
    """The ``Action`` members the code names, outside the registry itself."""
    names = set()
    for path in ROOT.rglob("*.py"):
        if path.name == "audit_actions.py" or "migrations" in path.parts:
            continue
        names |= set(re.findall(r"\bAction\.([A-Z_]+)\b", path.read_text(encoding="utf-8")))
    return names


def test_every_action_in_the_registry_is_written_somewhere():
    unused = {member.name for member in Action} - _referenced_members()
    assert not unused, f"no code writes these audit actions; remove them: {unused}"


def test_no_code_writes_an_action_outside_the_registry():
    """Action codes are never written as strings: the registry is the only vocabulary."""
    literal = re.compile(r"""action=["'][a-z_]+\.[a-z_]+["']""")
    written = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert not written, written


@pytest.mark.django_db
def test_the_log_refuses_a_code_outside_the_registry():
    with pytest.raises(ValueError):
        audit_append(actor=None, action="something.invented")
    assert not AuditEntry.objects.exists()


def test_every_action_reads_as_a_translated_sentence():
    with translation.override("en"):
        english = {action: str(action.label) for action in Action}
    with translation.override("ar"):
        untranslated = [a.value for a in Action if str(a.label) == english[a]]
    assert not untranslated, untranslated
    assert dict(ACTION_LABELS) == dict(Action.choices)


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
