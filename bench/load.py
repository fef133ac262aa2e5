"""Load: the production server under a realistic mix, with its floor measured side by side.

`jisr serve` (gunicorn, production settings, PostgreSQL) answers wrk on loopback, from a
second process. First every read page alone, 32 connections each, interleaved with the
**floor** (/health/live: the same server, a view that touches no database, the fastest
any page can be here); each page's throughput is reported as a share of the floor's.
Then the mix: wrk cycles through every read page while signed-in members submit and
support proposals; every proposal the server acknowledged is checked in the database
afterwards.

    .venv/bin/python bench/load.py --database-url postgres://…/jisr_scale   # 5-minute mix
    .venv/bin/python bench/load.py --short                                     # CI: ~20 s

Run by bench/prove.py, which builds the data first (generate_scale_data).
"""

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from harness import BENCH, Client, Processes, SignInRefused, log, wrk

FLOOR = "/health/live"
GOALS = {"floor_share": 0.5, "p99_ms": 100.0}


# --- What to request ----------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    """Django in this process, on the server's database, to choose pages and check writes."""
    import os

    from django.conf import settings

    if settings.configured:
        return
    os.environ.update(
        JISR_ENV="development",
        DATABASE_URL=database_url,
        SECRET_KEY="load-harness-only-0123456789-0123456789-0123456789",
        JISR_DATA_DIR=tempfile.mkdtemp(prefix="jisr-load-harness-"),
        DJANGO_SETTINGS_MODULE="jisr.settings",
    )
    import django

    django.setup()


def pick_pages(database_url: str) -> dict[str, str]:
    """One of each kind of page, chosen among the busiest records."""
    setup_django(database_url)
    from django.db.models import Count

    from jisr.elections.models import Election
    from jisr.parliament.models import Person, VoteEvent
    from jisr.proposals import states
    from jisr.proposals.models import Proposal
    from jisr.reports.models import MonthlyReport

    person = Person.objects.annotate(n=Count("votes")).order_by("-n", "pk").first()
    vote_event = VoteEvent.objects.order_by("-pk").first()
    proposal = (
        Proposal.objects.filter(status__in=states.PUBLIC, hidden=False)
        .order_by("-support_count", "pk")
        .first()
    )
    word = (proposal.title.split() or ["قانون"])[0] if proposal else "قانون"
    pages = {
        "home": "/",
        "representatives": "/representatives/",
        "profile": f"/representatives/{person.pk}/" if person else None,
        "vote event": f"/votes/{vote_event.pk}/" if vote_event else None,
        "proposals": "/proposals/",
        "proposal": f"/proposals/{proposal.pk}/" if proposal else None,
        "search": "/search/?" + __import__("urllib.parse").parse.urlencode({"q": word}),
        "election": f"/elections/{election.pk}/"
        if (election := Election.objects.order_by("-pk").first())
        else None,
        "report": f"/reports/{report.pk}/"
        if (report := MonthlyReport.objects.filter(status="published").order_by("-pk").first())
        else "/reports/",
    }
    missing = [name for name, path in pages.items() if path is None]
    if missing:
        sys.exit(f"The database has no data for: {', '.join(missing)}. Run generate_scale_data.")
    return pages


