"""Arabic text normalization for search and for matching people's names.

Every indexed text and every query goes through ``normalize`` (or ``tokens`` /
``stemmed_tokens``), so that spellings Arabic readers treat as the same word meet:
hamza forms of alef, ة/ه, ى/ي, the Persian and Kurdish keyboard letters ی ک ھ,
diacritics, tatweel, and digits in any script. Standard library only: no Django.
"""

import re
import unicodedata

from jisr.core.text.digits import to_ascii_digits

ALEF = "\u0627"
YEH = "\u064a"
HEH = "\u0647"
WAW = "\u0648"
KAF = "\u0643"

# The reader's eye makes no difference between these letters, so search should not either.
LETTER_FOLDS = {
    "\u0623": ALEF,  # أ
    "\u0625": ALEF,  # إ
    "\u0622": ALEF,  # آ
    "\u0671": ALEF,  # ٱ alef wasla
    "\u0672": ALEF,  # ٲ wavy hamza above
    "\u0673": ALEF,  # ٳ wavy hamza below
    "\u0649": YEH,  # ى alef maksura
    "\u0626": YEH,  # ئ
    "\u06cc": YEH,  # ی Persian yeh
    "\u06d0": YEH,  # ې Pashto/Uyghur e
    "\u0629": HEH,  # ة teh marbuta
    "\u06be": HEH,  # ھ heh doachashmee (Kurdish keyboards)
    "\u06c0": HEH,  # ۀ heh with yeh above
    "\u06c1": HEH,  # ہ heh goal
    "\u06c2": HEH,  # ۂ heh goal with hamza above
    "\u0624": WAW,  # ؤ
    "\u06a9": KAF,  # ک keheh
}

# Removed outright. Tatweel is a letter-like modifier (Lm), not a mark, and the invisible
# controls are format characters (Cf), so the catch-all for marks below misses them.
REMOVED = (
    ["\u0640"]  # tatweel
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, hamza/madda marks
    + ["\u0670"]  # dagger alef
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + [chr(c) for c in range(0x200B, 0x2010)]  # zero-width space/joiners, LRM, RLM
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
    + ["\u061c", "\ufeff"]  # Arabic letter mark, byte order mark / zero-width no-break space
)

_TABLE = str.maketrans({**LETTER_FOLDS, **dict.fromkeys(REMOVED)})
_WORD = re.compile(r"[^\W_]+")

# Larkey et al.'s light10 affixes, with ة and ية left out: normalize has already made them ه
# and يه, which are in the list.
CONJUNCTION = WAW
ARTICLES = ("ال", "وال", "بال", "كال", "فال", "لل")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

# Words that are written both joined to the next name part and apart from it.
NAME_JOINERS = frozenset({"عبد", "ابو"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_TABLE)
    if not text.isascii():
        # Nonspacing marks, and the few spacing marks that still combine (a Javanese or
        # Hangul tone mark): none of them changes which word is meant.
        text = "".join(
            c for c in text if unicodedata.category(c) != "Mn" and not unicodedata.combining(c)
        )
    return " ".join(to_ascii_digits(text).split())


def _is_folded(text: str) -> bool:
    return unicodedata.is_normalized("NFKC", text) and text.casefold() == text


def normalize(text: str) -> str:
    """
    Return text folded for comparison, unstemmed: NFKC, casefolded, without
    diacritics, tatweel, combining marks or invisible controls, with the letter
    variants and digits folded and whitespace collapsed to single spaces.

    Never NFD: it would split أ into ا and a hamza mark before the letters are folded.
    """
    folded = _fold(text)
    # NFKC, casefolding and mark removal don't commute for a few non-Arabic characters
    # (a mark between two Hangul jamo, say); folding again settles them, so that
    # normalize(normalize(x)) == normalize(x) holds for any text.
    for _ in range(3):
        if _is_folded(folded):
            break
        folded = _fold(folded)
    return folded


def tokens(text: str) -> list[str]:
    """Return the word tokens (runs of letters and digits) of the normalized text."""
    return _WORD.findall(normalize(text))


def stem(token: str) -> str:
    """
    Return the light10 stem of one normalized token (Larkey, Ballesteros and
    Connell 2007, "Light Stemming for Arabic Information Retrieval"):

    1. Remove a leading و if at least 3 letters remain.
    2. Remove the first of the articles ال وال بال كال فال لل that begins the
       word, if at least 2 letters remain.
    3. Go once through the suffixes ها ان ات ون ين يه ه ي in that order,
       removing each one that ends the word, if at least 2 letters remain.

    So وبالكتاب gives كتاب (step 1 then step 2), unlike Lucene's ArabicStemmer,
    which removes only one prefix. A stem is never shorter than 2 letters unless
    the token was.
    """
    if token.startswith(CONJUNCTION) and len(token) >= len(CONJUNCTION) + 3:
        token = token[len(CONJUNCTION) :]
    for article in ARTICLES:
        if token.startswith(article) and len(token) >= len(article) + 2:
            token = token[len(article) :]
            break
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) >= len(suffix) + 2:
            token = token[: -len(suffix)]
    return token


def stemmed_tokens(text: str) -> list[str]:
    """Return the light10 stems of the word tokens of text."""
    return [stem(token) for token in tokens(text)]


def name_key(name: str) -> str:
    """
    Return a key that is equal for two spellings of the same person's name.

    Beyond normalize and dropping punctuation, عبد and ابو are joined to the
    name part after them, since عبد الله and عبدالله, ابو بكر and ابوبكر are
    the same name; a chain such as ابو عبد الله becomes one part.
    """
    parts: list[str] = []
    pending = ""
    for token in tokens(name):
        if token in NAME_JOINERS:
            pending += token
        else:
            parts.append(pending + token)
            pending = ""
    if pending:
        parts.append(pending)
    return " ".join(parts)
