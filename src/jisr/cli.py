"""The ``jisr`` command: one entry point for organizers and operators."""

import argparse
import os
import signal
import subprocess
import sys
import time

COMMANDS = {
    "demo": "Load the fictional demo data and serve it locally.",
    "serve": "Serve Jisr in production (gunicorn, WhiteNoise).",
    "worker": "Run the background worker (e-mail, queued jobs).",
    "manage": "Run a Django management command: jisr manage …",
    "elections": "Allocate seats: jisr elections allocate …",
    "import": "Import data: jisr import popolo|votes|… FILE",
}

# `jisr import FORMAT FILE …` runs the management command that imports that format.
IMPORTS = {
    "popolo": ["popolo_import"],
    "votes": ["parliament_import_csv", "votes"],
    "attendance": ["parliament_import_csv", "attendance"],
    "activities": ["parliament_import_csv", "activities"],
    "election-constituencies": ["elections_import", "constituencies"],
    "election-roster": ["elections_import", "roster"],
    "election-lists": ["elections_import", "lists"],
    "election-candidates": ["elections_import", "candidates"],
    "election-stations": ["elections_import", "stations"],
    "election-official": ["elections_import", "official"],
    "pledges": ["pledges_import"],
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jisr",
        description="Jisr: the bridge between a community and its elected representatives.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Configuration comes from environment variables: see docs/configuration.md.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    demo = sub.add_parser("demo", help=COMMANDS["demo"], description=COMMANDS["demo"])
    demo.add_argument("--bind", default="127.0.0.1:8000", help="address:port to serve on")
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare the database and demo data, then stop"
    )
    serve = sub.add_parser("serve", help=COMMANDS["serve"], description=COMMANDS["serve"])
    serve.add_argument("--bind", default=os.environ.get("JISR_BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    worker = sub.add_parser("worker", help=COMMANDS["worker"], description=COMMANDS["worker"])
    worker.add_argument(
        "--clock",
        action="store_true",
        help="also run the periodic jobs (Telegram channel posts every minute, digests every 5 "
        "minutes, follow-up reminders daily) instead of cron",
    )
    manage = sub.add_parser("manage", help=COMMANDS["manage"], add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    elections = sub.add_parser("elections", help=COMMANDS["elections"], add_help=False)
    elections.add_argument("args", nargs=argparse.REMAINDER)
    importer = sub.add_parser(
        "import",
        help=COMMANDS["import"],
        description=COMMANDS["import"],
        epilog="Add --dry-run to see what would change without writing anything.",
    )
    importer.add_argument("format", choices=IMPORTS)
    importer.add_argument("args", nargs=argparse.REMAINDER, help="the file, then options")
    return parser


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
    import django

    django.setup()


def manage(args: list[str]) -> None:
    from django.core.management import execute_from_command_line

    _django()
    execute_from_command_line(["jisr manage", *args])


def _gunicorn_command(bind: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "jisr.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        os.environ.get("JISR_THREADS", "4"),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--graceful-timeout",
        "20",
    ]


WORKER_COMMAND = [sys.executable, "-m", "jisr.cli", "manage", "db_worker", "--no-reload"]
WORKER_MAX_DELAY = 30


def _die_with_parent() -> None:
    """In the worker's child process: if the supervisor is killed, so is the worker."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the child outlives a SIGKILLed supervisor


# The jobs `jisr worker --clock` runs itself, at start and then every so many seconds; in
# production cron can run them instead (docs/reports.md, docs/proposals.md, docs/treasury.md,
# docs/campaigns.md).
CLOCK = [
    (60, "campaigns_channel_posts"),  # the Telegram channel's due retries
    (5 * 60, "reports_tick"),
    (5 * 60, "campaigns_event_reminders"),
    (5 * 60, "campaigns_waitlist_expire"),
    (60 * 60, "campaigns_outreach_reminders"),  # hourly: sends once per member and date
    (60 * 60, "coalition_statements_close"),  # joint statements whose window has ended
    (24 * 60 * 60, "proposals_remind"),
    (24 * 60 * 60, "coalition_decision_reviews"),  # once per outcome's review date
    (24 * 60 * 60, "treasury_expire_pending"),
    (24 * 60 * 60, "treasury_bank_shred"),
    (24 * 60 * 60, "treasury_instalments_due"),
    (24 * 60 * 60, "opendata_dump"),  # the nightly open-data dump (same data, same bytes)
]


class Clock:
    def __init__(self):
        self.due = {command: 0.0 for _, command in CLOCK}

    def run_due_jobs(self) -> None:
        for every, command in CLOCK:
            if time.monotonic() >= self.due[command]:
                self.due[command] = time.monotonic() + every
                subprocess.run([sys.executable, "-m", "jisr.cli", "manage", command], check=False)


def run_worker(clock: Clock | None = None) -> int:
    """Run the task worker; when it stops on an error (a database restart makes it exit),
    start it again, waiting a little longer each time, up to 30 seconds."""
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    delay = 1
    while True:
        started = time.monotonic()
        child = subprocess.Popen(WORKER_COMMAND, preexec_fn=_die_with_parent)
        while clock is not None and not stopping and child.poll() is None:
            clock.run_due_jobs()
            time.sleep(1)
        code = child.wait()
        if stopping or code == 0:
            return code
        if time.monotonic() - started > 5 * WORKER_MAX_DELAY:
            delay = 1  # it had been running fine: this is a new problem
        print(
            f"jisr worker: the task worker stopped (exit code {code}), most often because the "
            f"database could not be reached. Starting it again in {delay} s.",
            file=sys.stderr,
            flush=True,
        )
        time.sleep(delay)
        if stopping:
            return code
        delay = min(delay * 2, WORKER_MAX_DELAY)


def preflight() -> str | None:
    """Return, in plain words, what must be done before serving, or None if ready."""
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database is unreachable or refuses us
        return f"cannot reach the database ({error}). Check DATABASE_URL."
    if pending:
        return f"{len(pending)} database migrations are pending. Run: jisr manage migrate"
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"] and not manifest.exists():
        return "the static files are not collected. Run: jisr manage collectstatic"
    return None


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def demo(bind: str, serve: bool) -> int:
    os.environ.setdefault("JISR_ENV", "demo")
    _django()
    from django.conf import settings
    from django.core.management import call_command

    print("Preparing the database in", settings.DATA_DIR, "…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo_load")
    if not serve:
        return 0
    print(f"\nJisr is running at http://{bind}/  (stop it with Ctrl+C)")
    print(f"E-mails (sign-up confirmations …) are written to {settings.EMAIL_FILE_PATH}\n")
    # One signal stops everything started here: SIGTERM (or a closed terminal) unwinds like
    # Ctrl+C through the `finally` below, and a SIGKILLed demo takes its children with it.
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _interrupt)
    worker = subprocess.Popen(
        [sys.executable, "-m", "jisr.cli", "worker", "--clock"], preexec_fn=_die_with_parent
    )
    web = subprocess.Popen(_gunicorn_command(bind, workers=2), preexec_fn=_die_with_parent)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["elections"]:  # pure Python: no Django, works before any database exists
        from jisr.elections.allocate_cli import main as elections

        return elections(argv[1:])
    if argv[:1] == ["manage"]:
        command, rest = "manage", argv[1:]
    else:
        options = _parser().parse_args(argv)
        command, rest = options.command, []
    from django.core.exceptions import ImproperlyConfigured

    try:
        if command == "manage":
            manage(rest)
        elif command == "import":
            manage([*IMPORTS[options.format], *options.args])
        elif command == "demo":
            return demo(options.bind, serve=not options.no_serve)
        elif command == "serve":
            _django()  # fail here, readably, on a configuration error
            problem = preflight()
            if problem:
                print(f"jisr: not ready to serve: {problem}", file=sys.stderr)
                return 2
            os.execv(sys.executable, _gunicorn_command(options.bind, options.workers))
        elif command == "worker":
            _django()
            return run_worker(Clock() if options.clock else None)
    except ImproperlyConfigured as error:
        print(f"jisr: configuration problem: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
