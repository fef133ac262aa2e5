"""E-mail goes through the task queue: a request never waits on an SMTP server, and a
message is queued only if the transaction that caused it commits."""

import base64
import re
from email.header import Header
from email.message import Message

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

_URL = re.compile(r"https?://[^\s<>\"«»]+")
_ARABIC_LETTERS = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")


class JisrEmailMessage(EmailMultiAlternatives):
    def message(self, *args, **kwargs):
        message = super().message(*args, **kwargs)
        # Django encodes a non-ASCII subject without counting the "Subject: " before it, so
        # the encoded text starts on a folded line and mail readers show a leading space.
        del message["Subject"]
        subject = str(self.subject)
        charset = "us-ascii" if subject.isascii() else "utf-8"
        Message.__setitem__(message, "Subject", Header(subject, charset, header_name="Subject"))
        return message


def text_language(text: str) -> str:
    """Return "ar" when most letters of the text, outside its links and addresses, are
    Arabic, else "en"."""
    text = re.sub(r"\S+@\S+", "", _URL.sub("", text))
    arabic = len(_ARABIC_LETTERS.findall(text))
    return "ar" if arabic and arabic >= len(_LATIN_LETTERS.findall(text)) else "en"


def _linked(line: str) -> str:
    html, last = [], 0
    for match in _URL.finditer(line):
        url = match.group(0).rstrip(".,;:!?)،؛")
        html += [
            escape(line[last : match.start()]),
            f'<a href="{escape(url)}" dir="ltr" style="word-break: break-all;">{escape(url)}</a>',
        ]
        last = match.start() + len(url)
    return "".join([*html, escape(line[last:])])


def html_from_text(text: str, *, subject: str) -> str:
    """The HTML part of a plain-text e-mail: the same paragraphs, links that can be tapped,
    the direction and language of the text; no image, no remote resource, no tracking."""
    language = text_language(text)
    paragraphs = [
        mark_safe("<br>\n".join(_linked(line) for line in block.splitlines()))
        for block in re.split(r"\n\s*\n", text.strip())
    ]
    return render_to_string(
        "email/message.html",
        {
            "subject": subject,
            "paragraphs": paragraphs,
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
        },
    )


def with_html(message: EmailMessage) -> EmailMultiAlternatives:
    """Give a message that has only plain text an HTML part made from it."""
    if not isinstance(message, EmailMultiAlternatives):
        copy = EmailMultiAlternatives()
        copy.__dict__.update(message.__dict__)
        message = copy
    if message.content_subtype == "plain" and not any(
        mimetype == "text/html" for _content, mimetype in message.alternatives
    ):
        message.attach_alternative(
            html_from_text(str(message.body), subject=str(message.subject)), "text/html"
        )
    return message


def message_to_payload(message: EmailMessage) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(c), m] for c, m in getattr(message, "alternatives", [])],
        "attachments": [
            [
                name,
                base64.b64encode(
                    content if isinstance(content, bytes) else content.encode()
                ).decode(),
                mimetype,
            ]
            for name, content, mimetype in message.attachments
            if isinstance(content, bytes | str)
        ],
    }


def message_from_payload(payload: dict) -> EmailMultiAlternatives:
    message = JisrEmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in payload["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


class TaskQueueEmailBackend(BaseEmailBackend):
    """Queue every message; each leaves with a plain-text and an HTML part."""

    def send_messages(self, email_messages):
        from . import queue, tasks

        for message in email_messages:
            queue.enqueue(tasks.send_email, message_to_payload(with_html(message)))
        return len(email_messages)
