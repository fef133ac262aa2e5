"""The production profile refuses unsafe settings; the jisr command explains itself."""

import os
import subprocess
import sys

import pytest

from jisr.cli import COMMANDS, main

STRONG_KEY = "k3y-" + "x7Qp9v2LmZ" * 6


def run_jisr(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "JISR_ENV"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "jisr.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_help_explains_every_command_in_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, line in COMMANDS.items():
        assert name in out and line in out


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = run_jisr(
        "manage", "check", JISR_ENV="production", ALLOWED_HOSTS="jisr.example.org",
        SECRET_KEY="short", JISR_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 2
    assert "SECRET_KEY is missing or too weak" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_jisr(
        "manage", "check", JISR_ENV="production", SECRET_KEY=STRONG_KEY,
        JISR_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is empty" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_jisr(
        "manage", "check", "--deploy", "--fail-level", "WARNING",
        JISR_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="jisr.example.org",
        JISR_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_prepares_everything_and_is_safe_to_run_twice(tmp_path):
    for _ in range(2):
        result = run_jisr("demo", "--no-serve", JISR_DATA_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
    assert "organizer@demo.jisr.invalid" in result.stdout
    assert "password: jisr-demo-2026" in result.stdout
    assert (tmp_path / "jisr.sqlite3").exists()
    verify = run_jisr("manage", "audit_verify", JISR_DATA_DIR=str(tmp_path), JISR_ENV="demo")
    assert verify.returncode == 0 and "intact" in verify.stdout
