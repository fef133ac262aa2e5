"""A local stand-in for Telegram's Bot API: a stdlib HTTP server in a thread that speaks
its request and response shapes and counts what it received. Nothing reaches the internet.

- ``POST /bot<token>/sendMessage`` and ``/sendPhoto``, with a JSON or a form body;
- ``{"ok": true, "result": {"message_id": n, ...}}`` on success;
- scripted answers, one per request, in order (then success): ``rate_limit(seconds)`` (429
  with ``parameters.retry_after``), ``refuse(code, description)`` (400, 403, 5xx), ``HOLD``
  (the request is received and counted, then no answer until ``release()``: a worker can
  be killed while Telegram holds its request);
- ``stall_handshake`` (HTTPS only): connections are accepted and then held before the TLS
  handshake, so a worker blocks before any byte of its request has left.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections import deque
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-token-for-the-local-server"
CHANNEL = "@jisr_demo_channel"
HOLD = "hold"


def rate_limit(seconds: int) -> tuple[int, dict]:
    return 429, {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


def refuse(code: int, description: str) -> tuple[int, dict]:
    return code, {"ok": False, "error_code": code, "description": description}


class FakeTelegram(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, tls_dir: Path | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[str, dict]] = []
        self.answers: deque = deque()
        self.next_message_id = 100
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.stall_handshake = False
        self.stalled = 0
        self.tls: ssl.SSLContext | None = None
        if tls_dir is not None:
            cert, key = _self_signed(tls_dir)
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(cert, key)
            self.cafile = cert
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        host = "localhost" if self.tls else "127.0.0.1"
        return f"{scheme}://{host}:{self.server_address[1]}"

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self.shutdown()
        self.server_close()

    def release(self) -> None:
        self.released.set()

    def script(self, *answers) -> None:
        self.answers.extend(answers)

    def texts(self) -> list[str]:
        return [params.get("text") or params.get("caption") or "" for _, params in self.received]

    def finish_request(self, request, client_address):
        if self.tls is not None:
            if self.stall_handshake:
                with self.lock:
                    self.stalled += 1
                self.released.wait(60)
                request.close()
                return
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: FakeTelegram
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            params = json.loads(raw)
        else:
            params = dict(parse_qsl(raw))
        token, _, method = self.path.lstrip("/").partition("/")
        if token != f"bot{TOKEN}":
            return self._answer(*refuse(401, "Unauthorized"))
        if method not in ("sendMessage", "sendPhoto"):
            return self._answer(*refuse(404, "Not Found"))
        with self.server.lock:
            self.server.received.append((method, params))
            answer = self.server.answers.popleft() if self.server.answers else None
            message_id = self.server.next_message_id
            self.server.next_message_id += 1
        if answer == HOLD:
            # Telegram has the message; its answer never reaches the worker.
            self.server.released.wait(60)
            self.close_connection = True
            return None
        if answer is not None:
            return self._answer(*answer)
        result = {"message_id": message_id, "chat": {"username": CHANNEL[1:], "type": "channel"}}
        return self._answer(200, {"ok": True, "result": result})

    def _answer(self, status: int, body: dict):
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            pass


def _self_signed(folder: Path) -> tuple[str, str]:
    """A certificate for ``localhost``, which the worker trusts through SSL_CERT_FILE."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "telegram.pem", folder / "telegram.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)
