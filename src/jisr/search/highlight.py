"""Highlight matches in a document's original text. Pure Python, no Django.

Matching ran on normalized terms, which have no offsets into what the reader sees: the
original may carry diacritics, tatweel, a Persian ی or Arabic-Indic digits that the
terms do not. So the original is cut into words here, each word is normalized on its
own (``terms.chunk_tokens``) and compared with the query, and the highlights are the
original words' own offsets: ``مُحَمَّد`` is marked whole, diacritics included.
"""

import re
from collections.abc import Iterator

from .terms import Matcher

# A word of the original: letters and digits, with the marks, tatweel and invisible
# joiners that normalization removes from inside words.
WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    r"\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]|['’ʿʾ](?=\w))+"
)
# Only the start of a very long text is read for the snippet.
MAX_SCAN = 20_000
ELLIPSIS = "…"

Segments = list[tuple[str, bool]]


def _spans(text: str, matcher: Matcher, *, name: bool) -> Iterator[tuple[int, int]]:
    for word in WORD.finditer(text, 0, MAX_SCAN):
        if matcher.matches(word.group(), name=name):
            yield word.span()


def mark(text: str, matcher: Matcher | None, *, name: bool = False) -> Segments:
    """Return the whole text as (piece, is_match) segments."""
    if not text:
        return []
    if not matcher:
        return [(text, False)]
    return _segments(text, list(_spans(text, matcher, name=name)), 0, len(text))


def _segments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Segments:
    out: Segments = []
    position = start
    for begin, finish in spans:
        if finish <= start or begin >= end:
            continue
        begin, finish = max(begin, start), min(finish, end)
        if begin > position:
            out.append((text[position:begin], False))
        out.append((text[begin:finish], True))
        position = finish
    if position < end:
        out.append((text[position:end], False))
    return out


def snippet(
    text: str, matcher: Matcher | None, *, width: int = 220, name: bool = False
) -> tuple[Segments, bool]:
    """Return about ``width`` characters of text around its first match, as segments,
    and whether anything in it matched. Without a match, the start of the text."""
    if not text:
        return [], False
    spans = list(_spans(text, matcher, name=name)) if matcher else []
    if not spans:
        start, found = 0, False
    else:
        start, found = max(0, spans[0][0] - width // 3), True
        if start:
            space = text.find(" ", start, spans[0][0])
            start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out = _segments(text, spans, start, end)
    if start > 0:
        out.insert(0, (ELLIPSIS, False))
    if end < len(text):
        out.append((ELLIPSIS, False))
    return out, found


def plain(segments: Segments) -> str:
    return "".join(piece for piece, _hit in segments)
