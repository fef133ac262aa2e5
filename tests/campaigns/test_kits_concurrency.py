"""A short link's counter loses no use when many people open it at once: threads, each with
its own PostgreSQL connection, follow the same link together. SQLite has one writer at a
time, so the test is PostgreSQL's:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_kits \\
        python -m pytest tests/campaigns/test_kits_concurrency.py
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from jisr.campaigns.models import ShortLink
from jisr.campaigns.services import kits as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
THREADS = 10
USES = 5  # per thread


def test_parallel_uses_of_a_short_link_are_all_counted():
    link = services.short_link_create(target="/treasury/")
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def follow():
        try:
            client = Client()
            start.wait()
            for _ in range(USES):
                assert client.get(f"/s/{link.code}").status_code == 302
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=follow) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ShortLink.objects.get(pk=link.pk).clicks == THREADS * USES
