#!/usr/bin/env python3
"""Set up and run Jisr from a fresh clone, with nothing but Python 3.11+ and pip.

    python3 dev.py demo     install everything, load the fictional demo, serve it on :8000
    python3 dev.py test     install what the tests need and run every check CI runs
    python3 dev.py prove    the proving ground: scale data, load, faults, fuzzing
    python3 dev.py screenshots   refresh docs/screenshots/ (every page, both languages)

Everything is installed into .venv/ from the pinned lock files in requirements/.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PYTHON = BIN / "python"
LOCALE = ROOT / "src" / "jisr" / "locale"
CHROMIUM = Path("/usr/bin/chromium")
TEST_DB = {"name": "jisr_test", "user": "jisr", "password": "jisr"}
# The shared cache of several app servers, for the tests: a local Redis on a port of its own
# (the machine's default 6379 is left alone), keeping nothing on disk.
REDIS_PORT = 6390


def say(message: str) -> None:
    print(f"\n\033[1m==> {message}\033[0m", flush=True)


def fail(message: str) -> None:
    print(f"\n\033[1;31mError: {message}\033[0m", file=sys.stderr, flush=True)
    sys.exit(1)


def run(*command, env=None, cwd=ROOT, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env)
    if check and result.returncode != 0:
        fail(f"'{' '.join(map(str, command))}' failed (exit code {result.returncode}).")
    return result


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- Installation ---------------------------------------------------------------------------


def install(lock: str) -> None:
    """Create .venv and install the lock file into it; skipped when nothing changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must explain, not crash
        fail("Jisr needs Python 3.11 or newer. Install it, then run this command with it.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        run(sys.executable, "-m", "venv", VENV)
    lock_path = ROOT / "requirements" / lock
    bootstrap = ROOT / "requirements" / "bootstrap.txt"
    digest = hashlib.sha256(
        bootstrap.read_bytes() + lock_path.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()[:16]
    stamp = VENV / f".installed-{lock}-{digest}"
    if stamp.exists():
        return
    say("Installing the pinned installer (pip) into .venv")
    run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--only-binary",
        ":all:",
        "--require-hashes",
        "-r",
        bootstrap,
    )
    say(f"Installing the pinned packages from requirements/{lock}")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock_path)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ROOT)
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def apt_install(*packages: str) -> bool:
    if not (is_root() and shutil.which("apt-get")):
        return False
    say(f"Installing {', '.join(packages)} with apt")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    return run("apt-get", "install", "-y", "-qq", *packages, env=env, check=False).returncode == 0


def ensure_tool(binary: str, package: str, required: bool) -> bool:
    if shutil.which(binary) or apt_install(package):
        return True
    if required:
        fail(f"'{binary}' is missing. Install the Debian package '{package}' and try again.")
    return False


def ensure_tesseract_arabic(required: bool) -> bool:
    """Tesseract reads Arabic only with its Arabic model (Debian: tesseract-ocr-ara)."""
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    if "ara" in listed.stdout.split() or apt_install("tesseract-ocr-ara"):
        return True
    if required:
        fail("Tesseract cannot read Arabic. Install the Debian package 'tesseract-ocr-ara'.")
    print("Tesseract's Arabic model is missing: the PDF OCR tests will be skipped.")
    return False


def ensure_apt_package(package: str, installed: Path) -> None:
    if not installed.exists() and not apt_install(package):
        fail(f"Install the Debian package '{package}' and try again.")


