"""What a document is indexed under and what a query looks for. Pure Python, no Django.

Both sides go through ``core.text.arabic`` here, once, so that the spellings Arabic
readers treat as one word meet in the index whatever the database: the database only
ever compares finished terms. A document has four groups of terms, one per column of
the index, ranked in this order:

``exact``   the words of the title and of the other names, unstemmed;
``stems``   their stems (titles), or for names only the prefixes stripped: و and the
            article go, suffixes stay, so حسين never meets حسان;
``body``    the words of the text, each followed by its stem;
``sounds``  consonant keys of the names in Arabic script (``translit``), which only
            Latin-script query words are compared with.

A query is a list of terms that must all match (AND); each term is a set of spellings of
which any may match (OR). The last one also matches as a prefix while the user types.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from jisr.core.text import arabic

from . import translit

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 10
# Shorter prefixes, or the article with fewer letters after it, would expand to most of
# the index (every word starting with الم).
MIN_PREFIX = 3

HAMZA = "\u0621"
# Hamza is written on different seats by different writers: مسؤول and مسئول, هيئة and
# هيأة. normalize folds the seats to و, ي and ا, so those spellings stay apart; a second
# spelling with every seat written as ء brings them together.
HAMZA_SEATS = {"\u0624", "\u0626", HAMZA}
ALEF_HAMZA = "\u0623"
NOT_SEAT_BEFORE_ALEF_HAMZA = {"ا", "ل", "و"}  # الأمر, وأكد: a word starting with أ

LLAH = "الله"
# عبدلله, ھيبة لله: the roster writes الله without its alef after a name part.
SHORT_LLAH = "لله"


@lru_cache(maxsize=200_000)
def chunk_tokens(chunk: str) -> tuple[tuple[str, str], ...]:
    """Return, for each token of a piece of text without spaces, the token and its
    hamza spelling ('' when it has no hamza or the same one)."""
    found = arabic.tokens(chunk)
    if not any(c in chunk for c in "\u0621\u0623\u0624\u0626\u0654"):
        return tuple((token, "") for token in found)
    seated = _hamza_spelling(chunk)
    variants = arabic.tokens(seated)
    if len(variants) != len(found):
        return tuple((token, "") for token in found)
    return tuple(
        (token, variant if variant != token else "")
        for token, variant in zip(found, variants, strict=True)
    )


def _hamza_spelling(chunk: str) -> str:
    chunk = unicodedata.normalize("NFKC", chunk)
    letters = []
    for index, char in enumerate(chunk):
        if char in HAMZA_SEATS or (
            char == ALEF_HAMZA
            and index > 0
            and chunk[index - 1].isalpha()
            and chunk[index - 1] not in NOT_SEAT_BEFORE_ALEF_HAMZA
        ):
            letters.append(HAMZA)
        else:
            letters.append(char)
    return "".join(letters)


def bare(token: str) -> str:
    """Return the token without the conjunction و and the article (light10's steps 1
    and 2, with the same length limits), keeping its suffixes: the stem of a name."""
    if token.startswith(arabic.CONJUNCTION) and len(token) >= len(arabic.CONJUNCTION) + 3:
        token = token[len(arabic.CONJUNCTION) :]
    for article in arabic.ARTICLES:
        if token.startswith(article) and len(token) >= len(article) + 2:
            return token[len(article) :]
    return token


def _long_llah(token: str) -> str:
    if token.endswith(SHORT_LLAH) and not token.endswith(LLAH):
        return token[: -len(SHORT_LLAH)] + LLAH
    return ""


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[0] <= "\u06ff"


def _chunks(text: str) -> list[str]:
    return translit.clean_latin(text).split()


def _word_spellings(token: str, hamza: str) -> list[str]:
    """The unstemmed spellings a word is found by."""
    spellings = [token]
    if hamza:
        spellings.append(hamza)
    if not token.isascii() and not _is_arabic(token):
        folded = translit.fold_latin(token)
        if folded != token:
            spellings.append(folded)
    return spellings


def _name_parts(token: str) -> list[str]:
    """عبدالمهدي is also found as عبد المهدي, عبدلله also as عبدالله."""
    parts = translit.split_arabic_compound(token)
    parts = parts if len(parts) > 1 else []
    return [p for p in (*parts, _long_llah(token), *map(_long_llah, parts)) if p]


@dataclass(frozen=True)
class DocumentTerms:
    exact: str
    stems: str
    body: str
    sounds: str


class _Bag(dict):
    """Terms in first-seen order, each once."""

    def add(self, *terms: str) -> None:
        for term in terms:
            if term:
                self.setdefault(term, None)

    def text(self) -> str:
        return " ".join(self)


# Documents repeat the same words: their terms are worked out once per piece of text.
@lru_cache(maxsize=200_000)
def _name_chunk(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The exact terms, stems and tokens of a piece of a name."""
    exact, stems, found = _Bag(), _Bag(), []
    for token, hamza in chunk_tokens(chunk):
        found.append(token)
        parts = _name_parts(token)
        exact.add(*_word_spellings(token, hamza), *parts)
        stems.add(bare(token), bare(hamza), *map(bare, parts))
    return tuple(exact), tuple(stems), tuple(found)