def load_accounts(database_url: str) -> list[str]:
    setup_django(database_url)
    from jisr.accounts.models import User

    return list(
        User.objects.filter(email__startswith="load-")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def public_proposal_ids(limit: int = 500) -> list[int]:
    from jisr.proposals import states
    from jisr.proposals.models import Proposal

    return list(
        Proposal.objects.filter(status__in=states.PUBLIC, hidden=False)
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )


def missing_proposals(ids: list[int]) -> list[int]:
    from jisr.proposals.models import Proposal

    found = set(Proposal.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(set(ids) - found)


# --- Writers: signed-in members submitting and supporting ----------------------------------


class Writers:
    """Members who sign in, submit proposals and support others, each from their own
    address, paced so the rate limits (5 submissions an hour per member) are respected.
    Every proposal id the server acknowledged (302 to its page) is kept."""

    def __init__(self, base: str, accounts: list[str], topic_id: int, support_ids: list[int]):
        self.base, self.topic_id, self.support_ids = base, topic_id, support_ids
        self.accounts = list(accounts)
        self.lock = threading.Lock()
        self.acknowledged: list[int] = []
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def _account(self) -> str | None:
        with self.lock:
            return self.accounts.pop() if self.accounts else None

    def _record(self, response, what: str) -> None:
        with self.lock:
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            self.latencies.append(response.seconds * 1000)
            if response.status >= 500 and response.status != 503:
                self.errors.append(f"{what}: HTTP {response.status}")

    def signed_in_client(self, index: int, rng: random.Random) -> Client | None:
        email = self._account()
        if email is None:
            return None
        client = Client(self.base, address=f"198.51.{index}.{rng.randrange(1, 250)}")
        client.sign_in(email)
        client.email = email
        return client

    def run_one(self, index: int, pause: float, client: Client | None) -> None:
        rng = random.Random(index)
        while not self.stop.is_set():
            try:
                client = client or self.signed_in_client(index, rng)
                if client is None:
                    return
                for n in range(5):  # the hourly submission limit of one member
                    if self.stop.is_set():
                        return
                    self.submit(client, f"{client.email} {n}")
                    self.stop.wait(pause)
                    if self.support_ids:
                        self.support(client, rng.choice(self.support_ids))
                    self.stop.wait(pause)
            except OSError as error:  # refused or timed out: the server is down or hung
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
                self.stop.wait(0.5)
            except SignInRefused:  # the database is down (a 503): the next member tries
                self.stop.wait(0.5)
            finally:
                if client is not None:
                    client.close()
                client = None

    def submit(self, client: Client, marker: str) -> None:
        response = client.post(
            "/proposals/new/",
            {
                "title": f"مقترح تحميل {marker}",
                "body": "نص مقترح تجريبي خيالي لاختبار التحميل، يصف مشكلة وحلًا مقترحًا.",
                "topic": self.topic_id,
                "language": "ar",
                "action": "confirm",
            },
        )
        self._record(response, "submit")
        location = response.headers.get("Location", "")
        if response.status == 302 and (match := re.search(r"/proposals/(\d+)/$", location)):
            with self.lock:
                self.acknowledged.append(int(match.group(1)))

    def support(self, client: Client, pk: int) -> None:
        self._record(client.post(f"/proposals/{pk}/support/", {}), "support")

    def start(self, threads: int, pause: float) -> list[threading.Thread]:
        """Sign the first members in (before the clock starts), then let them write."""
        clients = [self.signed_in_client(i, random.Random(i)) for i in range(threads)]
        workers = [
            threading.Thread(target=self.run_one, args=(i, pause, client), daemon=True)
            for i, client in enumerate(clients)
        ]
        for worker in workers:
            worker.start()
        return workers


def first_topic_id() -> int:
    from jisr.proposals.models import Topic

    return Topic.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[0]


# --- Runs -----------------------------------------------------------------------------------


def warm_up(base: str, path: str, requests: int = 12) -> None:
    """A few requests on new connections first, so that every server process has built
    its own caches: the runs measure the steady state, not the first visitor."""
    for _ in range(requests):
        client = Client(base)
        client.get(path)
        client.close()


def per_page(processes: Processes, pages: dict[str, str], seconds: float) -> dict:
    """Each page alone, the floor before, between and after; shares of the floor."""
    results: dict[str, dict] = {}
    floors = []
    order = list(pages.items())
    half = len(order) // 2
    for index, (name, path) in enumerate(order):
        if index in (0, half):
            floors.append(wrk(processes.base + FLOOR, seconds))
        log(f"  {name} {path}")
        warm_up(processes.base, path)
        results[name] = {"path": path, **wrk(processes.base + path, seconds)}
    floors.append(wrk(processes.base + FLOOR, seconds))
    floor_rps = statistics.mean(f["rps"] for f in floors)
    for result in results.values():
        result["share"] = result["rps"] / floor_rps
    return {"floor": {"rps": floor_rps, "runs": floors}, "pages": results}


MIX_LUA = """
paths = {paths}
counter = 0
fivexx = 0
threads = {{}}
function setup(thread) table.insert(threads, thread) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("fivexx") end
  io.write("5xx: " .. total .. "\\n")
end
"""


def mixed(
    processes: Processes,
    pages: dict[str, str],
    seconds: float,
    accounts: list[str],
    writer_threads: int,
    pause: float,
) -> dict:
    """Every read page in turn on 32 connections while members write."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua_paths = "{" + ", ".join(json.dumps(p) for p in pages.values()) + "}"
    script.write_text(MIX_LUA.format(paths=lua_paths))
    for path in pages.values():
        warm_up(processes.base, path)
    writers = Writers(processes.base, accounts, first_topic_id(), public_proposal_ids())
    threads = writers.start(writer_threads, pause)
    try:
        reads = wrk(processes.base + "/", seconds, script=script)
    finally:
        writers.stop.set()
        for thread in threads:
            thread.join(30)
        script.unlink()
    lost = missing_proposals(writers.acknowledged)
    latencies = sorted(writers.latencies) or [0.0]
    return {
        "seconds": seconds,
        "reads": reads,
        "writes": {
            "requests": len(writers.latencies),
            "statuses": writers.statuses,
            "acknowledged": len(writers.acknowledged),
            "lost": lost,
            "errors": writers.errors[:20],
            "p50_ms": latencies[len(latencies) // 2],
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        },
    }


def run(database_url: str, *, short: bool, page_cache: bool = True) -> dict:
    pages = pick_pages(database_url)
    accounts = load_accounts(database_url)
    if not accounts:
        sys.exit("No load accounts: run generate_scale_data with --load-accounts.")
    processes = Processes(database_url, page_cache=page_cache)
    log(f"▶ Load on {processes.base} (page cache {'on' if page_cache else 'off'})")
    try:
        processes.start_server()
        page_seconds = 1 if short else 10
        mix_seconds = 10 if short else 300
        log(f"  each page alone, {page_seconds:g} s each")
        single = per_page(processes, pages, page_seconds)
        log(f"  the mix, {mix_seconds:g} s, with members writing")
        mix = mixed(
            processes,
            pages,
            mix_seconds,
            accounts,
            writer_threads=2 if short else 4,
            pause=0.2 if short else 0.5,
        )
        statuses = processes.status_counts()
    finally:
        processes.cleanup()
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    return {
        "page_cache": page_cache,
        **single,
        "mix": mix,
        "server_statuses": statuses,
        "server_errors": server_errors,
    }


def problems(result: dict) -> list[str]:
    """What makes the run fail (CI): any 5xx, any lost write, any socket error."""
    found = []
    if result["server_errors"]:
        found.append(f"{result['server_errors']} responses with a 5xx status")
    if result["mix"]["writes"]["lost"]:
        found.append(f"acknowledged proposals missing: {result['mix']['writes']['lost']}")
    if result["mix"]["writes"]["errors"]:
        found.append(f"write errors: {result['mix']['writes']['errors']}")
    if not result["mix"]["writes"]["acknowledged"]:
        found.append("no proposal was acknowledged: the writers did not work")
    for name, page in result["pages"].items():
        if page["socket_errors"] or page["non_2xx_3xx"]:
            found.append(
                f"{name}: {page['non_2xx_3xx']} bad statuses, {page['socket_errors']} socket errors"
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--short", action="store_true", help="the CI mode, about 20 seconds")
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there")
    options = parser.parse_args()
    result = run(options.database_url, short=options.short, page_cache=not options.no_page_cache)
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
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
