"""What the load and fault runs share: the production server and worker started for real,
a small HTTP client that signs in like a browser, and wrk.

Everything runs on loopback. The server is `jisr serve` (gunicorn, WhiteNoise) with the
production settings, as if behind a TLS proxy (the client sends X-Forwarded-Proto).
"""

import base64
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
JISR = Path(sys.executable).with_name("jisr")
LOAD_PASSWORD = "jisr-load-test-2026"  # generate_scale_data --load-accounts (docs/scale-data.md)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def production_env(database_url: str, data_dir: Path, *, page_cache: bool = True) -> dict:
    """The environment of a production deployment on this machine (loopback only)."""
    return {
        **os.environ,
        "JISR_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JISR_TREASURY_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "JISR_DATA_DIR": str(data_dir),
        "PAGE_CACHE_SECONDS": "30" if page_cache else "0",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "JISR_SITE_URL": "https://127.0.0.1",
        "PYTHONUNBUFFERED": "1",
        "STATIC_ROOT": str(STATIC_ROOT),
    }


STATIC_ROOT = Path(tempfile.gettempdir()) / "jisr-load-static"
_collected = False


def collect_static(env: dict) -> None:
    """Once per run: compressing every static file takes about a minute here."""
    global _collected
    if not _collected:
        subprocess.run(
            [str(JISR), "manage", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        _collected = True


class Processes:
    """`jisr serve` and `jisr worker`, started, watched and stopped for real."""

    def __init__(self, database_url: str, *, page_cache: bool = True, workers: int = 3):
        self.data_dir = Path(tempfile.mkdtemp(prefix="jisr-load-"))
        self.env = production_env(database_url, self.data_dir, page_cache=page_cache)
        self.port = free_port()
        self.workers = workers
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start(self, *args: str, log_name: str) -> subprocess.Popen:
        out = (self.data_dir / log_name).open("wb")
        return subprocess.Popen(
            [str(JISR), *args],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_server(self) -> None:
        collect_static(self.env)
        self.server = self._start(
            "serve",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            log_name="server.log",
        )
        self.wait_ready()

    def start_worker(self) -> None:
        self.worker = self._start("worker", log_name="worker.log")

    def wait_ready(self, timeout: float = 60) -> float:
        """Seconds until /health/ready answers 200."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.server is not None and self.server.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{self.server_log()[-3000:]}")
            try:
                if Client(self.base).get("/health/ready").status == 200:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server was not ready in {timeout:.0f} s")

    def server_log(self) -> str:
        return (self.data_dir / "server.log").read_text(errors="replace")

    def status_counts(self) -> dict[int, int]:
        """Responses by status, from gunicorn's access log."""
        counts: dict[int, int] = {}
        for match in re.finditer(r'" (\d{3}) ', self.server_log()):
            status = int(match.group(1))
            counts[status] = counts.get(status, 0) + 1
        return counts

    def mail_files(self) -> list[Path]:
        folder = self.data_dir / "mail"
        return sorted(folder.glob("*")) if folder.exists() else []

    def stop(self) -> None:
        for process in (self.worker, self.server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- A browser-like client ------------------------------------------------------------------


def _canonical(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


class SignInRefused(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """Keeps its cookies and one keep-alive connection; presents itself as coming through
    the TLS proxy from its own address (so rate limits see many visitors)."""

    base: str
    address: str = "203.0.113.1"
    timeout: float = 15.0
    cookies: dict = field(default_factory=dict)

    def __post_init__(self):
        host, port = self.base.removeprefix("http://").split(":")
        self._target = (host, int(port))
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Host": "127.0.0.1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "https://127.0.0.1" + path
            headers["Origin"] = "https://127.0.0.1"
        start = time.monotonic()
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(*self._target, timeout=self.timeout)
            try:
                self._connection.request(method, path, body=body, headers=headers)
                raw = self._connection.getresponse()
                payload = raw.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed meanwhile: open a new one once.
                self.close()
                if attempt == 2:
                    raise
        # Header names in their usual case: a proxy (HAProxy) may send them in lower case.
        headers = {_canonical(name): value for name, value in raw.getheaders()}
        response = Response(raw.status, headers, payload, time.monotonic() - start)
        for value in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.csrf_token()})

    def csrf_token(self) -> str:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/login/")
        return self.cookies["csrftoken"]

    def sign_in(self, email: str, password: str = LOAD_PASSWORD) -> None:
        response = self.post("/accounts/login/", {"login": email, "password": password})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SignInRefused(f"could not sign in as {email}: HTTP {response.status}")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# --- wrk --------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
WRK_HEADERS = ["-H", "X-Forwarded-Proto: https", "-H", "Host: 127.0.0.1"]


def wrk(url: str, seconds: float, connections: int = 32, script: Path | None = None) -> dict:
    """Run wrk against one URL (or a script's mix) and read its summary."""
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{max(round(seconds), 1)}s",
        "--latency",
        "--timeout",
        "10s",
        *WRK_HEADERS,
    ]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> dict:
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+\w+)", output, re.M)
        result[f"p{pct}_ms"] = _ms(match.group(1)) if match else None
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["socket_errors"] = sum(int(n) for n in match.groups())
    if match := re.search(r"^5xx: (\d+)$", output, re.M):  # from mix.lua
        result["5xx"] = int(match.group(1))
    return result
