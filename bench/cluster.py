"""Two app servers behind HAProxy, sharing PostgreSQL and Redis: what several machines need.

Two `jisr serve` processes on two ports of this machine (the same settings, the same data
folder — the shared volume —, `CACHE_URL` on a Redis started here) behind Debian's HAProxy,
round robin. Measured and checked, in one run:

- **a correction made on one server, seen on both**: a representative's page is cached on
  both, a correction is committed (through the service, from a third process on the same
  database and cache), and both servers are polled until they show it;
- **a rate limit across both servers**: a member submits proposals alternately through each
  server; a limit of N an hour allows N in total, not 2N;
- **the mix with 30% signed-in traffic** through the proxy (wrk; signed-in members' cookies on
  three requests in ten, with writers submitting and supporting alongside): p99, 5xx, and
  every acknowledged write found in the database;
- **Redis restarted under load** (during a second mix): 0 5xx other than translated 503s,
  0 lost acknowledged writes;
- **throughput of two servers against one** on the same two cores (the read mix).

    .venv/bin/python bench/cluster.py --database-url postgres://…/jisr_scale_short

Needs the scale data (bench/prove.py builds it), `redis-server` and `haproxy` (installed
with apt when missing, as root), and wrk.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import ROOT, Client, Processes, free_port, log, wrk
from load import (
    MIX_LUA,
    Writers,
    first_topic_id,
    load_accounts,
    missing_proposals,
    pick_pages,
    public_proposal_ids,
    setup_django,
    warm_up,
)

sys.path.insert(0, str(ROOT))
import dev  # apt installs, as dev.py test does

GOALS = {"correction_seconds": 1.0, "p99_ms": 100.0}
SIGNED_IN_SHARE = 0.3


class Redis:
    """A Redis of this run's own, on a free port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        for _ in range(50):
            ping = ["redis-cli", "-p", str(self.port), "ping"]
            if subprocess.run(ping, capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("Redis did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


HAPROXY = """
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend jisr
    bind 127.0.0.1:{port}
    default_backend servers
backend servers
    balance roundrobin
{servers}
"""


class Cluster:
    """The app servers (sharing one environment and data folder) and the proxy."""

    def __init__(self, database_url: str, redis_url: str, servers: int = 2, workers: int = 2):
        self.servers = [Processes(database_url, workers=workers) for _ in range(servers)]
        shared = {**self.servers[0].env, "CACHE_URL": redis_url}
        for server in self.servers:  # the same secret keys, cache and shared volume
            server.env = {**shared, "JISR_DATA_DIR": str(self.servers[0].data_dir)}
        self.proxy_port = free_port()
        self.proxy: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def start(self) -> None:
        for server in self.servers:
            server.start_server()
        lines = [
            f"    server app{i} 127.0.0.1:{server.port}" for i, server in enumerate(self.servers)
        ]
        config = Path(tempfile.mkstemp(suffix=".cfg")[1])
        config.write_text(HAPROXY.format(port=self.proxy_port, servers="\n".join(lines)))
        self.proxy = subprocess.Popen(
            ["haproxy", "-db", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                if Client(self.base).get("/health/live").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("HAProxy did not answer")

    def statuses(self) -> dict[int, int]:
        total: dict[int, int] = {}
        for server in self.servers:
            for status, count in server.status_counts().items():
                total[status] = total.get(status, 0) + count
        return total

    def cleanup(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(10)
        for server in self.servers:
            server.stop()
        shutil.rmtree(self.servers[0].data_dir, ignore_errors=True)
        for server in self.servers[1:]:
            shutil.rmtree(server.data_dir, ignore_errors=True)


# --- Checks -----------------------------------------------------------------------------------


def correction_seen(cluster: Cluster) -> dict:
    """Seconds from a committed correction to both servers showing it to visitors."""
    from jisr.parliament import services
    from jisr.parliament.models import Person

    person = Person.objects.filter(is_fictional=True).order_by("pk").first()
    path = f"/representatives/{person.pk}/"
    for server in cluster.servers:  # cached on both (and the grace period passed)
        warm_up(server.base, path, requests=3)
    time.sleep(1)
    original, corrected = person.name, f"{person.name} المصحح"
    services.person_update(actor="system:cluster", person=person, name=corrected)
    committed = time.monotonic()
    seen: dict[str, float | None] = {}
    try:
        for server in cluster.servers:
            seen[server.base] = None
        while time.monotonic() - committed < 10 and None in seen.values():
            for server in cluster.servers:
                if seen[server.base] is None and corrected in Client(server.base).get(path).text:
                    seen[server.base] = time.monotonic() - committed
            time.sleep(0.05)
    finally:
        services.person_update(actor="system:cluster", person=person, name=original)
    slowest = None if None in seen.values() else max(v for v in seen.values() if v is not None)
    return {"path": path, "seconds_per_server": list(seen.values()), "seconds": slowest}


def rate_limit_across(cluster: Cluster, accounts: list[str]) -> dict:
    """A member submits proposals alternately on each server: how many are accepted. (The
    limits count per clock hour: a check that straddles the hour is run again.)"""
    while True:
        window = int(time.time() // 3600)
        result = _submit_alternately(cluster, accounts.pop())
        if int(time.time() // 3600) == window:
            return result


def _submit_alternately(cluster: Cluster, email: str) -> dict:
    from django.conf import settings

    limit = int(settings.JISR_PROPOSAL_RATE_LIMITS["submit"].split("/")[0])
    clients = [Client(server.base, address="192.0.2.77") for server in cluster.servers]
    clients[0].sign_in(email)
    for other in clients[1:]:  # the same session, reaching the other server
        other.cookies = clients[0].cookies
    accepted, statuses = [], []
    topic = first_topic_id()
    for attempt in range(2 * limit + 2):
        client = clients[attempt % len(clients)]
        response = client.post(
            "/proposals/new/",
            {
                "title": f"مقترح حدود المعدل {attempt} {email}",
                "body": "نص مقترح تجريبي خيالي لاختبار حد المعدل عبر خادمين.",
                "topic": topic,
                "language": "ar",
                "action": "confirm",
            },
        )
        statuses.append(response.status)
        location = response.headers.get("Location", "")
        if response.status == 302 and re.search(r"/proposals/\d+/$", location):
            accepted.append(location)
    return {"limit": limit, "attempts": len(statuses), "accepted": len(accepted)}


def signed_in_cookies(base: str, accounts: list[str]) -> list[str]:
    cookies = []
    for email in accounts:
        client = Client(base, address=f"198.18.{random.randrange(250)}.{random.randrange(250)}")
        client.sign_in(email)
        cookies.append(f"sessionid={client.cookies['sessionid']}")
        client.close()
    return cookies


MIX_SIGNED_IN_LUA = MIX_LUA.replace(
    'return wrk.format("GET", paths[(counter % #paths) + 1])',
    "local headers = {{}}\n"
    "  for name, value in pairs(wrk.headers) do headers[name] = value end\n"
    "  if counter % 10 < {signed_in_tenths} then\n"
    '    headers["Cookie"] = cookies[(counter % #cookies) + 1]\n'
    "  end\n"
    '  return wrk.format("GET", paths[(counter % #paths) + 1], headers)',
).replace("paths = {paths}", "paths = {paths}\ncookies = {cookies}")


def mix(
    base: str, pages: dict, cookies: list[str], accounts: list[str], *, seconds: float, during=None
) -> dict:
    """Reads (30% signed in) through ``base`` while members write; ``during`` runs halfway."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        MIX_SIGNED_IN_LUA.format(
            paths="{" + ", ".join(json.dumps(p) for p in pages.values()) + "}",
            cookies="{" + ", ".join(json.dumps(c) for c in cookies) + "}",
            signed_in_tenths=round(SIGNED_IN_SHARE * 10),
        )
    )
    writers = Writers(base, accounts, first_topic_id(), public_proposal_ids())
    threads = writers.start(2, 0.2)
    runner = None
    if during is not None:
        runner = threading.Timer(seconds / 2, during)
        runner.start()
    try:
        reads = wrk(base + "/", seconds, script=script)
    finally:
        writers.stop.set()
        for thread in threads:
            thread.join(30)
        if runner is not None:
            runner.join()
        script.unlink()
    return {
        "reads": reads,
        "writes": {
            "acknowledged": len(writers.acknowledged),
            "lost": missing_proposals(writers.acknowledged),
            "statuses": writers.statuses,
            "errors": writers.errors[:10],
        },
    }


def read_throughput(base: str, pages: dict, seconds: float) -> float:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        MIX_LUA.format(paths="{" + ", ".join(json.dumps(p) for p in pages.values()) + "}")
    )
    try:
        return wrk(base + "/", seconds, script=script)["rps"]
    finally:
        script.unlink()


def run(database_url: str, *, seconds: float) -> dict:
    for binary in ("redis-server", "haproxy"):
        dev.ensure_tool(binary, binary, required=True)
    redis = Redis()
    redis.start()
    # This process commits the correction: on the same database and the same cache.
    os.environ["CACHE_URL"] = redis.url
    setup_django(database_url)
    pages = pick_pages(database_url)
    accounts = load_accounts(database_url)
    if len(accounts) < 20:
        sys.exit("Not enough load accounts: run generate_scale_data with --load-accounts.")
    half = len(accounts) // 2
    cluster = Cluster(database_url, redis.url)
    results: dict = {}
    try:
        log(f"▶ Two servers behind HAProxy on {cluster.base}, Redis on {redis.port}")
        cluster.start()
        results["correction"] = correction_seen(cluster)
        results["rate_limit"] = rate_limit_across(cluster, accounts)
        cookies = signed_in_cookies(cluster.base, [accounts.pop() for _ in range(4)])
        log(f"  the mix, {seconds:g} s, 30% signed in")
        results["mix"] = mix(cluster.base, pages, cookies, accounts[:half], seconds=seconds)

        def restart_redis():
            redis.stop()
            time.sleep(1)
            redis.start()

        log(f"  the mix again, {seconds:g} s, Redis restarted halfway")
        results["redis_restart"] = mix(
            cluster.base, pages, cookies, accounts[half:], seconds=seconds, during=restart_redis
        )
        results["statuses"] = cluster.statuses()
        log("  reads: one server, then two")
        one = read_throughput(cluster.servers[0].base, pages, seconds)
        two = read_throughput(cluster.base, pages, seconds)
        results["throughput"] = {"one_server_rps": one, "two_servers_rps": two, "ratio": two / one}
    finally:
        cluster.cleanup()
        redis.stop()
    return results


def problems(result: dict) -> list[str]:
    found = []
    correction = result["correction"]["seconds"]
    if correction is None or correction > GOALS["correction_seconds"]:
        found.append(f"correction seen after {correction} s (goal ≤ 1 s on both servers)")
    limit = result["rate_limit"]
    if limit["accepted"] != limit["limit"]:
        found.append(
            f"rate limit: {limit['accepted']} accepted across two servers, not {limit['limit']}"
        )
    unexpected = {s: n for s, n in result["statuses"].items() if s >= 500 and s != 503}
    if unexpected:
        found.append(f"5xx other than 503: {unexpected}")
    for name in ("mix", "redis_restart"):
        if result[name]["writes"]["lost"]:
            found.append(f"{name}: acknowledged writes lost: {result[name]['writes']['lost']}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    result = run(options.database_url, seconds=options.seconds)
    result["problems"] = problems(result)
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    if options.out:
        options.out.write_text(text)
    print(text)
    sys.exit(1 if result["problems"] else 0)


if __name__ == "__main__":
    main()
