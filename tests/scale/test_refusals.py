"""What the generator refuses before it writes anything."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jisr.scale import run
from jisr.scale.progress import Progress

from ..accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_scale_of_zero_is_refused():
    with pytest.raises(run.Refused):
        run.generate(scale=0, progress=Progress(quiet=True))


def test_a_database_with_members_is_refused_with_the_way_out():
    UserFactory()
    with pytest.raises(CommandError, match="--flush") as error:
        call_command("generate_scale_data", "--scale", "0.001", "--quiet")
    assert "migrate" in str(error.value)


def test_flush_asks_first_and_changes_nothing_without_yes(monkeypatch):
    UserFactory()
    monkeypatch.setattr("builtins.input", lambda: "no")
    with pytest.raises(CommandError):
        call_command("generate_scale_data", "--scale", "0.001", "--flush", "--quiet")
    assert run.existing_data()


def test_load_accounts_only_go_to_generated_data():
    with pytest.raises(CommandError):
        call_command("generate_scale_data", "--accounts-only", "--load-accounts", "2")
    with pytest.raises(CommandError):
        call_command("generate_scale_data", "--accounts-only")
