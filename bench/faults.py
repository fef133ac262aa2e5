"""Faults, for real and on loopback: PostgreSQL restarted under load.

`jisr serve` and `jisr worker` run with the production settings while visitors read
(cached and uncached pages), a member reads their own pages and members submit
proposals. PostgreSQL is then stopped (fast shutdown, as a restart or failover does) and
started again a few seconds later. It checks that:

- during the outage, pages that need the database answer a translated 503 page at once
  (no stack trace, no 500, no hang: every request has a deadline);
- the site comes back by itself within seconds after the database does;
- every proposal the server acknowledged is in the database afterwards;
- the task worker survives and runs the tasks queued after the outage.

The other two faults are tests of the suite, run by bench/prove.py: the worker killed
mid-digest (tests/reports/test_worker_kill.py) and a full upload folder
(tests/core/test_disk_full.py).

    .venv/bin/python bench/faults.py --database-url postgres://…/jisr_scale
"""

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from harness import BENCH, Client, Processes, log
from load import Writers, first_topic_id, load_accounts, missing_proposals, public_proposal_ids

HANG_SECONDS = 10.0
CLUSTER = ["15", "main"]  # the cluster serving --database-url (pg_ctlcluster's names)


def postgres(action: str) -> None:
    command = ["pg_ctlcluster", *CLUSTER, action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True)


class Observer:
    """Readers that log every response: when, what, how, and how long it took."""

    def __init__(self, base: str, member_email: str | None):
        self.base, self.member_email = base, member_email
        self.log: list[dict] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.start_time = time.monotonic()

    def record(self, kind: str, response=None, error: str | None = None, seconds=0.0) -> None:
        entry = {"t": time.monotonic() - self.start_time, "kind": kind, "seconds": seconds}
        if response is not None:
            entry.update(status=response.status, seconds=response.seconds)
            if response.status == 503:
                entry["body"] = response.text
        else:
            entry.update(status=None, error=error)
        with self.lock:
            self.log.append(entry)

    def visitor(self, kind: str, paths, client: Client | None = None) -> None:
        client = client or Client(
            self.base, address=f"192.0.2.{random.randrange(1, 250)}", timeout=HANG_SECONDS
        )
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                self.record(kind, client.get(paths()))
            except OSError as error:
                self.record(
                    kind, error=f"{type(error).__name__}: {error}", seconds=time.monotonic() - start
                )
                client.close()
            self.stop.wait(0.05)

    def start(self) -> list[threading.Thread]:
        member = Client(self.base, address="192.0.2.250", timeout=HANG_SECONDS)
        member.sign_in(self.member_email)  # before the clock starts

        def search():  # a new query each time: never in the page cache
            return "/search/?" + urlencode({"q": f"مقترح {random.randrange(10**6)}"})

        readers = [
            ("search", search, None),
            ("home", lambda: "/", None),  # cached: it may go on answering
            ("member", lambda: "/proposals/mine/", member),  # signed in: never cached
        ]
        threads = [
            threading.Thread(target=self.visitor, args=reader, daemon=True) for reader in readers
        ]
        for thread in threads:
            thread.start()
        return threads


def translated_503_title() -> str:
    from django.utils import translation

    from jisr.core.views import ERRORS

    with translation.override("ar"):
        return str(ERRORS["service_unavailable"][1])


