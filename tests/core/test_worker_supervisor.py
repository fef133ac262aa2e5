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
    from jisr import cli

    now = [1000.0]
    ran = []
    monkeypatch.setattr(cli.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(cli.subprocess, "run", lambda command, check: ran.append(command[-1]))
    clock = cli.Clock()
    clock.run_due_jobs()
    often = ["reports_tick", "campaigns_event_reminders", "campaigns_waitlist_expire"]
    daily = [
        "proposals_remind",
        "treasury_expire_pending",
        "treasury_bank_shred",
        "treasury_instalments_due",
    ]
    assert ran == [*often, *daily]  # at start
    now[0] += 60
    clock.run_due_jobs()
    assert ran == [*often, *daily]  # nothing due yet
    now[0] += 5 * 60
    clock.run_due_jobs()
    # digests, reminders and lapsed offers every 5 minutes, the rest once a day
    assert ran[len(often) + len(daily) :] == often
    now[0] += 24 * 60 * 60
    clock.run_due_jobs()
    assert ran[2 * len(often) + len(daily) :] == [*often, *daily]
