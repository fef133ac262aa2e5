"""The proving ground: scale data, load, faults and fuzzing in one command.

    python3 dev.py prove           # everything, full size; rewrites bench/RESULTS.md
    python3 dev.py prove --short   # what CI runs: small data, ~20 s of load, the faults

Steps: build the data with `jisr manage generate_scale_data` on PostgreSQL (timed), load
the production server (bench/load.py, with and without the page cache), restart
PostgreSQL under load (bench/faults.py), run the fault tests (worker killed mid-digest,
full upload folder) and the fuzz tests with many examples on both databases; in full
mode also the per-area benchmarks, each rewriting its own section of RESULTS.md.
It fails (exit status 1) on any 5xx, any lost write and any duplicate e-mail.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import faults
import load
import parliament_pages as pp
from harness import BENCH, JISR, ROOT, log
from results import RESULTS

SECTION = "## Proving ground"
DEFAULT_URL = "postgres://jisr:jisr@127.0.0.1:5432/jisr_prove"
BENCHMARKS = [
    "parliament_pages.py",
    "proposals_pages.py",
    "elections_stations.py",
    "search.py",
    "digests.py",
]


def build_data(url: str, scale: float, accounts: int) -> dict:
    pp.ensure_postgres(url)
    pp.recreate_database(url)
    env = {
        **os.environ,
        "JISR_ENV": "development",
        "DATABASE_URL": url,
        "JISR_DATA_DIR": str(ROOT / ".proving" / "data"),
    }
    start = time.monotonic()
    subprocess.run([str(JISR), "manage", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [
            str(JISR),
            "manage",
            "generate_scale_data",
            "--scale",
            f"{scale:g}",
            "--load-accounts",
            str(accounts),
        ],
        env=env,
        check=True,
    )
    return {"scale": scale, "seconds": round(time.monotonic() - start, 1)}


def pytest(paths: list[str], env_extra: dict, database_url: str | None = None) -> dict:
    env = {**os.environ, "JISR_ENV": "test", **env_extra}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    if done.returncode:
        log(done.stdout[-5000:])
    return {
        "ok": done.returncode == 0,
        "summary": summary,
        "seconds": round(time.monotonic() - start, 1),
    }


def machine() -> str:
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; {platform.platform()}; "
        f"Python {platform.python_version()}; {pg}"
    )


def render(command: str, results: dict) -> str:
    data, cached = results["data"], results["load"]
    lines = [
        SECTION,
        "",
        f"Measured {results['date']} on {results['machine']}.",
        "",
        f"Command: `{command}`",
        "",
        f"**Scale data.** `jisr manage generate_scale_data --scale {data['scale']:g}` with "
        + (
            f"migrations: {data['seconds']:.0f} s."
            if data["seconds"] is not None
            else "`--load-accounts`, built earlier and reused (its timings: docs/scale-data.md)."
        ),
        "",
        "**Load** — `jisr serve` (gunicorn, 3 processes × 4 threads, production settings, "
        "PostgreSQL) and wrk on loopback, 32 connections. Each page alone, its throughput as "
        "a share of the floor (`/health/live`, no database) measured in the same run:",
        "",
        "| page | req/s (cache on) | share of floor | p50 ms | p99 ms |"
        + (" req/s (cache off) | share |" if results.get("load_uncached") else ""),
        "|---|---:|---:|---:|---:|" + ("---:|---:|" if results.get("load_uncached") else ""),
    ]
    uncached = results.get("load_uncached")
    floor = cached["floor"]["rps"]
    lines.append(
        f"| floor | {floor:,.0f} | 100% | | |"
        + (f" {uncached['floor']['rps']:,.0f} | 100% |" if uncached else "")
    )
    for name, page in cached["pages"].items():
        row = (
            f"| {name} (`{page['path'][:40]}`) | {page['rps']:,.0f} | {page['share']:.0%} | "
            f"{page['p50_ms']:.1f} | {page['p99_ms']:.1f} |"
        )
        if uncached:
            other = uncached["pages"][name]
            row += f" {other['rps']:,.0f} | {other['share']:.0%} |"
        lines.append(row)
    mix = cached["mix"]
    reads, writes = mix["reads"], mix["writes"]
    lines += [
        "",
        f"The mix, {mix['seconds']:g} s: every read page in turn on 32 connections, "
        f"{reads['rps']:,.0f} req/s, p50 {reads['p50_ms']:.1f} ms, p90 {reads['p90_ms']:.1f} ms, "
        f"**p99 {reads['p99_ms']:.1f} ms** (goal < 100), {reads.get('5xx', 0)} 5xx, "
        f"{reads['socket_errors']} socket errors. Meanwhile members signed in and wrote "
        f"{writes['requests']} times (submit, support; p50 {writes['p50_ms']:.0f} ms, "
        f"p99 {writes['p99_ms']:.0f} ms): {writes['acknowledged']} proposals acknowledged, "
        f"**{len(writes['lost'])} lost**. Server: {cached['server_errors']} responses with a 5xx "
        f"status in its access log.",
    ]
    restart = results["faults"]
    lines += [
        "",
        f"**PostgreSQL restarted under load** (`bench/faults.py`): down at "
        f"{restart['timeline_s']['down']} s, up at {restart['timeline_s']['up']} s; "
        f"{restart['responses']} responses, {restart['503']} translated 503 pages "
        f"({restart['503_not_translated']} not translated), {restart['other_5xx']} other 5xx, "
        f"slowest answer {restart['slowest_s']} s (no hang); the cached home page answered "
        f"{restart['cached_home_during_outage']} times during the outage; back "
        f"**{restart['recovery_s']} s** after the database; {restart['writes']['acknowledged']} "
        f"acknowledged proposals, **{len(restart['writes']['lost'])} lost**; worker alive: "
        f"{restart['worker_alive']}, tasks left: {restart['tasks_left']}.",
    ]
    for title, key in (
        ("Fault tests", "fault_tests"),
        ("Fuzz, SQLite", "fuzz_sqlite"),
        ("Fuzz, PostgreSQL", "fuzz_postgres"),
    ):
        if key in results:
            run = results[key]
            if key.startswith("fuzz"):
                title += f" ({results['fuzz_examples']} examples a test, `tests/fuzz`)"
            lines.append(
                f"- {title}: {'passed' if run['ok'] else 'FAILED'} — {run['summary']}"
                f" ({run['seconds']:.0f} s)"
            )
    if results.get("problems"):
        lines += ["", "Problems:", *[f"- {p}" for p in results["problems"]]]
    return "\n".join(lines) + "\n"


HEADER = """# Benchmark results

