"""One user action, one durable transaction: what an entry service wrote is committed when it
returns, and a larger job (an import, a certification) composes services with ``within``."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

import jisr
from jisr.core.transactions import entry_service
from jisr.parliament import services as parliament

ROOT = Path(jisr.__file__).parent
# Services that are never a user action on their own: they run inside the action that calls
# them (search indexing, the audit log's append).
INTERNAL = {
    "search/services.py": {
        "index_documents",
        "remove_document",
        "remove_documents",
        "set_governorate",
    },
    "core/services.py": {"audit_append"},
}


@entry_service
def _group_create(*, name: str) -> Group:
    return Group.objects.create(name=name)


@pytest.mark.django_db
def test_an_entry_service_refuses_to_run_inside_a_callers_transaction():
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _group_create(name="counters")
    assert not Group.objects.filter(name="counters").exists()


@pytest.mark.django_db
def test_a_job_composes_entry_services_within_its_transaction_and_undoes_them_together():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        _group_create.within(name="counters")
        assert Group.objects.filter(name="counters").count() == 1
        raise ZeroDivisionError
    assert not Group.objects.filter(name="counters").exists()
    _group_create(name="counters")
    assert Group.objects.filter(name="counters").count() == 1


def _service_modules():
    for path in sorted(ROOT.rglob("services*.py")) + sorted(ROOT.rglob("services/*.py")):
        if "migrations" not in path.parts:
            yield path


def test_every_public_service_that_opens_a_transaction_is_an_entry_service():
    plain = []
    for path in set(_service_modules()):
        name = path.relative_to(ROOT).as_posix()
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            decorators = {ast.unparse(d) for d in node.decorator_list}
            if "transaction.atomic" in decorators and node.name not in INTERNAL.get(name, ()):
                plain.append(f"{name}: {node.name}")
    assert plain == [], "use @entry_service (or list an internal helper in INTERNAL)"


def test_the_services_named_in_the_design_are_entry_services():
    for service in (parliament.person_merge, parliament.vote_event_record):
        assert hasattr(service, "within"), service
