"""The nightly open-data dump: the same data gives the same bytes, every checksum
verifies, and nothing private is in it."""

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from jisr.accounts.models import User
from jisr.api import opendata
from jisr.parliament.models import Vote
from jisr.parliament.selectors import known_vote_events
from jisr.proposals.models import PUBLIC_ROWS, Proposal

DAY = dt.date(2026, 12, 7)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo_load", stdout=io.StringIO())


def _folder_bytes(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_rebuilding_gives_the_same_bytes_and_the_checksums_verify(demo, tmp_path):
    folder = opendata.write_dump(DAY)
    first = _folder_bytes(folder)
    first_zip = (tmp_path / "opendata" / "jisr-opendata-2026-12-07.zip").read_bytes()
    # Rows written in another order and a later time change nothing.
    Vote.objects.order_by("-pk").first().save()
    folder = opendata.write_dump(DAY)
    assert _folder_bytes(folder) == first
    assert (tmp_path / "opendata" / "jisr-opendata-2026-12-07.zip").read_bytes() == first_zip

    assert {"jisr.json", "popolo.json", "README.txt", "LICENSE.txt", "SHA256SUMS"} <= set(first)
    assert {f"csv/{t.name}.csv" for t in opendata.TABLES} <= set(first)
    sums = first["SHA256SUMS"].decode().splitlines()
    assert len(sums) == len(first) - 1
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256(first[name]).hexdigest() == digest
    with zipfile.ZipFile(io.BytesIO(first_zip)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        for info in archive.infolist():
            assert info.date_time == opendata.ZIP_TIME
            assert archive.read(info) == first[info.filename.split("/", 1)[1]]
    assert b"ODbL" in first["LICENSE.txt"] or b"Open Database License" in first["LICENSE.txt"]
    # The tables have rows: the demo's representatives and votes are in.
    data = json.loads(first["jisr.json"])
    assert data["people"] and data["vote_events"] and data["votes"] and data["proposals"]


def test_nothing_private_is_in_the_dump(demo):
    files = opendata.build_files()
    everything = b"\n".join(files.values()).decode()
    emails = list(User.objects.values_list("email", flat=True))
    assert emails
    for email in emails:
        assert email not in everything
    not_public = Proposal.objects.exclude(PUBLIC_ROWS)
    assert not_public.exists(), "the demo should hold a proposal the public does not see"
    public_ids = set(Proposal.objects.filter(PUBLIC_ROWS).values_list("pk", flat=True))
    dumped = {row["id"] for row in json.loads(files["jisr.json"])["proposals"]}
    assert dumped == public_ids
    for proposal in not_public:
        assert proposal.body not in everything
    for name in User.objects.exclude(display_name="").values_list("display_name", flat=True):
        assert f'"{name}"' not in everything
    assert "author" not in files["csv/proposals.csv"].decode().splitlines()[0]


def test_only_votes_of_events_with_known_votes_are_dumped(demo):
    known = set(known_vote_events().values_list("pk", flat=True))
    rows = json.loads(opendata.build_files()["jisr.json"])["votes"]
    assert rows
    assert {row["vote_event_id"] for row in rows} <= known


def test_the_command_writes_a_dump_and_keeps_the_last_ones(demo, settings, tmp_path):
    settings.JISR_OPENDATA_KEEP = 2
    shutil.rmtree(opendata.root())  # the demo's own dump
    for day in ("2026-12-05", "2026-12-06", "2026-12-07"):
        call_command("opendata_dump", day=dt.date.fromisoformat(day), stdout=io.StringIO())
    assert opendata.dumps() == ["2026-12-07", "2026-12-06"]
    assert not (tmp_path / "opendata" / "2026-12-05").exists()
    # Run again the same day (the worker restarted), it leaves the day's dump as it is.
    zipped = tmp_path / "opendata" / "jisr-opendata-2026-12-07.zip"
    zipped.write_bytes(b"kept")
    call_command("opendata_dump", day=dt.date(2026, 12, 7), stdout=io.StringIO())
    assert zipped.read_bytes() == b"kept"
    call_command("opendata_dump", day=dt.date(2026, 12, 7), force=True, stdout=io.StringIO())
    assert zipped.read_bytes().startswith(b"PK")


def test_the_download_page_lists_the_latest_dump(demo, client, django_assert_num_queries):
    client.cookies["jisr_language"] = "en"
    assert opendata.dumps(), "the demo writes a dump, so the page has one to offer"
    for day in opendata.dumps():
        (opendata.root() / f"jisr-opendata-{day}.zip").unlink()
    with django_assert_num_queries(0):
        empty = client.get(reverse("opendata:index"))
    assert "No dump has been made yet" in empty.content.decode()
    opendata.write_dump(DAY)
    with django_assert_num_queries(0):
        page = client.get(reverse("opendata:index"))
    html = page.content.decode()
    assert reverse("opendata:zip", args=["2026-12-07"]) in html
    assert "Open Database License" in html
    zipped = client.get(reverse("opendata:zip", args=["2026-12-07"]))
    assert zipped.status_code == 200
    sums = client.get(reverse("opendata:file", args=["2026-12-07", "SHA256SUMS"]))
    assert b"csv/people.csv" in b"".join(sums.streaming_content)
    assert client.get(reverse("opendata:file", args=["2026-12-07", "../x"])).status_code == 404
    assert client.get(reverse("opendata:zip", args=["2026-12-08"])).status_code == 404


def test_the_api_docs_link_the_dump(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/open-data/" in schema["info"]["description"]