def ensure_pango(required: bool) -> bool:
    """WeasyPrint (the monthly reports' PDFs) loads Pango from the system."""
    check = subprocess.run([PYTHON, "-c", "import weasyprint"], capture_output=True, cwd=ROOT)
    if check.returncode == 0 or apt_install(
        "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"
    ):
        return True
    if required:
        fail("WeasyPrint cannot load Pango. Install the Debian package 'libpango-1.0-0'.")
    print("Pango is missing: the PDF tests will fail.")
    return False


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_url(required: bool) -> str | None:
    """Start the local PostgreSQL 15 cluster, create the test role, return its URL."""
    if os.environ.get("JISR_TEST_POSTGRES_URL"):
        return os.environ["JISR_TEST_POSTGRES_URL"]
    if not shutil.which("pg_ctlcluster") and not apt_install("postgresql"):
        if required:
            fail("PostgreSQL is not installed and could not be installed with apt.")
        return None
    if not is_root():
        if required:
            fail("Starting PostgreSQL needs root; or set JISR_TEST_POSTGRES_URL.")
        return None
    version = "15" if Path("/etc/postgresql/15/main").exists() else None
    if version is None:
        clusters = sorted(p.parent.name for p in Path("/etc/postgresql").glob("*/main"))
        if not clusters:
            fail("No PostgreSQL cluster found under /etc/postgresql.")
        version = clusters[-1]
    status = subprocess.run(["pg_ctlcluster", version, "main", "status"], capture_output=True)
    if status.returncode != 0:
        say(f"Starting PostgreSQL {version}")
        run("pg_ctlcluster", version, "main", "start")
    sql = (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{TEST_DB['user']}') "
        f"THEN CREATE ROLE {TEST_DB['user']} LOGIN CREATEDB PASSWORD '{TEST_DB['password']}'; "
        "END IF; END $$;"
    )
    for _ in range(30):
        ok = subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-q", "-c", sql], capture_output=True
        )
        if ok.returncode == 0:
            break
        time.sleep(1)
    else:
        fail(f"PostgreSQL did not accept connections: {ok.stderr.decode().strip()}")
    return f"postgres://{TEST_DB['user']}:{TEST_DB['password']}@127.0.0.1:5432/{TEST_DB['name']}"


