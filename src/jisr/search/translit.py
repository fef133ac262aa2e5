"""Sound keys: find a name stored in Arabic script from its Latin spelling.

"Raed Fahmi" and رائد فهمي share the keys ``rd`` and ``fhm``: the consonants of each name
part, in classes that the usual romanizations of Iraqi names agree on. Vowels are left out
on both sides, because Latin spellings of the same name differ mostly in their vowels
(Mohammed, Muhammad, Mohamad) and Arabic writes short vowels not at all.

What the keys cannot do (docs/search.md lists it for users): tell ث from س (Othman and
Osman), ذ and ظ from ز (Nadhim and Nazim), ق or ج written as g (Iraqi Gassim for قاسم,
Egyptian Gamal for جمال), or names whose skeleton is a single consonant (Ali, Issa), which
would match far too much alone. Standard library only.
"""

import re
import unicodedata

# Arabic letters (already folded by core.text.arabic.normalize) to consonant classes.
# An empty class is a letter that Latin spellings render as a vowel or leave out.
ARABIC_CLASSES = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "c",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "d",
    "ع": "",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "ا": "",
    "ء": "",
    # Persian and Kurdish letters in Iraqi names
    "پ": "b",
    "چ": "c",
    "ژ": "z",
    "گ": "g",
    "ڤ": "f",
    "ڵ": "l",
    "ڕ": "r",
    "ۆ": "w",
    "ێ": "y",
}
SEMIVOWELS = {"w", "y"}

# Latin spellings of one Arabic consonant, longest first.
LATIN_DIGRAPHS = [
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "c"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("zh", "z"),
    ("dj", "j"),
]
LATIN_CLASSES = {
    "b": "b",
    "p": "b",
    "t": "t",
    "d": "d",
    "j": "j",
    "h": "h",
    "x": "x",
    "r": "r",
    "z": "z",
    "s": "s",
    "c": "k",
    "g": "g",
    "f": "f",
    "v": "f",
    "q": "k",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "w": "w",
    "y": "y",
    "a": "",
    "e": "",
    "i": "",
    "o": "",
    "u": "",
}
VOWELS = set("aeiou")

# The article written before a name part: al-Maliki, as-Sadr, ash-Shahristani.
LATIN_ARTICLE = re.compile(r"\b(?:al|el|ul|a[dnrstz]|ash|adh|ath)-(?=[a-z])", re.I)
LATIN_PARTICLES = frozenset({"al", "el"})
# ʿayn and hamza marks inside a Latin name (Ja'afar, Jaʿfar) join its parts.
APOSTROPHES = re.compile(r"(?<=[A-Za-z\u00C0-\u024F])['’ʿʾ`´‘](?=[A-Za-z\u00C0-\u024F])")

ARABIC_ARTICLE = "ال"
# عبد and ابو start compound names, written joined or apart.
ARABIC_COMPOUNDS = ("عبد", "ابو")
LATIN_COMPOUNDS = ("abd", "abu", "abou")
LATIN_ABD = frozenset({"abdul", "abdel", "abdal", "abdil", "abdu"})


def clean_latin(text: str) -> str:
    """Join Latin name parts split by an apostrophe and drop the article's hyphenated
    forms (al-, as-, ash- …), so that tokenizing gives the name parts."""
    if any(mark in text for mark in "'’ʿʾ`´‘"):
        text = APOSTROPHES.sub("", text)
    return LATIN_ARTICLE.sub("", text) if "-" in text else text


def is_latin_word(token: str) -> bool:
    return token.isalpha() and all("a" <= c <= "z" for c in fold_latin(token))


def fold_latin(token: str) -> str:
    """Return a Latin token without its accents (Ṭālabānī → talabani); any other token
    as it is."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
    return stripped if stripped.isascii() and stripped.isalnum() else token


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def split_arabic_compound(token: str) -> list[str]:
    """Split عبدالمهدي into عبد and المهدي (a part of at least three letters follows)."""
    for head in ARABIC_COMPOUNDS:
        if token.startswith(head) and len(token) >= len(head) + 3:
            return [head, token[len(head) :]]
    return [token]


def arabic_keys(token: str) -> list[str]:
    """Return the consonant keys of one normalized Arabic-script name part: one, or two
    when it ends in ه, which is ة as often as not (Fatima and Fatimah for فاطمة)."""
    if token.startswith(ARABIC_ARTICLE) and len(token) > len(ARABIC_ARTICLE) + 1:
        token = token[len(ARABIC_ARTICLE) :]
    key = _arabic_key(token)
    if token.endswith("ه") and len(token) > 1:
        return [key, _arabic_key(token[:-1])]
    return [key] if key else []


def _arabic_key(token: str) -> str:
    classes = []
    for index, letter in enumerate(token):
        sound = ARABIC_CLASSES.get(letter)
        if sound is None:
            return ""  # not a name in Arabic script
        if sound in SEMIVOWELS and index > 0:
            sound = ""  # a long vowel inside the name: Nouri, Nuri; Haidar, Hayder
        classes.append(sound)
    return _collapse(classes)


def arabic_name_keys(tokens: list[str]) -> list[str]:
    """Return the keys of the parts of a name given as normalized tokens."""
    keys = []
    for token in tokens:
        for part in split_arabic_compound(token):
            keys += [key for key in arabic_keys(part) if key]
    return keys


def latin_parts(token: str) -> list[str]:
    """Split Abdulmahdi into abd and mahdi, Abubakr into abu and bakr."""
    token = fold_latin(token)
    if token in LATIN_ABD:
        return ["abd"]
    for head in LATIN_COMPOUNDS:
        if token.startswith(head) and len(token) >= len(head) + 3:
            rest = token[len(head) :]
            if head == "abd":
                rest = rest[1:] if rest[0] in VOWELS else rest
                rest = rest[1:] if rest.startswith("l") and len(rest) > 3 else rest
            return [head, rest]
    return [token]


def latin_key(part: str) -> str:
    """Return the consonant key of one Latin name part (lowercase, accents folded)."""
    part = fold_latin(part)
    classes = []
    index = 0
    while index < len(part):
        pair = part[index : index + 2]
        digraph = next((sound for spelling, sound in LATIN_DIGRAPHS if pair == spelling), None)
        if digraph is not None:
            classes.append(digraph)
            index += 2
            continue
        sound = LATIN_CLASSES.get(part[index])
        if sound is None:
            return ""
        if sound in SEMIVOWELS and index > 0:
            sound = ""
        classes.append(sound)
        index += 1
    return _collapse(classes)


def latin_token_keys(token: str) -> list[str]:
    """Return the keys of one Latin query token: one, or two for a joined compound."""
    return [key for key in (latin_key(p) for p in latin_parts(token)) if key]
