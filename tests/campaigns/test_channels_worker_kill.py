"""Exactly once on the Telegram channel, for real: a `jisr worker` process runs the task the
publication queued and is killed (SIGKILL) at the two points that matter, while the local
Bot API server (HTTPS, a certificate the worker trusts through SSL_CERT_FILE) holds it:

- during the TLS handshake, before any byte of the request has left: the claim expires and
  `jisr manage campaigns_channel_posts` sends the post — Telegram receives it once;
- after Telegram received the request, before its answer came back: the post may be on the
  channel, so the command puts it in doubt for an organizer and never sends it again —
  Telegram still received it once.

The worker is another process, so it has a database of its own (a SQLite file, or a
PostgreSQL database next to the test database when the suite runs on PostgreSQL).
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from ..reports.test_worker_kill import Database, _wait_for
from .telegram_fake import CHANNEL, HOLD, TOKEN, FakeTelegram

JISR = os.path.join(os.path.dirname(sys.executable), "jisr")
LEASE = 2

SEED = """
import django
django.setup()
from jisr.campaigns.services.channels import channel_post_queue
post = channel_post_queue(
    actor="system:test", kind="report", object_id={object_id},
    text="تقرير المنظمة: آذار 2026\\nhttps://jisr.example.org/reports/{object_id}/",
    url="https://jisr.example.org/reports/{object_id}/",
)
print(post.pk)
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("telegram_worker")
    database = Database(folder)
    env = {
        **os.environ,
        "JISR_ENV": "development",
        "DEBUG": "false",
        "SECRET_KEY": "telegram-kill-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "JISR_DATA_DIR": str(folder / "data"),
        "DATABASE_URL": database.url,
        "CACHE_URL": "locmem://",
        "JISR_SITE_URL": "https://jisr.example.org",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("JISR_TEST_POSTGRES_URL", None)
    subprocess.run([JISR, "manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    yield database, env, folder
    database.drop()


@pytest.fixture
def telegram(database):
    _db, env, folder = database
    with FakeTelegram(tls_dir=folder) as server:
        server.env = {
            **env,
            "JISR_TELEGRAM_BOT_TOKEN": TOKEN,
            "JISR_TELEGRAM_CHANNEL": CHANNEL,
            "JISR_TELEGRAM_API_URL": server.url,
            "SSL_CERT_FILE": server.cafile,
            # The worker waits for Telegram far longer than the test lets it live.
            "JISR_TELEGRAM_TIMEOUT": "60",
            "JISR_TELEGRAM_LEASE_SECONDS": str(LEASE),
        }
        yield server


def _seed(server, object_id: int) -> int:
    seeded = subprocess.run(
        [sys.executable, "-c", SEED.format(object_id=object_id)],
        env={**server.env, "DJANGO_SETTINGS_MODULE": "jisr.settings"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return int(seeded.stdout.strip().splitlines()[-1])


def _command(server) -> str:
    done = subprocess.run(
        [JISR, "manage", "campaigns_channel_posts"],
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout


def _post(db, pk: int, column: str):
    return db.scalar(f"SELECT {column} FROM campaigns_channelpost WHERE id = {pk}")


def _kill(worker) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)


def _worker(server, folder):
    log = (folder / "worker.log").open("a")
    return subprocess.Popen([JISR, "worker"], env=server.env, stdout=log, stderr=log)


@pytest.mark.timeout(300)
def test_a_worker_killed_before_the_request_left_sends_the_post_once_later(database, telegram):
    db, _env, folder = database
    telegram.stall_handshake = True
    pk = _seed(telegram, object_id=1)
    worker = _worker(telegram, folder)
    try:
        _wait_for(lambda: telegram.stalled >= 1, 120, "the worker to connect")
        # Claimed and committed, the request not dispatched: the worker is in the handshake.
        assert _post(db, pk, "state") == "sending"
        assert _post(db, pk, "dispatched_at") is None
        _kill(worker)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert telegram.received == []  # nothing of the request reached Telegram
    telegram.stall_handshake = False
    telegram.release()

    assert _post(db, pk, "lease_until") is not None
    time.sleep(LEASE + 0.5)  # the dead worker's claim has expired
    assert "sent: 1" in _command(telegram)
    assert _command(telegram).strip().endswith("nothing due.")
    assert len(telegram.received) == 1
    method, params = telegram.received[0]
    assert (method, params["chat_id"]) == ("sendMessage", CHANNEL)
    assert params["text"].endswith("https://jisr.example.org/reports/1/")
    assert _post(db, pk, "state") == "sent"
    assert _post(db, pk, "message_id") == 100
    assert _post(db, pk, "attempts") == 2


@pytest.mark.timeout(300)
def test_a_worker_killed_after_telegram_received_the_request_never_sends_it_twice(
    database, telegram
):
    db, _env, folder = database
    telegram.script(HOLD)
    pk = _seed(telegram, object_id=2)
    worker = _worker(telegram, folder)
    try:
        _wait_for(lambda: len(telegram.received) >= 1, 120, "Telegram to receive the request")
        # The mark was committed before the request was written.
        assert _post(db, pk, "state") == "sending"
        assert _post(db, pk, "dispatched_at") is not None
        _kill(worker)
    finally:
        if worker.poll() is None:
            worker.kill()
    telegram.release()

    time.sleep(LEASE + 0.5)
    assert "uncertain: 1" in _command(telegram)
    assert _post(db, pk, "state") == "uncertain"
    assert _post(db, pk, "reason") == "worker_stopped"
    # Later runs (and a new worker) leave it to an organizer.
    _command(telegram)
    worker = _worker(telegram, folder)
    time.sleep(3)
    _kill(worker)
    assert _post(db, pk, "state") == "uncertain"
    assert len(telegram.received) == 1
