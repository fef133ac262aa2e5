"""`jisr import election-…` and `jisr manage elections_allocate`."""

import io

import pytest
from django.core.management import CommandError, call_command

from jisr.cli import IMPORTS, main
from jisr.elections.models import ListResult, PollingStation

from .conftest import FICTIONAL
from .test_importers import STATIONS

pytestmark = pytest.mark.django_db


def test_every_election_format_has_a_jisr_import_name():
    names = {name: command for name, command in IMPORTS.items() if name.startswith("election-")}
    assert {command[1] for command in names.values()} == {
        "constituencies",
        "roster",
        "lists",
        "candidates",
        "stations",
        "official",
    }


def test_jisr_import_election_lists(election, capsys, monkeypatch):
    # `jisr import` closes every connection when the command ends, as a process should;
    # inside the test that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path = str(FICTIONAL / "lists.csv")
    assert (
        main(
            [
                "import",
                "election-lists",
                path,
                "--election",
                str(election.pk),
                "--language",
                "en",
                "--dry-run",
            ]
        )
        == 0
    )
    assert not ListResult.objects.exists()
    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert (
        main(["import", "election-lists", path, "--election", str(election.pk), "--language", "en"])
        == 0
    )
    assert ListResult.objects.count() == 7
    assert "Imported." in capsys.readouterr().out


def test_station_import_shows_progress_and_reports(election, tmp_path):
    path = tmp_path / "stations.csv"
    path.write_text(STATIONS, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "elections_import",
        "stations",
        str(path),
        "--election",
        str(election.pk),
        "--language",
        "en",
        stdout=out,
        stderr=err,
    )
    assert "15 rows read (UTF-8)." in out.getvalue()
    assert "Polling stations: 2" in out.getvalue()
    assert "100% reading" in err.getvalue()
    assert PollingStation.objects.count() == 2


def test_errors_are_listed_without_a_traceback(election, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("constituency,list,votes\nالواحة,101,-1\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "elections_import",
            "lists",
            str(path),
            "--election",
            str(election.pk),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Line 2, column “votes”: The votes “-1” are negative." in err.getvalue()
    with pytest.raises(CommandError, match="No election has the id 999"):
        call_command(
            "elections_import", "lists", str(path), "--election", "999", "--language", "en"
        )
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "elections_import",
            "lists",
            str(tmp_path / "none.csv"),
            "--election",
            str(election.pk),
            "--language",
            "en",
        )


def test_allocate_command(counted):
    out = io.StringIO()
    call_command(
        "elections_allocate",
        "--election",
        str(counted.pk),
        "--seed",
        "3",
        "--language",
        "en",
        stdout=out,
    )
    assert "9 seats allocated" in out.getvalue() and "seed 3" in out.getvalue()
    counted.refresh_from_db()
    assert counted.current_run.seed == 3


def test_allocate_command_explains_why_not(election):
    err = io.StringIO()
    with pytest.raises(CommandError, match="not allocated"):
        call_command(
            "elections_allocate",
            "--election",
            str(election.pk),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "has no results yet" in err.getvalue()


def test_a_damaged_file_is_refused_by_the_command_with_its_line(election, tmp_path):
    path = tmp_path / "damaged.csv"
    path.write_bytes("constituency,list,votes\nالواحة,101,5\n".encode("utf-16")[:-1])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "elections_import",
            "lists",
            str(path),
            "--election",
            str(election.pk),
            "--language",
            "en",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "The file is cut off or damaged in the middle of a character." in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert not ListResult.objects.exists()