def queued_tasks_left() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def database_restart(database_url: str, *, short: bool) -> dict:
    accounts = load_accounts(database_url)  # sets Django up in this process
    if len(accounts) < 2:
        sys.exit("No load accounts: run generate_scale_data with --load-accounts.")
    title = translated_503_title()
    before, outage, after = (4, 6, 10) if short else (10, 8, 30)
    processes = Processes(database_url)
    log(f"▶ PostgreSQL restart under load ({before} s, {outage} s down, {after} s after)")
    try:
        processes.start_server()
        processes.start_worker()
        observer = Observer(processes.base, accounts[0])
        writers = Writers(processes.base, accounts[1:], first_topic_id(), public_proposal_ids())
        threads = observer.start() + writers.start(2, 0.3)
        time.sleep(before)
        down_at = time.monotonic() - observer.start_time
        postgres("stop")
        time.sleep(outage)
        postgres("start")
        up_at = time.monotonic() - observer.start_time
        time.sleep(after)
        observer.stop.set()
        writers.stop.set()
        for thread in threads:
            thread.join(HANG_SECONDS * 2)
        # New work after the outage: does the worker still take it?
        from django.db import connection

        connection.close()
        deadline = time.monotonic() + 30
        while queued_tasks_left() and time.monotonic() < deadline:
            time.sleep(1)
        tasks_left = queued_tasks_left()
        worker_alive = processes.worker.poll() is None
        lost = missing_proposals(writers.acknowledged)
    finally:
        processes.cleanup()
        if (
            subprocess.run(["pg_ctlcluster", *CLUSTER, "status"], capture_output=True).returncode
            != 0
        ):
            postgres("start")

    log_ = observer.log
    db_kinds = {"search", "member"}
    outage_503 = [e for e in log_ if e["status"] == 503]
    bad_503 = [
        e for e in outage_503 if title not in e.get("body", "") or 'lang="ar"' not in e["body"]
    ]
    errors_5xx = [e for e in log_ if e["status"] and e["status"] >= 500 and e["status"] != 503]
    no_answer = [e for e in log_ if e["status"] is None]
    slowest = max((e["seconds"] for e in log_), default=0.0)
    recovered = [
        e["t"] for e in log_ if e["kind"] in db_kinds and e["status"] == 200 and e["t"] > up_at
    ]
    recovery = (min(recovered) - up_at) if recovered else None
    cached_during = [e for e in log_ if e["kind"] == "home" and down_at < e["t"] < up_at]
    return {
        "timeline_s": {"down": round(down_at, 1), "up": round(up_at, 1)},
        "responses": len(log_),
        "503": len(outage_503),
        "503_not_translated": len(bad_503),
        "other_5xx": len(errors_5xx),
        "no_answer": [e["error"] for e in no_answer][:10],
        "slowest_s": round(slowest, 2),
        "slow": [_brief(e) for e in log_ if e["seconds"] > 1][:10],
        "recovery_s": None if recovery is None else round(recovery, 2),
        "cached_home_during_outage": f"{sum(e['status'] == 200 for e in cached_during)}"
        f"/{len(cached_during)}",
        "writes": {
            "acknowledged": len(writers.acknowledged),
            "lost": lost,
            "statuses": writers.statuses,
        },
        "worker_alive": worker_alive,
        "tasks_left": tasks_left,
    }


def _brief(entry: dict) -> dict:
    return {key: entry[key] for key in ("t", "kind", "status", "seconds")}


def problems(result: dict) -> list[str]:
    found = []
    if result["other_5xx"]:
        found.append(f"{result['other_5xx']} responses were a 5xx other than 503")
    if result["503_not_translated"]:
        found.append(f"{result['503_not_translated']} 503 pages were not the translated page")
    if not result["503"]:
        found.append("no request met the outage: the fault was not exercised")
    if result["slowest_s"] >= HANG_SECONDS:
        found.append(f"a request hung for {result['slowest_s']} s")
    if result["recovery_s"] is None or result["recovery_s"] > 10:
        found.append(f"the site did not come back within 10 s ({result['recovery_s']})")
    if result["writes"]["lost"]:
        found.append(f"acknowledged proposals lost: {result['writes']['lost']}")
    if not result["worker_alive"] or result["tasks_left"]:
        found.append(
            f"the worker did not carry on (alive: {result['worker_alive']}, "
            f"tasks left: {result['tasks_left']})"
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--cluster", default=" ".join(CLUSTER), help='e.g. "15 main"')
    options = parser.parse_args()
    CLUSTER[:] = options.cluster.split()
    result = database_restart(options.database_url, short=options.short)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if options.json:
        options.json.write_text(text)
    print(text)
    found = problems(result)
    for problem in found:
        log(f"✗ {problem}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
