"""A full upload folder, for real: a tiny tmpfs is mounted as MEDIA_ROOT and filled up.
Uploads then fail with a clear message, leave no partial file, change nothing, and the
rest of the site goes on working. Mounting needs root; CI runs as root and requires it
(JISR_FAULT_TESTS=required)."""

import os
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from jisr.core.storage import no_room_error

from ..conftest import signed_in
from ..parliament.conftest import Parliament
from ..parliament.test_staff_entry import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_media(tmp_path, settings):
    folder = tmp_path / "media"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        if os.environ.get("JISR_FAULT_TESTS") == "required":
            pytest.fail(f"cannot mount a small tmpfs: {mounted.stderr.decode()}")
        pytest.skip("mounting a small file system needs root")
    try:
        try:
            with open(folder / "filler", "wb") as filler:
                while True:
                    filler.write(b"\0" * 4096)
                    filler.flush()
        except OSError:
            pass  # the disk is full
        settings.MEDIA_ROOT = folder
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_photo_upload_on_a_full_disk_fails_cleanly(client, organizer, full_media):
    parliament = Parliament()
    person = parliament.members[0]
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:person_edit", args=[person.pk]),
        {"name": "اسم جديد", "gender": "", "photo": photo_upload()},
    )
    assert response.status_code == 200
    with translation.override("ar"):
        message = no_room_error().messages[0]
    assert escape(message) in response.content.decode()
    person.refresh_from_db()
    assert person.name == "علي حسن" and not person.photo  # nothing changed at all
    assert sorted(p.name for p in full_media.rglob("*") if p.is_file()) == ["filler"]
    # Everything that does not write to the upload folder still works.
    assert client.get(reverse("parliament:representative", args=[person.pk])).status_code == 200
    assert client.get(reverse("proposals:list")).status_code == 200


def test_an_import_upload_on_a_full_disk_fails_cleanly(client, organizer, full_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signed_in(client, organizer)
    csv = "vote_event,person,option\n" + "x,y,yes\n" * 20_000  # bigger than the free space
    response = client.post(
        reverse("parliament_staff:import_upload"),
        {"kind": "votes", "scheme": "jisr", "file": SimpleUploadedFile("votes.csv", csv.encode())},
    )
    assert response.status_code == 200
    with translation.override("ar"):
        message = no_room_error().messages[0]
    assert escape(message) in response.content.decode()
    assert sorted(p.name for p in full_media.rglob("*") if p.is_file()) == ["filler"]
