"""Arabic spellings that readers treat as the same word are found as the same word."""

import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jisr.core.text.arabic import (
    ARTICLES,
    SUFFIXES,
    name_key,
    normalize,
    stem,
    stemmed_tokens,
    tokens,
)
from tests.conftest import REAL_POPOLO as ROSTER
from tests.conftest import real_sample

# Letters left after normalization, i.e. what stem() receives.
FOLDED_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"

# Text mixing every kind of character normalize has to deal with.
arabic_heavy_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from("\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff \n\t"),
        st.characters(),
    )
)

affixed_words = st.builds(
    lambda prefix, core, suffix: prefix + core + suffix,
    st.sampled_from(["", "و", "وبال", *ARTICLES]),
    st.text(alphabet=FOLDED_LETTERS, max_size=6),
    st.sampled_from(["", "اتها", "يه", *SUFFIXES]),
)


def is_mark(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char) == "Mn"


# Properties


@given(st.one_of(st.text(), arabic_heavy_text))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.one_of(st.text(), arabic_heavy_text))
def test_normalize_never_leaves_a_combining_mark(text):
    assert not any(is_mark(c) for c in normalize(text))


@given(
    st.text(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF, categories=["Lo"]), min_size=1
    )
)
def test_a_word_of_arabic_letters_never_normalizes_to_nothing(word):
    assert normalize(word)


@given(affixed_words.filter(lambda word: len(word) >= 2))
def test_stem_keeps_at_least_two_letters_of_the_word(word):
    stemmed = stem(word)
    assert len(stemmed) >= 2
    assert stemmed in word


@given(st.one_of(st.text(), arabic_heavy_text))
def test_tokens_of_normalized_text_are_the_tokens_of_the_text(text):
    assert tokens(normalize(text)) == tokens(text)


@given(st.one_of(st.text(), arabic_heavy_text))
def test_name_key_is_idempotent(name):
    assert name_key(name_key(name)) == name_key(name)


# Folding, one variant at a time


@pytest.mark.parametrize(
    ("variant", "folded"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلكتاب", "الكتاب"),
        ("مصطفى", "مصطفي"),
        ("على", "علي"),
        ("فاطمة", "فاطمه"),
        ("مؤمن", "مومن"),
        ("رئيس", "رييس"),
        # Persian and Kurdish keyboards
        ("علی", "علي"),
        ("ېوسف", "يوسف"),
        ("کريم", "كريم"),
        ("ابراھيم", "ابراهيم"),
        ("خانۀ", "خانه"),
        ("ہادي", "هادي"),
        # A hamza typed as a separate mark composes first, then folds.
        ("ا\u0654حمد", "احمد"),
        ("ر\u064a\u0654يس", "رييس"),
        # Presentation forms
        ("\ufefb", "لا"),
        ("\ufdf2", "الله"),
    ],
)
def test_spelling_variants_fold_together(variant, folded):
    assert normalize(variant) == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("مُحَمَّدٌ", "محمد"),
        ("كِتَابًا", "كتابا"),
        ("هٰذا", "هذا"),
        # The dagger alef goes too, so the Quranic spelling كتٰب gives كتب, not كتاب.
        ("ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَ ۛ فِيهِ ۛ", "ذلك الكتب لا ريب فيه"),
        ("جـــسر", "جسر"),
        ("مـُـحـَمـَّد", "محمد"),
    ],
)
def test_diacritics_tatweel_and_quranic_marks_are_removed(text, folded):
    assert normalize(text) == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("٢٠١٤", "2014"),
        ("۲۰۱۴", "2014"),
        ("٣٫٥ مليون", "3.5 مليون"),
        ("١٬٠٠٠", "1,000"),
        ("الدورة ٢ و۳", "الدوره 2 و3"),
    ],
)
def test_digits_in_both_scripts_become_ascii(text, folded):
    assert normalize(text) == folded


def test_whitespace_collapses_and_invisible_controls_go():
    text = "\ufeff  جسر\u200f \n\t\u202bالعراق\u202c\u200b \u2067بغداد\u2069\u00a0"
    assert normalize(text) == "جسر العراق بغداد"
    # The zero-width non-joiner sits inside a word, so removing it joins the word.
    assert normalize("می\u200cخواهم") == "ميخواهم"


def test_latin_is_casefolded():
    assert normalize("Jisr ÉLAN Straße") == "jisr élan strasse"


