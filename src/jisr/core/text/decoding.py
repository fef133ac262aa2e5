"""Reading the bytes of an uploaded or command-line file as text, the same way for every
importer (parliament CSV, Popolo JSON, election CSV). Standard library only: no Django.

The encoding is told from the first 64 kB, strictly, in this order:

- UTF-8 with a byte order mark (Excel's “CSV UTF-8”);
- UTF-16 with a byte order mark (Excel's “Unicode text”), or without one when the zero
  bytes of its Latin letters and digits show it;
- UTF-8 (plain);
- Windows-1256, what older Arabic spreadsheets save as “CSV”, but only when the text it
  gives is plausible: Arabic letters and ASCII. UTF-8 with a few broken bytes among much
  Arabic is refused (naming the line) rather than read as Windows-1256, which would
  silently turn the Arabic into nonsense.

The text is then checked as it is read: a NUL byte or another control character, or a line
longer than ``MAX_LINE`` characters, is refused with the line named; nothing is replaced
or guessed. Line breaks (CR, LF, CRLF) all become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

UTF8, UTF8_BOM, UTF16, CP1256 = "UTF-8", "UTF-8 (BOM)", "UTF-16", "Windows-1256"
HEAD = 1 << 16
CHUNK = 1 << 20
# Python's csv module refuses a cell longer than this; no row of ours is near it.
MAX_LINE = 131_072

# C0 control characters other than tab, line feed and carriage return: they have no place
# in a text file, and PostgreSQL refuses NUL in text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r")
# What Windows-1256 text from an Arabic spreadsheet holds besides ASCII: Arabic letters,
# digits and punctuation, the joiners and direction marks, typographic punctuation.
_ARABIC_TEXT = re.compile("[\u0600-\u06ff\u200c-\u200f\u00a0«»–—‘’“”…×÷]")


class DecodeFailed(Exception):
    """The bytes are not text this module reads; ``key`` says why, ``line`` where (when it
    can be told), ``values`` the details a message may show."""

    def __init__(self, key: str, line: int | None = None, **values):
        self.key = key
        self.line = line
        self.values = values
        super().__init__(key, line)


def _plausible(text: str) -> bool:
    """Whether decoded text looks like what Jisr's files hold: ASCII and Arabic script,
    with no control characters."""
    if _CONTROL.search(text):
        return False
    other = sum(1 for c in text if c > "\x7f")
    return len(_ARABIC_TEXT.findall(text)) >= 0.8 * other


def _utf16_without_bom(head: bytes, complete: bool) -> str | None:
    """Return the codec of UTF-16 text without a byte order mark: the high bytes of its
    characters, 0 for ASCII (commas, digits, line breaks) and 6 for Arabic, are all on the
    same side."""
    even, odd = head[0::2], head[1::2]
    even_high, odd_high = even.count(0) + even.count(6), odd.count(0) + odd.count(6)
    if not (even.count(0) or odd.count(0) or b"\x06" in head):
        return None
    if odd and odd_high >= 0.9 * len(odd) and even_high < 0.5 * len(even):
        codec = "utf-16-le"
    elif even and even_high >= 0.9 * len(even) and odd_high < 0.5 * len(odd):
        codec = "utf-16-be"
    else:
        return None
    try:
        text = codecs.getincrementaldecoder(codec)().decode(head, final=complete)
    except UnicodeDecodeError:
        return None
    return codec if _plausible(text) else None


def _plausible_cp1256(head: bytes) -> bool:
    return _plausible(head.decode("cp1256"))


def detect(head: bytes, *, complete: bool = False) -> tuple[str, str]:
    """Return (the encoding's name, the codec) of a file that starts with ``head``
    (``complete``: head is the whole file), or raise DecodeFailed."""
    if head.startswith(codecs.BOM_UTF8):
        return UTF8_BOM, "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16, "utf-16"
    codec = _utf16_without_bom(head, complete)
    if codec:
        return UTF16, codec
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return UTF8, "utf-8"
    except UnicodeDecodeError as error:
        line = head[: error.start].count(b"\n") + 1
        if complete and error.end == len(head) and "end of data" in error.reason:
            raise DecodeFailed("truncated", line) from None
        text = head.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        if arabic >= 10 * broken:
            raise DecodeFailed("utf8_damaged", line) from None
    if _plausible_cp1256(head):
        return CP1256, "cp1256"
    raise DecodeFailed("not_text")


class TextSource:
    """The text of a file read from a binary stream in chunks that end at a line break,
    with ``\\r\\n`` and ``\\r`` turned into ``\\n``, in bounded memory whatever the size."""

    def __init__(
        self,
        stream,
        *,
        size: int | None = None,
        chunk: int = CHUNK,
        max_line: int | None = MAX_LINE,
    ):
        self.stream = stream
        self.size = size
        self.chunk = chunk
        self.max_line = max_line
        self.bytes_read = 0
        self.lines_done = 0
        head = stream.read(HEAD)
        self._head = head
        complete = len(head) < HEAD
        self.encoding, self._codec = detect(head, complete=complete)
        self._decoder = codecs.getincrementaldecoder(self._codec)(errors="strict")
        self._wide = self.encoding == UTF16

    def _decode(self, raw: bytes, final: bool) -> str:
        try:
            return self._decoder.decode(raw, final=final)
        except UnicodeDecodeError as error:
            if final:  # the bytes left over at the end are not a whole character
                raise DecodeFailed("truncated", self.lines_done + 1) from None
            before = raw[: max(error.start, 0)].decode(self._codec, errors="replace")
            line = self.lines_done + before.count("\n") + 1
            key = "utf16_broken" if self.encoding == UTF16 else "not_encoding"
            raise DecodeFailed(key, line) from None

    def _check(self, text: str) -> None:
        """Refuse a NUL byte or another control character, naming its line."""
        found = _CONTROL.search(text)
        if found:
            line = self.lines_done + text.count("\n", 0, found.start()) + 1
            char = found.group()
            if char == "\x00":
                raise DecodeFailed("nul", line)
            raise DecodeFailed("control", line, char=f"U+{ord(char):04X}")

    def chunks(self) -> Iterator[str]:
        """Yield the text in pieces that each end just before a line break (the last one
        at the end of the file); joined with "\\n" they are the whole text."""
        rest = ""
        raw = self._head
        first = True
        while True:
            if raw is None:
                raw = self.stream.read(self.chunk)
            self.bytes_read += len(raw)
            final = not raw
            text = self._decode(raw, final)
            raw_bytes, raw = raw, None
            if first:
                text = text.lstrip("\ufeff")
                first = False
            text = rest + text
            if "\r" in text:
                if text.endswith("\r") and not final:  # its "\n" may start the next chunk
                    text, held = text[:-1], "\r"
                else:
                    held = ""
                text = text.replace("\r\n", "\n").replace("\r", "\n") + held
            if self._wide or len(raw_bytes.translate(None, _CONTROL_BYTES)) != len(raw_bytes):
                self._check(text)  # in UTF-8 and Windows-1256 a control is its own byte
            if final:
                # The file's last line break ends its last line, as one cut above would.
                text = text.removesuffix("\n")
                if text:
                    yield text
                return
            cut = text.rfind("\n")
            if cut < 0:
                rest = text
            else:
                rest = text[cut + 1 :]
                piece = text[:cut]
                self.lines_done += piece.count("\n") + 1
                yield piece
            # A line with no end in sight would grow in memory: a file of that kind is not
            # a CSV file, or has lost its line breaks.
            if self.max_line is not None and len(rest) > self.max_line:
                raise DecodeFailed("line_too_long", self.lines_done + 1, max=self.max_line)

    def lines(self) -> Iterator[str]:
        """Yield the lines, each ending in "\\n", for the csv module."""
        for piece in self.chunks():
            for line in piece.split("\n"):
                yield line + "\n"


def decode(data: bytes, *, max_line: int | None = MAX_LINE) -> tuple[str, str]:
    """Return the whole text of ``data`` (line breaks as ``\\n``) and its encoding's name,
    or raise DecodeFailed, as TextSource would. ``max_line=None``: lines of any length (a
    JSON document on one line)."""
    encoding, codec = detect(data[:HEAD], complete=len(data) <= HEAD)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        if error.end >= len(data) and "data" in error.reason:  # "unexpected end of data"
            raise DecodeFailed("truncated", line) from None
        raise DecodeFailed("utf16_broken" if encoding == UTF16 else "not_encoding", line) from None
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        if found.group() == "\x00":
            raise DecodeFailed("nul", line)
        raise DecodeFailed("control", line, char=f"U+{ord(found.group()):04X}")
    text = text.removesuffix("\n")
    if max_line is not None and len(text) > max_line:
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if end - start > max_line:
                line = text.count("\n", 0, start) + 1
                raise DecodeFailed("line_too_long", line, max=max_line)
            start = end + 1
    return text, encoding