Each benchmark under bench/ rewrites its own section. Figures are ratios measured side by
side in one run: compare ratios, not milliseconds, across machines.

Last run of the proving ground (`python3 dev.py prove`; its exact command is below): {date},
on {machine}.
"""


def write_results(text: str, results: dict) -> None:
    """A new header and proving-ground section; every benchmark's own section is kept."""
    current = RESULTS.read_text() if RESULTS.exists() else ""
    sections = re.findall(r"^## .*?(?=^## |\Z)", current, re.M | re.S)
    kept = [part.strip("\n") for part in sections if not part.startswith(SECTION)]
    header = HEADER.format(date=results["date"], machine=results["machine"])
    RESULTS.write_text("\n\n".join([header.strip("\n"), text.strip("\n"), *kept]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="the CI mode")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="keep the data already built")
    parser.add_argument("--skip-benchmarks", action="store_true")
    parser.add_argument("--fuzz-examples", type=int, default=100, help="per fuzz test")
    parser.add_argument("--skip-fuzz", action="store_true", help="no fuzzing with more examples")
    parser.add_argument("--out", type=Path, help="write the figures (JSON) there")
    parser.add_argument(
        "--cluster",
        default=" ".join(faults.CLUSTER),
        help='the PostgreSQL cluster to restart, e.g. "15 main"',
    )
    options = parser.parse_args()
    faults.CLUSTER[:] = options.cluster.split()
    short = options.short
    url = options.database_url + ("_short" if short and options.database_url == DEFAULT_URL else "")
    command = " ".join(["python3 dev.py prove", *map(shlex.quote, sys.argv[1:])])
    results: dict = {"date": dt.date.today().isoformat(), "machine": machine()}

    log("▶ Scale data")
    if options.reuse:
        results["data"] = {"scale": 0.01 if short else 1.0, "seconds": None}
    else:
        results["data"] = build_data(url, 0.01 if short else 1.0, 40 if short else 600)
    results["load"] = load.run(url, short=short)
    if not short:
        results["load_uncached"] = load.run(url, short=True, page_cache=False)
    results["faults"] = faults.database_restart(url, short=short)
    problems = [f"load: {p}" for p in load.problems(results["load"])]
    problems += [f"PostgreSQL restart: {p}" for p in faults.problems(results["faults"])]

    if not short:  # the suite already ran these with its bounded examples in CI
        log("▶ Fault tests and fuzzing with more examples")
        env = {"JISR_FAULT_TESTS": "required", "JISR_WORKER_KILL_SUBSCRIBERS": "100"}
        results["fault_tests"] = pytest(
            ["tests/reports/test_worker_kill.py", "tests/core/test_disk_full.py"], env
        )
        if not options.skip_fuzz:
            fuzz_env = {"JISR_FUZZ_EXAMPLES": str(options.fuzz_examples)}
            results["fuzz_examples"] = options.fuzz_examples
            results["fuzz_sqlite"] = pytest(["tests/fuzz"], fuzz_env)
            test_url = pp.with_database(url, "test_jisr_prove")
            results["fuzz_postgres"] = pytest(["tests/fuzz"], fuzz_env, database_url=test_url)
        for key in ("fault_tests", "fuzz_sqlite", "fuzz_postgres"):
            if key in results and not results[key]["ok"]:
                problems.append(f"{key}: {results[key]['summary']}")
    results["problems"] = problems

    text = render(command, results)
    if options.out:
        options.out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(text)
    if not short:
        write_results(text, results)
        if not options.skip_benchmarks:
            for script in BENCHMARKS:
                log(f"▶ {script}")
                done = subprocess.run([sys.executable, str(BENCH / script)], cwd=ROOT)
                if done.returncode:
                    problems.append(f"{script} failed: its section of RESULTS.md is unchanged")
    for problem in problems:
        log(f"✗ {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
