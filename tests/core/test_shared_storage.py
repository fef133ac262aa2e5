"""Files go through Django's storage API, so several app servers can share a volume or an
object store: an import uploaded on one server is confirmed on another, and report PDFs
are kept where every server finds them. Here the storage is Django's in-memory store, which
(like S3) keeps nothing on the local disk."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jisr.parliament.models import VoteEvent

from ..conftest import signed_in
from ..parliament.test_csv_import import URLS, House, golden

pytestmark = pytest.mark.django_db


@pytest.fixture
def object_store(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.mark.urls(URLS)
def test_an_import_uploaded_on_one_server_is_confirmed_on_another(organizer, object_store):
    House()
    first_server, second_server = Client(), Client()
    signed_in(first_server, organizer)
    upload = first_server.post(
        reverse("parliament_staff:import_upload"),
        {
            "kind": "votes",
            "scheme": "popolo",
            "file": SimpleUploadedFile("v.csv", golden("votes")[0]),
        },
    )
    assert upload.status_code == 302
    assert len(default_storage.listdir("imports")[1]) == 1  # waiting in the store
    # The same session (the cookie) reaches the other server; the file is in the storage.
    second_server.cookies = first_server.cookies
    done = second_server.post(reverse("parliament_staff:import_confirm"), {"action": "import"})
    assert done.status_code == 200 and VoteEvent.objects.count() == 2
    assert default_storage.listdir("imports")[1] == []  # and the file is gone