def test_tokens_drop_punctuation():
    assert tokens("قال: «الحرية»، في ٢٠١٤! (snake_case)") == [
        "قال",
        "الحريه",
        "في",
        "2014",
        "snake",
        "case",
    ]


# Stemming (light10)


@pytest.mark.parametrize(
    ("token", "stemmed"),
    [
        ("الكتاب", "كتاب"),
        ("والكتاب", "كتاب"),
        ("بالعراق", "عراق"),
        ("كالبحر", "بحر"),
        ("فالامر", "امر"),
        ("للطلاب", "طلاب"),
        ("وبالعراق", "عراق"),
        ("وزير", "زير"),  # و goes when 3 letters remain,
        ("ولد", "ولد"),  # but not when only 2 would.
        ("الم", "الم"),  # An article needs 2 letters after it.
        ("كتابها", "كتاب"),
        ("مسلمون", "مسلم"),
        ("مسلمين", "مسلم"),
        ("معلمات", "معلم"),
        ("مدرساتها", "مدرس"),  # ها then ات: the list is walked once, in order.
        ("مكتبه", "مكتب"),
        ("عربيه", "عرب"),
        ("عربي", "عرب"),
        ("اله", "ال"),
        ("بيت", "بيت"),
        ("2014", "2014"),
        ("jisr", "jisr"),
    ],
)
def test_stem_follows_light10(token, stemmed):
    assert stem(token) == stemmed


def test_stemmed_tokens_normalize_before_stemming():
    assert stemmed_tokens("وبالمدارس الحكومية") == ["مدارس", "حكوم"]
    assert stemmed_tokens("حكومي") == ["حكوم"]


# Names


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("عبد الله", "عبدالله"),
        ("عبد الكريم", "عبدالكريم"),
        ("أبو بكر", "ابوبكر"),
        ("أبو عبد الله", "ابوعبدالله"),
        ("محمد، علي.", "محمد علي"),
        ("  فاطمة   الزهراء ", "فاطمه الزهراء"),
    ],
)
def test_name_key_matches_spellings_of_one_name(one, other):
    assert name_key(one) == name_key(other)


def test_name_key_keeps_a_trailing_joiner_and_different_names_apart():
    assert name_key("محمد عبد") == "محمد عبد"
    assert name_key("عبد الله") != name_key("عبد الرحمن")


# The real roster: names typed with Kurdish ھ and final ى, found by standard spellings


@pytest.fixture(scope="module")
def roster_names():
    path = real_sample(ROSTER)
    return [person["name"] for person in json.loads(path.read_text("utf-8"))["persons"]]


def search(names, query):
    wanted = set(tokens(query))
    return {name for name in names if wanted <= set(tokens(name))}


@pytest.mark.parametrize(
    ("standard", "stored"),
    [("ابراهيم", "ابراھيم"), ("مهدي", "مھدي"), ("هادي", "ھادي"), ("نهلة", "نھلة")],
)
def test_standard_spelling_finds_names_stored_with_kurdish_heh(roster_names, standard, stored):
    with_heh = {name for name in roster_names if stored in name.split()}
    with_standard = {name for name in roster_names if standard in name.split()}
    assert with_heh, f"the sample should hold {stored}"
    assert search(roster_names, standard) == with_heh | with_standard
    assert search(roster_names, stored) == with_heh | with_standard


def test_ali_with_alef_maksura_is_found_as_ali(roster_names):
    with_maksura = {name for name in roster_names if "على" in name.split()}
    assert "ئارام محمد على" in with_maksura
    assert with_maksura <= search(roster_names, "علي")
    assert name_key("ئارام محمد علي") == name_key("ئارام محمد على")


def test_name_key_joins_abd_and_abu_in_roster_names(roster_names):
    keys = {name_key(name) for name in roster_names}
    assert name_key("نجم عبد الله ازغير عبد الله") in keys
    assert name_key("هاشم راضي جبار ابوحدره") in keys  # stored as ھاشم … ابو حدره
    for name in roster_names:
        spaced = re.sub(r"\b(عبد|ابو)(?=\w)", r"\1 ", name)
        assert name_key(spaced) == name_key(name)


def test_name_key_tells_every_roster_member_apart(roster_names):
    assert len({name_key(name) for name in roster_names}) == len(set(roster_names))
