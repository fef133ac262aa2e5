"""`jisr worker` keeps the task worker running: a database restart makes the worker exit,
and it is started again by itself (the real restart is in bench/faults.py)."""

import signal
import subprocess
import sys
import time
from pathlib import Path

JISR = Path(sys.executable).with_name("jisr")


def test_the_worker_is_started_again_after_it_stops_on_an_error(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "JISR_ENV": "development",
        "DATABASE_URL": "postgres://jisr:jisr@127.0.0.1:1/unreachable",  # refused at once
        "JISR_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "supervisor-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    }
    worker = subprocess.Popen(
        [JISR, "worker"], env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        restarts = []
        deadline = time.monotonic() + 60
        while len(restarts) < 2 and time.monotonic() < deadline:
            line = worker.stderr.readline()
            if "Starting it again" in line:
                restarts.append(line)
        assert len(restarts) == 2, "the worker was not started again"
        assert "in 1 s" in restarts[0] and "in 2 s" in restarts[1]  # it backs off
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) is not None
    finally:
        if worker.poll() is None:
            worker.kill()


def test_the_clock_runs_the_periodic_jobs_when_they_are_due(monkeypatch):
    from collections import Counter

    from jisr import cli

    now = [1000.0]
    ran = []
    monkeypatch.setattr(cli.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(cli.subprocess, "run", lambda command, check: ran.append(command[-1]))
    clock = cli.Clock()

    clock.run_due_jobs()
    assert ran == [command for _, command in cli.CLOCK]  # every job once at start
    for _ in range(24 * 60 * 2):  # a day, looked at every 30 seconds
        now[0] += 30
        clock.run_due_jobs()
    counts = Counter(ran)
    expected = {command: 1 + 24 * 60 * 60 // every for every, command in cli.CLOCK}
    assert counts == expected
    # what each job's period is for: the channel's retries every minute, digests, event
    # reminders and lapsed offers every 5 minutes, outreach reminders hourly, the rest daily
    assert counts["campaigns_channel_posts"] == 1441
    assert counts["reports_tick"] == counts["campaigns_event_reminders"] == 289
    assert counts["campaigns_outreach_reminders"] == 25
    assert counts["proposals_remind"] == counts["treasury_bank_shred"] == 2
