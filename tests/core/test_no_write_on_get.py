"""Reading never writes: every page of the site and every read of the JSON API, opened by
every role, runs no INSERT, UPDATE or DELETE. A GET can be repeated by a browser, a crawler
or a prefetching mail client; a change made by one would happen without anyone deciding it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..accounts.test_role_route_matrix import _api_paths, _client, _page_paths
from ..e2e.pages import ANONYMOUS, MEMBER, MODERATOR, OFFICE, ORGANIZER, World

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_no_page_or_api_read_writes_to_the_database():
    world = World()
    paths = {**_page_paths(world), **_api_paths(world)}
    clients = {
        role: _client(world, role) for role in (ANONYMOUS, MEMBER, MODERATOR, ORGANIZER, OFFICE)
    }
    written = []
    for name, path in paths.items():
        for role, client in clients.items():
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
            if writes:
                written.append(f"{name} as {role}: {writes[0][:160]}")
    assert not written, "\n".join(written)
