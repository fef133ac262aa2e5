"""Exactly once, for real: a `jisr worker` process is killed (SIGKILL) in the middle of
a batch of digests, `jisr manage reports_tick` queues again what it left, a new worker
finishes the job, and every subscriber has received the digest once.

It runs against a database of its own (a SQLite file, or a PostgreSQL database next to
the test database when the suite runs on PostgreSQL), since the worker is another
process; mail goes to files (Django's file backend), which survive the kill.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SUBSCRIBERS = int(os.environ.get("JISR_WORKER_KILL_SUBSCRIBERS", "12"))  # more in dev.py prove
BATCH = 5
JISR = Path(sys.executable).with_name("jisr")

SEED = """
import django
django.setup()
from datetime import timedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from jisr.parliament.models import Activity, Organization, Person, Term
from jisr.reports import digests
from jisr.reports.models import DigestRun, Subscriber, Subscription

now = timezone.now()
house = Organization.objects.create(name="مجلس", classification="legislature", name_key="x")
term = Term.objects.create(legislature=house, identifier="t", name="t", start_date=now.date())
person = Person.objects.create(name="سلوى النجمي", name_key="x", is_fictional=True)
Activity.objects.create(person=person, term=term, kind="speech", date=now.date(), title="مداخلة")
kind = ContentType.objects.get_for_model(Person)
for n in range({count}):
    subscriber = Subscriber.objects.create(email=f"reader{{n}}@example.net", language="ar")
    Subscription.objects.create(
        subscriber=subscriber, target_type=kind, target_id=person.pk, frequency="weekly",
        confirmed_at=now,
    )
run = DigestRun.objects.create(
    frequency="weekly", period_start=now - timedelta(days=1), period_end=now + timedelta(minutes=1)
)
print(digests.build(run.pk))
"""


class Database:
    """The worker's database, read directly (no Django in this process)."""

    def __init__(self, tmp_path):
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            import psycopg

            parts = urlsplit(url)
            self.name = f"{parts.path.lstrip('/') or 'jisr'}_worker_kill"
            self.admin = url.replace(parts.path, "/postgres")
            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = url.replace(parts.path, f"/{self.name}")
        else:
            self.path = tmp_path / "worker.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def scalar(self, sql: str):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return connection.execute(sql).fetchone()[0]
        with sqlite3.connect(self.path, timeout=20) as connection:
            return connection.execute(sql).fetchone()[0]

    def drop(self):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _sent_to(mail_dir: Path) -> list[str]:
    return [
        line.removeprefix("To: ").strip()
        for path in sorted(mail_dir.glob("*.log"))
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


@pytest.mark.timeout(240)
def test_a_worker_killed_mid_batch_sends_each_digest_exactly_once(tmp_path):
    database = Database(tmp_path)
    env = {
        **os.environ,
        "JISR_ENV": "development",
        "DEBUG": "false",
        "SECRET_KEY": "worker-kill-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "JISR_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database.url,
        "CACHE_URL": "locmem://",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "JISR_SITE_URL": "https://jisr.example.org",
        # 150 a minute: the worker spends its time waiting between two messages, where
        # the kill lands; the delivery records are what must make it safe anywhere.
        "JISR_EMAIL_RATE_PER_MINUTE": "150",
        "JISR_DIGEST_BATCH_SIZE": str(BATCH),
        "JISR_DIGEST_LEASE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("JISR_TEST_POSTGRES_URL", None)
    log = (tmp_path / "worker.log").open("w")
    workers = []
    try:
        subprocess.run([JISR, "manage", "migrate", "-v0"], env=env, check=True, timeout=180)
        seeded = subprocess.run(
            [sys.executable, "-c", SEED.format(count=SUBSCRIBERS)],
            env={**env, "DJANGO_SETTINGS_MODULE": "jisr.settings"},
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert seeded.stdout.strip().splitlines()[-1] == str(SUBSCRIBERS)
        sent = "SELECT count(*) FROM reports_digestdelivery WHERE status = 'sent'"

        workers.append(subprocess.Popen([JISR, "worker"], env=env, stdout=log, stderr=log))
        _wait_for(lambda: database.scalar(sent) >= 3, 120, "the first digests")
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)

        after_kill = database.scalar(sent)
        assert 3 <= after_kill < BATCH, "the worker was not killed in the middle of a batch"
        assert database.scalar(
            "SELECT count(*) FROM reports_digestbatch WHERE number = 0 AND finished_at IS NULL"
        )
        # The killed task stays "running" in the queue forever: the queue alone would
        # never finish this batch.
        assert database.scalar(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        )
        time.sleep(2.5)  # the batch's heartbeat is now older than the lease
        tick = subprocess.run(
            [JISR, "manage", "reports_tick"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "batches queued again: 1" in tick.stdout

        workers.append(subprocess.Popen([JISR, "worker"], env=env, stdout=log, stderr=log))
        _wait_for(lambda: database.scalar(sent) == SUBSCRIBERS, 120, "every digest")
        time.sleep(1)  # anything sent twice would show up by now
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        log.close()

    try:
        addresses = _sent_to(tmp_path / "data" / "mail")
        expected = sorted(f"reader{n}@example.net" for n in range(SUBSCRIBERS))
        assert sorted(addresses) == expected, (tmp_path / "worker.log").read_text()[-3000:]
        assert database.scalar("SELECT max(attempts) FROM reports_digestdelivery") == 1
        assert (
            database.scalar("SELECT count(*) FROM reports_digestbatch WHERE finished_at IS NULL")
            == 0
        )
    finally:
        database.drop()
