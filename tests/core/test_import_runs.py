"""Every run of an importer is recorded (ImportRun) — on the site, from the command line,
refused or not — and organizers list the runs on a staff page."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from jisr.accounts.roles import Role
from jisr.accounts.services import user_erase
from jisr.core.importing import ImportFailed, ProgressBar
from jisr.core.models import ImportRun
from jisr.parliament.csv_import import csv_import
from jisr.parliament.popolo import PopoloImporter, PopoloImportError

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from ..elections.conftest import new_election
from ..parliament.test_csv_import import URLS, House, golden

pytestmark = pytest.mark.django_db


@pytest.fixture
def house(db):
    return House()


def _upload_and_confirm(client, data):
    client.post(
        reverse("parliament_staff:import_upload"),
        {"kind": "votes", "scheme": "popolo", "file": SimpleUploadedFile("votes.csv", data)},
    )
    return client.post(reverse("parliament_staff:import_confirm"), {"action": "import"})


@pytest.mark.urls(URLS)
def test_a_web_import_records_its_dry_run_then_its_import(
    client, house, organizer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = golden("votes")[0]
    signed_in(client, organizer)
    assert _upload_and_confirm(client, data).status_code == 200
    checked, applied = ImportRun.objects.order_by("pk")
    digest = hashlib.sha256(data).hexdigest()
    assert [
        (run.kind, run.user, run.file_name, run.file_sha256, run.dry_run, run.outcome)
        for run in (checked, applied)
    ] == [
        ("parliament.votes", organizer, "votes.csv", digest, True, "checked"),
        ("parliament.votes", organizer, "votes.csv", digest, False, "applied"),
    ]
    assert checked.summary["counts"]["votes"] == applied.summary["counts"]["votes"] == 10
    assert checked.started_at <= checked.finished_at <= applied.started_at


def test_a_refused_file_is_recorded_with_its_number_of_errors(house, organizer):
    data = b"term,date,motion,result,person,vote\nT9,2024-02-30,x,pass,nobody,yes\n"
    with pytest.raises(ImportFailed) as refused:
        csv_import("votes", data, actor=organizer)
    (run,) = ImportRun.objects.all()
    assert (run.outcome, run.dry_run) == ("refused", False)
    assert run.summary == {"errors": len(refused.value.errors)} and run.summary["errors"] >= 2


def test_a_command_line_import_is_recorded_without_a_user(house, tmp_path):
    path = tmp_path / "attendance.csv"
    path.write_bytes(golden("attendance")[0])
    call_command(
        "parliament_import_csv", "attendance", str(path), "--dry-run", stdout=io.StringIO()
    )
    (run,) = ImportRun.objects.all()
    assert (run.kind, run.user, run.from_command_line, run.file_name, run.outcome) == (
        "parliament.attendance",
        None,
        True,
        "attendance.csv",
        "checked",
    )


def test_a_popolo_run_is_recorded_too(organizer):
    with pytest.raises(PopoloImportError):
        PopoloImporter().run(b"{not json", actor=organizer, dry_run=True, file_name="x.json")
    (run,) = ImportRun.objects.all()
    assert (run.kind, run.outcome, run.summary) == ("parliament.popolo", "refused", {"errors": 1})
    assert run.file_sha256 == hashlib.sha256(b"{not json").hexdigest()


def test_the_election_importer_hashes_the_whole_stream():
    from jisr.elections.importers import election_import

    election = new_election()
    data = ("constituency,list,votes\n" + "nowhere,1,5\n" * 50_000).encode()
    with pytest.raises(ImportFailed):
        election_import("lists", io.BytesIO(data), election=election, actor="system:test")
    (run,) = ImportRun.objects.all()
    assert run.file_sha256 == hashlib.sha256(data).hexdigest()
    assert run.kind == "elections.lists" and run.outcome == "refused"


def _runs_page(client):
    with translation.override("en"):
        return client.get(reverse("staff:import_runs"), HTTP_ACCEPT_LANGUAGE="en")


def test_organizers_list_the_runs_in_a_fixed_number_of_queries(
    client, house, organizer, django_assert_num_queries
):
    for _ in range(3):
        csv_import("votes", golden("votes")[0], actor=organizer, dry_run=True, file_name="v.csv")
    csv_import("attendance", golden("attendance")[0], actor="system:command-line")
    organizer.preferred_language = "en"
    organizer.save(update_fields=["preferred_language"])
    signed_in(client, organizer)
    with django_assert_num_queries(7):  # with the menu's count of share kit posts to review
        response = _runs_page(client)
    page = response.content.decode()
    assert page.count("<bdi>v.csv</bdi>") == 3
    assert page.count("Checked, nothing written") == 3 and "Imported" in page
    assert "Attendance" in page and "Command line" in page
    assert f"<bdi>{organizer.display_name}</bdi>" in page
    assert "10 rows; 12 changes" in page


def test_moderators_may_not_list_the_runs(client, moderator):
    signed_in(client, moderator)
    assert client.get(reverse("staff:import_runs")).status_code == 403


def test_erasing_the_person_keeps_their_runs_without_them(house, organizer):
    with_mfa(UserFactory(roles=[Role.ORGANIZER]))  # not the last organizer
    csv_import("votes", golden("votes")[0], actor=organizer, dry_run=True)
    user_erase(user=organizer)
    (run,) = ImportRun.objects.all()
    assert run.user is None and not run.from_command_line


def test_the_progress_bar_writes_a_line_every_tenth_to_a_log():
    log = io.StringIO()
    bar = ProgressBar(log, lambda done, total: f"{done}/{total}")
    for done in range(0, 101, 5):
        bar(done, 100)
    bar.finish()
    lines = log.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[-1].endswith("100% 100/100") and lines[5].endswith(" 50% 50/100")
