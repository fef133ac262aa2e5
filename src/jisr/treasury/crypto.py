"""Encryption of donors' identities at rest (Fernet: AES-128-CBC with HMAC-SHA256).

``JISR_TREASURY_KEY`` lists keys newest first: new values are encrypted with the first,
any of them decrypts, and ``treasury_rotate_key`` re-encrypts every value with the first
(docs/treasury.md). A stolen database without the key shows no donor's name.
"""

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.JISR_TREASURY_KEY))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode() if token else ""


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode() if token else ""
