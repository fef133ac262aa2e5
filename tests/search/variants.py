"""The variant query set: words and names as documents store them and as people type them.

Every query of a concept must find every document that holds any stored spelling of it
(recall 100%): tests/search/test_variants.py checks it on SQLite and PostgreSQL, and
bench/search.py measures it, with two baselines, on a million documents.
"""

from dataclasses import dataclass

TATWEEL = "\u0640"
RLM = "\u200f"
ZWNJ = "\u200c"


@dataclass(frozen=True)
class Concept:
    key: str
    what: str  # the variation it exercises
    stored: tuple[str, ...]  # spellings found in documents
    queries: tuple[str, ...]  # spellings people type
    name: bool = False  # also stored as a person's name (unstemmed names)


CONCEPTS = [
    Concept(
        "ahmad",
        "hamza forms of alef, diacritics, tatweel",
        ("أحمد", "احمد", "إحمد", "أَحْمَد", "احـــمد"),
        ("احمد", "أحمد", "أَحمَد", "إحمد", "احمـد"),
        name=True,
    ),
    Concept(
        "ibrahim",
        "Kurdish heh ھ, hamza under alef",
        ("إبراهيم", "ابراهيم", "ابراھيم", "إِبْرَاهِيم"),
        ("ابراهيم", "إبراهيم", "ابراھيم", "ابراهیم"),
        name=True,
    ),
    Concept(
        "mustafa",
        "alef maksura ى, yeh ي, Persian yeh ی",
        ("مصطفى", "مصطفي", "مصطفی"),
        ("مصطفى", "مصطفي", "مصطفی"),
        name=True,
    ),
    Concept(
        "ali",
        "ى / ي / ی at the end of a name",
        ("علي", "على", "علی", "عَلِيّ"),
        ("علي", "على", "علی"),
        name=True,
    ),
    Concept(
        "fatima",
        "teh marbuta ة / heh ه",
        ("فاطمة", "فاطمه", "فاطِمَة"),
        ("فاطمة", "فاطمه", "فاطمۀ"),
        name=True,
    ),
    Concept(
        "amin",
        "hamza alef after the article",
        ("الأمين", "الامين", "الأَمين"),
        ("الأمين", "الامين", "الإمين"),
        name=True,
    ),
    Concept(
        "raed",
        "hamza on yeh seat, invisible direction marks",
        ("رائد", "رايد", RLM + "رائد", "رائـد"),
        ("رائد", "رايد", "رائِد"),
        name=True,
    ),
    Concept(
        "school",
        "ة / ه with the prefixes ال, و, بال",
        ("مدرسة", "مدرسه", "المدرسة", "والمدرسة", "بالمدرسة", "المدرسه"),
        ("مدرسة", "مدرسه", "المدرسه", "بالمدرسة", "والمدرسة", "وبالمدرسة"),
    ),
    Concept(
        "government",
        "prefixes و, ال, بال, فال, لل",
        ("الحكومة", "والحكومة", "بالحكومة", "حكومة", "للحكومة", "فالحكومة"),
        ("حكومة", "الحكومة", "والحكومه", "بالحكومة", "للحكومه"),
    ),
    Concept(
        "responsible",
        "hamza seats ؤ / ئ",
        ("مسؤول", "مسئول", "المسؤول", "المسئولين", "مسؤولون"),
        ("مسؤول", "مسئول", "المسئول", "والمسؤول", "مسؤولين"),
    ),
    Concept(
        "affairs",
        "hamza seats ؤ / ئ",
        ("شؤون", "شئون", "الشؤون", "والشئون"),
        ("شؤون", "شئون", "الشئون"),
    ),
    Concept(
        "authority",
        "hamza seats ئ / أ (Iraqi هيأة) and ة / ه",
        ("هيئة", "هيأة", "الهيئة", "هيئه", "الهيأة"),
        ("هيئة", "هيأة", "الهيأة", "هيئه"),
    ),
    Concept(
        "kirkuk",
        "Persian keheh ک",
        ("كركوك", "کرکوک", "كركوك"),
        ("كركوك", "کرکوک", "كرکوك"),
    ),
    Concept(
        "constitution",
        "diacritics and shadda, with prefixes",
        ("الدُّسْتُور", "الدستور", "دستور", "الدستـــور"),
        ("دستور", "الدستور", "الدُستور", "وبالدستور", "دُسْتُور"),
    ),
    Concept(
        "hope",
        "alef madda آ",
        ("آمال", "امال", "آمَال"),
        ("آمال", "امال"),
    ),
    Concept(
        "year-2024",
        "Arabic-Indic, Persian and ASCII digits",
        ("2024", "٢٠٢٤", "۲۰۲۴"),
        ("2024", "٢٠٢٤", "۲۰۲۴"),
    ),
    Concept(
        "law-57",
        "digits inside Arabic text",
        ("القانون رقم ٥٧", "القانون رقم 57", "القانون رقم ۵۷"),
        ("٥٧", "57", "۵۷"),
    ),
    Concept(
        "services",
        "zero-width non-joiner inside a word",
        ("خدمات", "خدم" + ZWNJ + "ات"),
        ("خدمات", "الخدمات"),
    ),
]

# Latin-script queries for names stored only in Arabic script (translit sound keys).
LATIN_NAMES = [
    ("Raed Fahmi", "رائد فهمي"),
    ("Haider al-Abadi", "حيدر العبادي"),
    ("Nouri al-Maliki", "نوري المالكي"),
    ("Salim al-Jubouri", "سليم الجبوري"),
    ("Ammar al-Hakim", "عمار الحكيم"),
    ("Hoshyar Zebari", "هوشيار زيباري"),
    ("Muqtada al-Sadr", "مقتدى الصدر"),
    ("Adil Abdul-Mahdi", "عادل عبد المهدي"),
    ("Abdullah", "عبدالله"),
    ("Fatimah", "فاطمة"),
    ("Mohammed al-Halbousi", "محمد الحلبوسي"),
]

# Queries that must find nothing: bad input, operators, SQL.
BAD_QUERIES = [
    "",
    "   ",
    "\u064e\u064f\u0651",  # diacritics only
    "؟!،.…",
    '"',
    "*",
    ":",
    "&|!",
    "()",
    "NEAR",
    "NEAR(",
    '"unterminated',
    "a* OR b*",
    "'; DROP TABLE search_searchdocument; --",
    "' OR '1'='1",
    "1) UNION SELECT * FROM auth_user --",
    "\\",
    "%_%",
    "\x00",
    "ـــ",
]