def redis_url(required: bool) -> str | None:
    """Start a local Redis (Debian's redis-server, installed with apt if missing) for the
    tests of the shared cache; return its URL."""
    if os.environ.get("JISR_TEST_REDIS_URL"):
        return os.environ["JISR_TEST_REDIS_URL"]
    if not ensure_tool("redis-server", "redis-server", required=required):
        return None
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    ping = [shutil.which("redis-cli") or "redis-cli", "-p", str(REDIS_PORT), "ping"]
    if subprocess.run(ping, capture_output=True).returncode != 0:
        say(f"Starting Redis on port {REDIS_PORT}")
        run(
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(Path(tempfile.gettempdir()) / "jisr-redis.log"),
        )
        for _ in range(30):
            if subprocess.run(ping, capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        else:
            fail(f"Redis did not start on port {REDIS_PORT}: see /tmp/jisr-redis.log.")
    return url


# --- Checks ---------------------------------------------------------------------------------


def check_catalogs(env) -> None:
    """Regenerate the catalogs from the code and fail on any untranslated or fuzzy msgid.

    The committed files are restored afterwards, so the check changes nothing.
    """
    with tempfile.TemporaryDirectory() as saved:
        shutil.copytree(LOCALE, Path(saved) / "locale")
        try:
            run(
                BIN / "jisr",
                "manage",
                "makemessages",
                "-l",
                "ar",
                "-l",
                "en",
                "--no-location",
                "--verbosity",
                "0",
                env=env,
                cwd=ROOT / "src" / "jisr",
            )
            report = subprocess.run(
                [PYTHON, ROOT / "tools" / "catalogs.py", "check"], capture_output=True, text=True
            )
        finally:
            shutil.rmtree(LOCALE)
            shutil.copytree(Path(saved) / "locale", LOCALE)
    if report.returncode != 0:
        fail(
            "Some texts are not translated. Run 'python3 dev.py messages', translate the "
            "empty msgstr entries in src/jisr/locale/ar/LC_MESSAGES/django.po, run it again "
            "and commit.\n" + report.stdout
        )


def test(ci: bool, pytest_args: list[str]) -> Path:
    install("lock-test.txt")
    env = {**os.environ, "JISR_ENV": "test", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    ensure_tool("msgfmt", "gettext", required=True)
    # The reports' PDFs: WeasyPrint needs Pango; the tests read the PDFs with poppler.
    ensure_pango(required=ci)
    ensure_tool("pdftotext", "poppler-utils", required=ci)
    # The PDFs are read back as a person sees them: rasterized, then read by OCR, on a machine
    # that also has Debian's Noto fonts (the fonts a bundled font must never be mistaken for).
    ocr = ensure_tool("tesseract", "tesseract-ocr", required=ci)
    ocr = ocr and ensure_tesseract_arabic(required=ci)
    if ci:
        ensure_apt_package("fonts-noto-core", Path("/usr/share/fonts/truetype/noto"))

    say("Formatting and lint (ruff)")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "ruff", "check", ".")

    say("Type check (mypy)")
    run(BIN / "mypy", "src/jisr", env=env)

    say("Django checks, migrations and translations")
    run(BIN / "jisr", "manage", "check", "--fail-level", "WARNING", env=env)
    run(BIN / "jisr", "manage", "makemigrations", "--check", "--dry-run", env=env)
    check_catalogs(env)
    run(
        BIN / "jisr",
        "manage",
        "compilemessages",
        "--verbosity",
        "0",
        env=env,
        cwd=ROOT / "src" / "jisr",
    )

    browser = CHROMIUM.exists() or ensure_tool("chromium", "chromium", required=ci)
    if not browser:
        print("Chromium is not installed: the browser tests will be skipped.")
    env["JISR_BROWSER_TESTS"] = "required" if ci else ("on" if browser else "off")
    env["JISR_OCR_TESTS"] = "required" if ci else ("on" if ocr else "off")
    redis = redis_url(required=ci)
    if redis is None:
        print("Redis is not available here: the shared-cache tests will be skipped.")
    else:
        env["JISR_TEST_REDIS_URL"] = redis
    if ci:
        env["JISR_REAL_DATA"] = "required"  # the real data samples (tests/data) must be tested
        env["JISR_REDIS_TESTS"] = "required"
        env["JISR_FAULT_TESTS"] = "required"  # a full upload folder needs a tmpfs (root)

    results = ROOT / ".test-results"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    pg = postgres_url(required=ci)
    postgres = None
    if pg is None:
        print("PostgreSQL is not available here: the PostgreSQL run is skipped.")
    else:
        # The two runs share nothing but the machine, so they run side by side (the suite
        # takes about half as long); each keeps its files in its own data folder.
        say("Test suite on PostgreSQL, alongside (its output: .test-results/postgres.log)")
        log = (results / "postgres.log").open("w")
        command = ["-m", "pytest", "-m", "not e2e", f"--junitxml={results}/postgres.xml"]
        postgres = subprocess.Popen(
            [PYTHON, *command, *pytest_args],
            env={**env, "DATABASE_URL": pg, "JISR_DATA_DIR": str(ROOT / ".test-data-postgres")},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    say("Test suite on SQLite (with the browser tests)")
    try:
        sqlite = run(
            PYTHON,
            "-m",
            "pytest",
            f"--junitxml={results}/sqlite.xml",
            *pytest_args,
            env=env,
            check=False,
        )
    except BaseException:  # interrupted: stop the other run too
        if postgres is not None:
            postgres.kill()
        raise
    if postgres is not None:
        code = postgres.wait()
        say("Test suite on PostgreSQL: its output")
        print((results / "postgres.log").read_text())
        if code:
            fail(f"The test suite failed on PostgreSQL (exit code {code}): see above.")
    if sqlite.returncode:
        fail(f"The test suite failed on SQLite (exit code {sqlite.returncode}): see above.")
    return results


def demo_smoke() -> None:
    """Run the README's first command as a newcomer would, until the home page answers.

    Its data goes to a temporary folder, so the check changes nothing in the checkout; one
    SIGTERM must then stop the demo with everything it started.
    """
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    say(f"The README's first command: python3 dev.py demo (on port {port})")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "JISR_DATA_DIR": data}
        env.pop("DATABASE_URL", None)
        demo = subprocess.Popen(
            [sys.executable, ROOT / "dev.py", "demo", "--bind", f"127.0.0.1:{port}"], env=env
        )
        try:
            while True:
                if demo.poll() is not None:
                    fail(f"'python3 dev.py demo' stopped (exit code {demo.returncode}).")
                if time.monotonic() - started > 600:
                    fail("'python3 dev.py demo' did not serve the home page within 10 minutes.")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
                        if page.status == 200:
                            break
                except OSError:
                    time.sleep(1)
        finally:
            demo.terminate()
            try:
                code = demo.wait(timeout=90)
            except subprocess.TimeoutExpired:
                demo.kill()
                fail("'python3 dev.py demo' did not stop within 90 s of SIGTERM.")
    say(
        f"The demo served its home page after {time.monotonic() - started:.0f} s "
        f"and stopped on SIGTERM (exit code {code})"
    )


def prove(short: bool, extra: list[str]) -> None:
    """The proving ground (bench/prove.py): scale data, load, faults, fuzzing."""
    install("lock-test.txt")
    postgres_url(required=True)
    ensure_tool("wrk", "wrk", required=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    say("Proving ground" + (" (short: what CI runs)" if short else ""))
    run(PYTHON, ROOT / "bench" / "prove.py", *(["--short"] if short else []), *extra, env=env)


def test_totals(results: Path) -> str:
    """Add up every pytest run into one plain closing line."""
    import xml.etree.ElementTree as ET

    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for report in results.glob("*.xml"):
        for suite in ET.parse(report).getroot().iter("testsuite"):
            for key in total:
                total[key] += int(suite.get(key, 0))
    failed = total["failures"] + total["errors"]
    passed = total["tests"] - failed - total["skipped"]
    return f"tests: {passed} passed, {failed} failed, {total['skipped']} skipped"


def messages_update() -> None:
    install("lock-test.txt")
    ensure_tool("msgfmt", "gettext", required=True)
    cwd = ROOT / "src" / "jisr"
    run(BIN / "jisr", "manage", "makemessages", "-l", "ar", "-l", "en", "--no-location", cwd=cwd)
    run(PYTHON, ROOT / "tools" / "catalogs.py", "fill-english")
    run(BIN / "jisr", "manage", "compilemessages", "--verbosity", "0", cwd=cwd)
    run(PYTHON, ROOT / "tools" / "catalogs.py", "check", check=False)


def screenshots() -> None:
    """Refresh docs/screenshots/: every page of the walk in tests/e2e/test_every_page.py, as
    each role sees it, in both languages at 1280 and 360 px."""
    install("lock-test.txt")
    ensure_tool("chromium", "chromium", required=True)
    folder = ROOT / "docs" / "screenshots"
    for old in folder.glob("*-[0-9]*.png"):  # the walk's pictures; the PDFs' pages stay
        if not old.name.startswith("report-pdf-"):
            old.unlink()
    env = {
        **os.environ,
        "JISR_ENV": "test",
        "JISR_BROWSER_TESTS": "required",
        "JISR_SCREENSHOTS_DIR": str(folder),
    }
    env.pop("DATABASE_URL", None)
    say(f"Screenshots of every page into {folder.relative_to(ROOT)}/")
    # The walk's faults are the tests' business: the pictures are written either way.
    run(
        PYTHON,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/e2e/test_every_page.py::test_every_page_keeps_its_frame_and_passes_axe",
        env=env,
        check=False,
    )
    # A 256-colour palette keeps flat pages and their text sharp at a third of the size, so the
    # pictures of every page stay light enough to keep in the repository.
    run(
        PYTHON,
        "-c",
        "import sys; from PIL import Image\n"
        "for f in sys.argv[1:]: Image.open(f).convert('RGB').quantize(256).save(f, optimize=True)",
        *sorted(folder.glob("*.png")),
    )
    pictures = list(folder.glob("*.png"))
    size = sum(p.stat().st_size for p in pictures) / 2**20
    print(f"{len(pictures)} screenshots ({size:.0f} MB) in {folder.relative_to(ROOT)}/")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="install, load the demo data and serve it")
    demo.add_argument("--bind", default="127.0.0.1:8000")
    check = sub.add_parser(
        "test", help="install the test tools and run every check; other arguments go to pytest"
    )
    check.add_argument("--ci", action="store_true", help="PostgreSQL and Chromium are required")
    sub.add_parser("messages", help="update the translation catalogs from the code")
    sub.add_parser(
        "screenshots", help="refresh docs/screenshots/: every page, both languages, both widths"
    )
    proving = sub.add_parser(
        "prove",
        help="scale data, load, faults and fuzzing; rewrites bench/RESULTS.md; "
        "other arguments go to bench/prove.py",
    )
    proving.add_argument("--short", action="store_true", help="the short mode CI runs")
    # Options meant for pytest or bench/prove.py (`-k name`, `--reuse`) are passed through.
    options, passed_on = parser.parse_known_args()
    if passed_on and options.command not in ("test", "prove"):
        parser.error(f"unrecognized arguments: {' '.join(passed_on)}")
    os.chdir(ROOT)
    # Every command run from here keeps its database, keys and mail in ./data.
    os.environ.setdefault("JISR_DATA_DIR", str(ROOT / "data"))
    if options.command == "demo":
        install("lock.txt")
        os.execv(BIN / "jisr", [str(BIN / "jisr"), "demo", "--bind", options.bind])
    elif options.command == "test":
        started = time.monotonic()
        if options.ci:
            demo_smoke()
        results = test(options.ci, passed_on)
        if options.ci:
            prove(short=True, extra=[])
        say(f"All checks passed in {time.monotonic() - started:.0f} s")
        print(test_totals(results))
    elif options.command == "messages":
        messages_update()
    elif options.command == "screenshots":
        screenshots()
    elif options.command == "prove":
        prove(options.short, passed_on)


if __name__ == "__main__":
    main()
