"""The production profile refuses unsafe settings; the jisr command explains itself."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jisr.cli import COMMANDS, main

STRONG_KEY = "k3y-" + "x7Qp9v2LmZ" * 6
# A Fernet key (32 bytes, URL-safe base64) for the donors' identities; tests only.
TREASURY_KEY = "dGVzdHMtb25seS10cmVhc3VyeS1rZXktMzJieXRlcyE="


def jisr_env(**env) -> dict:
    """The environment of a fresh `jisr` process on the embedded defaults (SQLite)."""
    inherited = {"SECRET_KEY", "JISR_ENV", "DATABASE_URL", "JISR_TREASURY_KEY"}
    site = {"JISR_SITE_URL": "https://jisr.example.org", "JISR_TREASURY_KEY": TREASURY_KEY}
    return {k: v for k, v in os.environ.items() if k not in inherited} | site | env


def run_jisr(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "jisr.cli", *args],
        capture_output=True,
        text=True,
        env=jisr_env(**env),
        timeout=400,
    )


def test_help_explains_every_command_in_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, line in COMMANDS.items():
        assert name in out and line in out


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = run_jisr(
        "manage",
        "check",
        JISR_ENV="production",
        ALLOWED_HOSTS="jisr.example.org",
        SECRET_KEY="short",
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "SECRET_KEY is missing or too weak" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_the_treasury_key(tmp_path):
    """Donors' names are encrypted with it: a production site never makes one up (a key
    lost with a data folder would lose every name the law says to keep)."""
    result = run_jisr(
        "manage",
        "check",
        JISR_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="jisr.example.org",
        JISR_TREASURY_KEY="",
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "JISR_TREASURY_KEY is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "treasury_key").exists()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_jisr(
        "manage",
        "check",
        JISR_ENV="production",
        SECRET_KEY=STRONG_KEY,
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_production_refuses_to_start_without_the_sites_address(tmp_path):
    """E-mail links start with JISR_SITE_URL, never with a request's Host header."""
    result = run_jisr(
        "manage",
        "check",
        JISR_ENV="production",
        SECRET_KEY=STRONG_KEY,
        JISR_SITE_URL="",
        ALLOWED_HOSTS="jisr.example.org",
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "JISR_SITE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_debug(tmp_path):
    result = run_jisr(
        "manage",
        "check",
        JISR_ENV="production",
        SECRET_KEY=STRONG_KEY,
        DEBUG="true",
        ALLOWED_HOSTS="jisr.example.org",
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 2
    assert "DEBUG is on with JISR_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


def test_hsts_for_subdomains_and_preload_are_an_operators_choice(tmp_path):
    show = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS > 0, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    env = {
        "JISR_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "jisr.example.org",
        "JISR_DATA_DIR": str(tmp_path),
    }
    default = run_jisr("manage", "shell", "--no-imports", "-c", show, **env)
    assert default.stdout.split() == ["True", "False", "False"]
    env |= {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "yes", "SECURE_HSTS_PRELOAD": "yes"}
    opted = run_jisr("manage", "shell", "--no-imports", "-c", show, **env)
    assert opted.stdout.split() == ["True", "True", "True"]


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_jisr(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JISR_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="jisr.example.org",
        JISR_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.timeout(900)
def test_demo_prepares_everything_and_is_safe_to_run_twice(tmp_path):
    for _ in range(2):
        result = run_jisr("demo", "--no-serve", JISR_DATA_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
    assert "organizer@demo.jisr.invalid" in result.stdout
    assert "password: jisr-demo-2026" in result.stdout
    assert (tmp_path / "jisr.sqlite3").exists()
    verify = run_jisr("manage", "audit_verify", JISR_DATA_DIR=str(tmp_path), JISR_ENV="demo")
    assert verify.returncode == 0 and "intact" in verify.stdout
    check_served_by_gunicorn(tmp_path, "serve", "--workers", "1")
    # `jisr demo` serves with a worker beside gunicorn: one SIGTERM must stop them all.
    check_served_by_gunicorn(tmp_path, "demo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every living process started, directly or not, by `pid` (read from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces; the parent id follows its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def check_served_by_gunicorn(data_dir, *command):
    port = free_port()
    env = jisr_env(JISR_ENV="demo", JISR_DATA_DIR=str(data_dir))
    server = subprocess.Popen(
        [sys.executable, "-m", "jisr.cli", *command, "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120  # a loaded CI machine boots slowly
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        html = page.read().decode()
        assert page.headers["Server"].startswith("gunicorn")
        assert '<html lang="ar" dir="rtl">' in html
        css = re.search(r'href="(/static/jisr/css/jisr\.[0-9a-f]+\.css)"', html).group(1)
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=30)
        assert "max-age=315360000" in static.headers["Cache-Control"]
        icon = urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=30)
        assert icon.headers["Content-Type"] == "image/x-icon" and icon.read(4) == b"\0\0\1\0"
        started = descendants(server.pid)
        assert started, "the server started no process of its own"
    finally:
        server.terminate()
        server.wait(timeout=60)  # gunicorn's graceful stop, then the worker's running job
    deadline = time.monotonic() + 30
    while (left := _alive(started)) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not left, f"still running after one SIGTERM to `jisr {command[0]}`: {sorted(left)}"


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_serve_says_what_is_missing_instead_of_serving_errors(tmp_path):
    env = {"JISR_ENV": "demo", "JISR_DATA_DIR": str(tmp_path)}
    result = run_jisr("serve", **env)
    assert result.returncode == 2
    assert "migrations are pending. Run: jisr manage migrate" in result.stderr
    assert run_jisr("manage", "migrate", "-v", "0", **env).returncode == 0
    result = run_jisr("serve", **env)
    assert "static files are not collected. Run: jisr manage collectstatic" in result.stderr


def test_an_unsupported_cache_url_is_explained(tmp_path):
    url = "memcached://localhost"
    result = run_jisr("manage", "check", CACHE_URL=url, JISR_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert f"CACHE_URL='{url}' is not supported. Use redis://host:6379/0" in result.stderr


def test_jisr_import_runs_the_format_importer_with_a_dry_run(tmp_path):
    env = {"JISR_ENV": "demo", "JISR_DATA_DIR": str(tmp_path)}
    assert run_jisr("manage", "migrate", "-v", "0", **env).returncode == 0
    popolo = tmp_path / "roster.json"
    popolo.write_text('{"persons": "not a list"}', encoding="utf-8")
    result = run_jisr("import", "popolo", str(popolo), "--dry-run", **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "persons" in result.stderr
