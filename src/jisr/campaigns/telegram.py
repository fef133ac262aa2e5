"""A small client of Telegram's Bot API (https://core.telegram.org/bots/api): ``sendMessage``
and ``sendPhoto`` to one channel, nothing else.

It opens the connection first (:meth:`Client.open`) and writes the request only when asked
(:meth:`Connection.call`), so the caller can record, between the two, that from now on the
message may reach the channel. What went wrong is told apart by what it means for sending
again:

- :class:`Unreachable`: no request was written (DNS, refused connection, TLS): safe to retry;
- :class:`NoAnswer`: the request was written but no answer was read: it may be on the channel;
- :class:`ApiError`: Telegram answered ``{"ok": false, ...}`` (or a bare HTTP error): not
  posted; ``retry_after`` is set for its rate limit (429).

The bot's token is part of every request's path: no exception or log line here shows it.
"""

from __future__ import annotations

import http.client
import json
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

#: Telegram's limits: a message's text, and a photo's caption.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


class TelegramError(Exception):
    pass


class Unreachable(TelegramError):
    """The connection could not be opened: nothing was sent."""


class NoAnswer(TelegramError):
    """The request was (maybe partly) written and no answer was read: it may be posted."""


class ApiError(TelegramError):
    def __init__(self, code: int, description: str = "", retry_after: int | None = None):
        super().__init__(f"Telegram answered {code}: {description}")
        self.code = code
        self.description = description[:300]
        self.retry_after = retry_after


@dataclass(frozen=True)
class Client:
    token: str
    chat_id: str
    base_url: str = "https://api.telegram.org"
    timeout: float = 20

    @classmethod
    def from_settings(cls) -> Client | None:
        """The configured client, or None when the token or the channel is not set."""
        token, chat_id = settings.JISR_TELEGRAM_BOT_TOKEN, settings.JISR_TELEGRAM_CHANNEL
        if not (token and chat_id):
            return None
        return cls(
            token=token,
            chat_id=chat_id,
            base_url=settings.JISR_TELEGRAM_API_URL,
            timeout=settings.JISR_TELEGRAM_TIMEOUT,
        )

    def open(self) -> Connection:
        """Open the connection (TCP, then TLS for https); nothing of the request is sent."""
        parts = urlsplit(self.base_url)
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout
            )
        elif parts.scheme == "http":
            connection = http.client.HTTPConnection(
                parts.hostname or "", parts.port, timeout=self.timeout
            )
        else:
            raise Unreachable(f"JISR_TELEGRAM_API_URL has an unknown scheme: {parts.scheme!r}")
        try:
            connection.connect()
        except (OSError, ssl.SSLError) as error:
            connection.close()
            raise Unreachable(f"cannot reach {parts.hostname}: {type(error).__name__}") from None
        return Connection(self, connection, parts.path.rstrip("/"))


def message_params(chat_id: str, *, text: str, photo_url: str = "") -> tuple[str, dict]:
    """The method and its parameters for one post: a photo with the text as its caption, or
    the text alone (plain text: no parse mode, so nothing in a title needs escaping)."""
    if photo_url:
        return "sendPhoto", {
            "chat_id": chat_id,
            "photo": photo_url,
            "caption": text[:CAPTION_LIMIT],
        }
    return "sendMessage", {"chat_id": chat_id, "text": text[:TEXT_LIMIT]}


class Connection:
    def __init__(self, client: Client, connection: http.client.HTTPConnection, prefix: str):
        self.client, self.connection, self.prefix = client, connection, prefix

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.connection.close()

    def call(self, method: str, params: dict) -> dict:
        """Write the request, read Telegram's answer and return its ``result``."""
        body = json.dumps(params, ensure_ascii=False).encode()
        path = f"{self.prefix}/bot{self.client.token}/{method}"
        try:
            self.connection.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
            response = self.connection.getresponse()
            status, raw = response.status, response.read()
        except (TimeoutError, OSError, http.client.HTTPException) as error:
            raise NoAnswer(f"no answer to {method}: {type(error).__name__}") from None
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ApiError(status if status >= 400 else 502, "the answer is not Telegram's JSON")
        if answer.get("ok") is True and isinstance(answer.get("result"), dict):
            return answer["result"]
        parameters = answer.get("parameters") or {}
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise ApiError(
            int(answer.get("error_code") or status),
            str(answer.get("description") or ""),
            int(retry_after) if isinstance(retry_after, int | float) else None,
        )
