"""Find proposals that say much the same thing: character n-gram TF-IDF over folded Arabic
(no Django import). Character n-grams match across Arabic prefixes and suffixes
(والمدارس / مدرسة) without a dictionary."""

import math
from collections import Counter
from collections.abc import Iterable

from jisr.core.text.arabic import normalize

N = 3


def ngrams(text: str, n: int = N) -> Counter:
    grams: Counter = Counter()
    for word in normalize(text).split():
        padded = f" {word} "
        grams.update(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
    return grams


def _vector(grams: Counter, idf: dict[str, float]) -> dict[str, float]:
    weights = {g: (1 + math.log(c)) * idf.get(g, 1.0) for g, c in grams.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {g: w / norm for g, w in weights.items()}


def most_similar(
    text: str, candidates: Iterable[tuple[int, str]], *, limit: int = 5, threshold: float = 0.25
) -> list[tuple[int, float]]:
    """Return up to ``limit`` (id, score) pairs of the candidates most like the text,
    best first, keeping only scores of at least ``threshold`` (cosine, 0 to 1)."""
    docs = [(pk, ngrams(body)) for pk, body in candidates]
    query = ngrams(text)
    if not docs or not query:
        return []
    df: Counter = Counter()
    for _pk, grams in docs:
        df.update(grams.keys())
    total = len(docs) + 1
    idf = {g: math.log(total / (1 + n)) + 1 for g, n in df.items()}
    q = _vector(query, idf)
    scored = []
    for pk, grams in docs:
        d = _vector(grams, idf)
        score = sum(w * d.get(g, 0.0) for g, w in q.items())
        if score >= threshold:
            scored.append((pk, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
