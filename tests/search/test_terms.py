"""The pure parts of search: query parsing, document terms, sound keys, highlighting."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jisr.search import highlight, translit
from jisr.search.terms import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    Matcher,
    document_terms,
    parse_query,
)

from .variants import BAD_QUERIES, LATIN_NAMES

WORD = re.compile(r"^[^\W_]+$")


@pytest.mark.parametrize("raw", BAD_QUERIES)
def test_bad_input_gives_an_empty_query_or_plain_words(raw):
    query = parse_query(raw)
    for term in query.terms:
        assert all(WORD.match(w) for w in term.words + term.prefixes)


@pytest.mark.parametrize("raw", ["", "   ", "\u064e\u0651", "؟!،", '"*:&|!()', "ـــ", "\x00"])
def test_queries_without_letters_or_digits_are_empty(raw):
    assert not parse_query(raw)


def test_operators_and_sql_are_only_words():
    query = parse_query('\'; DROP TABLE x; -- NEAR(a b) "c"*')
    assert [t.token for t in query.terms] == ["drop", "table", "x", "near", "a", "b", "c"]


def test_a_long_query_is_cut_and_says_so():
    query = parse_query("كلمة " * 2000)
    assert query.truncated
    assert len(query.text) <= MAX_QUERY_CHARS
    many = parse_query(" ".join(f"كلمه{i}" for i in range(30)))
    assert many.truncated and len(many.terms) == MAX_QUERY_TERMS


def test_only_the_last_word_is_a_prefix_and_only_while_typing():
    typing = parse_query("مجلس النوا")
    assert [t.prefix for t in typing.terms] == [False, True]
    assert not parse_query("مجلس النوا ").terms[-1].prefix  # a space: the word is complete
    assert not parse_query("مجلس النوا", prefix=False).terms[-1].prefix
    assert not parse_query("مجلس النو").terms[-1].prefix  # too short after the article


def test_query_words_are_normalized_and_stemmed_as_documents_are():
    (term,) = parse_query("وبالمدرسة", prefix=False).terms
    assert {"وبالمدرسه", "مدرس"} <= set(term.words)
    (term,) = parse_query("مسئول", prefix=False).terms
    assert {"مسيول", "مسءول"} <= set(term.words)  # the hamza spelling meets مسؤول's


def test_names_keep_their_suffixes_while_text_is_stemmed():
    person = document_terms(title="حسين الموسوي", title_is_name=True)
    assert "حسين" in person.stems.split() and "حس" not in person.stems.split()
    assert "موسوي" in person.stems.split()  # the article goes
    bill = document_terms(title="قانون", text="المدرستين")
    assert "مدرست" in bill.body.split()


def test_compound_names_are_found_joined_and_apart():
    terms = set(document_terms(title="عبد الله عبدالمهدي", title_is_name=True).exact.split())
    assert {"عبدالله", "عبد", "الله", "عبدالمهدي", "المهدي"} <= terms
    assert "عبدالله" in document_terms(title="عبدلله", title_is_name=True).exact.split()


@pytest.mark.parametrize("latin,arabic", LATIN_NAMES)
def test_latin_spellings_share_sound_keys_with_the_arabic_name(latin, arabic):
    keys = set(document_terms(title=arabic, title_is_name=True).sounds.split())
    query = parse_query(latin, prefix=False)
    for term in query.terms:
        assert any(set(alternative) <= keys for alternative in term.sounds), term


def test_a_one_consonant_name_alone_is_not_matched_by_sound():
    assert parse_query("Ali").terms[0].sounds == ()
    ali_hassan = parse_query("Ali Hassan", prefix=False).terms
    assert ali_hassan[0].sounds == (("l",),) and ali_hassan[1].sounds == (("hsn",),)


def test_sound_keys_are_only_for_latin_words_in_queries():
    assert parse_query("فهمي").terms[0].sounds == ()
    assert translit.latin_token_keys("abdulmahdi") == ["bd", "mhd"]


def test_highlights_cover_the_original_word_with_its_marks():
    text = "قال مُحَمَّد إنّ الحكومـــة ستُقدّم موازنة ۲۰۲۴ للمسئولين"
    matcher = Matcher(parse_query("محمد الحكومه 2024 المسؤول", prefix=False))
    marked = [piece for piece, hit in highlight.mark(text, matcher) if hit]
    assert marked == ["مُحَمَّد", "الحكومـــة", "۲۰۲۴", "للمسئولين"]


def test_highlights_a_name_found_by_its_latin_spelling():
    matcher = Matcher(parse_query("Raed Fahmi", prefix=False))
    segments = highlight.mark("رائد فهمي", matcher, name=True)
    assert [p for p, hit in segments if hit] == ["رائد", "فهمي"]
    assert not any(hit for _p, hit in highlight.mark("رائد فهمي", matcher))  # text: no sound


def test_a_snippet_is_a_window_around_the_first_match():
    text = " ".join(["كلمة"] * 200) + " الدستور " + " ".join(["نص"] * 200)
    segments, matched = highlight.snippet(text, Matcher(parse_query("دستور")), width=100)
    assert matched
    assert segments[0] == ("…", False) and segments[-1] == ("…", False)
    assert ("الدستور", True) in segments
    assert len(highlight.plain(segments)) < 130
    start, matched = highlight.snippet("لا شيء هنا", Matcher(parse_query("دستور")))
    assert not matched and highlight.plain(start) == "لا شيء هنا"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_input_parses_into_plain_words(raw):
    query = parse_query(raw)
    assert len(query.terms) <= MAX_QUERY_TERMS
    for term in query.terms:
        assert term.words and all(WORD.match(w) for w in term.words)
        assert all(WORD.match(k) for alternative in term.sounds for k in alternative)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=40))
def test_highlighting_never_changes_the_text(text, raw):
    matcher = Matcher(parse_query(raw))
    assert highlight.plain(highlight.mark(text, matcher)) == text
    assert highlight.plain(highlight.mark(text, matcher, name=True)) == text
    segments, _matched = highlight.snippet(text, matcher)
    assert highlight.plain(segments).replace("…", "") in text.replace("…", "") or "…" in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=3), st.booleans())
def test_document_terms_are_plain_words(title, names, title_is_name):
    terms = document_terms(title=title, text=title, names=names, title_is_name=title_is_name)
    for column in (terms.exact, terms.stems, terms.body, terms.sounds):
        assert all(WORD.match(w) for w in column.split())