@lru_cache(maxsize=200_000)
def _title_chunk(chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    exact, stems = _Bag(), _Bag()
    for token, hamza in chunk_tokens(chunk):
        exact.add(*_word_spellings(token, hamza))
        stems.add(arabic.stem(token), arabic.stem(hamza) if hamza else "")
    return tuple(exact), tuple(stems)


@lru_cache(maxsize=200_000)
def _body_chunk(chunk: str) -> str:
    """The piece's words, each followed by its stem when that differs."""
    body = []
    for token, hamza in chunk_tokens(chunk):
        for spelling in _word_spellings(token, hamza):
            body.append(spelling)
            stemmed = arabic.stem(spelling)
            if stemmed != spelling:
                body.append(stemmed)
    return " ".join(body)


def document_terms(
    *, title: str, text: str = "", names: Iterable[str] = (), title_is_name: bool = False
) -> DocumentTerms:
    """Return the terms a document is indexed under.

    ``names`` are other names of the same thing (aliases, a Latin-script name); with
    ``title_is_name`` the title is a name too (a person's): names are never stemmed
    beyond their prefixes, and in Arabic script they also get sound keys.
    """
    exact, stems, sounds = _Bag(), _Bag(), _Bag()
    for name in ([title] if title_is_name else []) + [n for n in names if n]:
        name_tokens: list[str] = []
        for chunk in _chunks(name):
            chunk_exact, chunk_stems, found = _name_chunk(chunk)
            exact.add(*chunk_exact)
            stems.add(*chunk_stems)
            name_tokens += found
        exact.add(*arabic.name_key(name).split())
        sounds.add(*translit.arabic_name_keys([t for t in name_tokens if _is_arabic(t)]))
    if not title_is_name:
        for chunk in _chunks(title):
            chunk_exact, chunk_stems = _title_chunk(chunk)
            exact.add(*chunk_exact)
            stems.add(*chunk_stems)
    body = " ".join(filter(None, map(_body_chunk, _chunks(text))))
    return DocumentTerms(exact.text(), stems.text(), body, sounds.text())


# --- Queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word of the query. ``words`` are matched against the exact, stems and body
    terms; ``sounds`` against the sound keys, each alternative a tuple of keys that must
    all be there (Abdulmahdi: abd and mahdi)."""

    token: str
    words: tuple[str, ...]
    sounds: tuple[tuple[str, ...], ...] = ()
    prefix: bool = False

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The spellings also matched as the start of a word (when ``prefix``)."""
        if not self.prefix:
            return ()
        return tuple(w for w in self.words if len(bare(w)) >= MIN_PREFIX)


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)


def _query_words(token: str, hamza: str) -> tuple[str, ...]:
    words = _Bag()
    for spelling in _word_spellings(token, hamza):
        words.add(spelling, arabic.stem(spelling), bare(spelling), _long_llah(spelling))
    return tuple(words)


def parse_query(raw: str, *, prefix: bool = True) -> Query:
    """Return the query's terms, normalized and stemmed exactly as documents are.

    Only letters and digits survive, so quotes, operators and SQL in the input are never
    more than words. Longer input is cut to ``MAX_QUERY_CHARS`` and ``MAX_QUERY_TERMS``.
    """
    raw = raw or ""
    truncated = len(raw) > MAX_QUERY_CHARS
    if truncated:
        cut = raw[:MAX_QUERY_CHARS]
        raw = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut
    typing = bool(raw) and not raw[-1].isspace()
    found = [pair for chunk in _chunks(raw) for pair in chunk_tokens(chunk)]
    if len(found) > 1:
        found = [p for p in found if p[0] not in translit.LATIN_PARTICLES] or found
    unique: dict[str, str] = {}
    for token, hamza in found:
        unique.setdefault(token, hamza)
    if len(unique) > MAX_QUERY_TERMS:
        truncated = True
        unique = dict(list(unique.items())[:MAX_QUERY_TERMS])
    terms = []
    for token, hamza in unique.items():
        keys = tuple(translit.latin_token_keys(token)) if translit.is_latin_word(token) else ()
        terms.append(Term(token, _query_words(token, hamza), (keys,) if keys else ()))
    # One-consonant keys (Ali, Abu) find far too much unless a longer key comes with them.
    if not any(len(key) > 1 for term in terms for alt in term.sounds for key in alt):
        terms = [Term(t.token, t.words) for t in terms]
    if terms and prefix and typing and len(bare(terms[-1].token)) >= MIN_PREFIX:
        last = terms[-1]
        terms[-1] = Term(last.token, last.words, last.sounds, prefix=True)
    return Query(text=raw.strip(), terms=tuple(terms), truncated=truncated)


# --- Highlighting -----------------------------------------------------------------------------


class Matcher:
    """Tells whether a word of a document's original text is one the query found."""

    def __init__(self, query: Query):
        self.words = {w for term in query.terms for w in term.words}
        self.prefixes = tuple(p for term in query.terms for p in term.prefixes)
        self.sounds = {key for term in query.terms for alt in term.sounds for key in alt}
        last = query.terms[-1] if query.terms else None
        self.sound_prefixes = tuple(
            alt[-1] for alt in (last.sounds if last and last.prefix else ()) if len(alt[-1]) > 1
        )

    def __bool__(self) -> bool:
        return bool(self.words or self.sounds)

    def matches(self, original: str, *, name: bool = False) -> bool:
        """Whether the original word (with its diacritics, hamza, any digits) matches."""
        for token, hamza in chunk_tokens(translit.clean_latin(original)):
            candidates = set(_query_words(token, hamza))
            if name:
                candidates.update(_name_parts(token))
            if candidates & self.words:
                return True
            if self.prefixes and any(c.startswith(p) for c in candidates for p in self.prefixes):
                return True
            if name and self.sounds and _is_arabic(token):
                keys = translit.arabic_name_keys([token])
                if self.sounds.intersection(keys) or any(
                    k.startswith(p) for k in keys for p in self.sound_prefixes
                ):
                    return True
        return False
