"""Recall on the variant query set: every spelling a reader may type finds every document
that holds any spelling of the word, on the database the tests run on (SQLite by default,
PostgreSQL with DATABASE_URL). Documents go through the index service, queries through the
same path as the results page."""

import pytest

from jisr.search.backends import backend
from jisr.search.documents import Document
from jisr.search.services import index_documents
from tests.rollback import rolled_back

from .conftest import found
from .variants import BAD_QUERIES, CONCEPTS, LATIN_NAMES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Each stored spelling in a text, in a title and (for names) as a person's name,
    among unrelated documents; returns the relevant (type, id) pairs per concept. Built
    once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), rolled_back():
        yield _corpus()


def _corpus():
    documents, relevant, next_id = [], {}, iter(range(1, 100_000))
    for concept in CONCEPTS:
        wanted = relevant.setdefault(concept.key, set())
        for spelling in concept.stored:
            for doc_type, fields in [
                ("speech", {"title": "كلمة في الجلسة", "text": f"قال النائب {spelling} اليوم"}),
                ("bill", {"title": f"مشروع {spelling} الجديد", "text": "نص للاختبار"}),
            ] + (
                [("person", {"title": f"{spelling} كريم", "title_is_name": True})]
                if concept.name
                else []
            ):
                object_id = next(next_id)
                documents.append(Document(doc_type, object_id, f"/{object_id}/", **fields))
                wanted.add((doc_type, object_id))
    for i in range(30):
        object_id = next(next_id)
        documents.append(
            Document("speech", object_id, f"/{object_id}/", "عنوان اخر", f"نص لا صلة له {i}")
        )
    index_documents(documents)
    return relevant


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c.key for c in CONCEPTS])
@pytest.mark.parametrize("prefix", [False, True], ids=["submitted", "as-you-type"])
def test_every_spelling_finds_every_spelling(corpus, concept, prefix):
    wanted = corpus[concept.key]
    for raw in concept.queries:
        missing = wanted - set(found(raw, prefix=prefix))
        assert not missing, f"{raw!r} ({concept.what}) misses {sorted(missing)}"


def test_recall_over_the_whole_set_is_complete(corpus):
    pairs = hits = 0
    for concept in CONCEPTS:
        for raw in concept.queries:
            pairs += len(corpus[concept.key])
            hits += len(corpus[concept.key] & set(found(raw)))
    assert hits == pairs > 300


@pytest.fixture
def people(db):
    documents = [
        Document("person", i, f"/p/{i}/", arabic, title_is_name=True)
        for i, (_latin, arabic) in enumerate(LATIN_NAMES, start=1)
    ]
    documents += [
        Document("person", 100, "/p/100/", "حسان علي", title_is_name=True),
        Document("person", 101, "/p/101/", "حسين علي", title_is_name=True),
        Document(
            "person", 102, "/p/102/", "ياسر عرفات", names=("Yasser Arafat",), title_is_name=True
        ),
    ]
    index_documents(documents)


@pytest.mark.parametrize("position", range(len(LATIN_NAMES)), ids=[n for n, _ in LATIN_NAMES])
def test_a_latin_spelling_finds_the_name_stored_in_arabic(people, position):
    latin, _arabic = LATIN_NAMES[position]
    assert ("person", position + 1) in found(latin)


def test_a_stored_latin_name_is_found_exactly_and_first(people):
    assert found("Yasser Arafat")[0] == ("person", 102)
    assert found("arafat") == [("person", 102)]


def test_names_are_not_stemmed_into_each_other(people):
    assert found("حسين", prefix=False) == [("person", 101)]
    assert found("حسان", prefix=False) == [("person", 100)]


def test_an_exact_name_ranks_before_a_longer_one_it_is_the_start_of(db):
    index_documents(
        [
            Document("person", 9001, "/1/", "عليوي كاظم", title_is_name=True),
            Document("person", 9002, "/2/", "علي كاظم", title_is_name=True),
        ]
    )
    results = found("علي")  # as you type: both, the exact name first
    assert results.index(("person", 9002)) < results.index(("person", 9001))


@pytest.mark.parametrize("raw", BAD_QUERIES)
def test_bad_input_never_fails_on_the_database(corpus, raw):
    words = {"drop", "table", "search_searchdocument", "or", "1", "union", "select", "from"}
    results = found(raw)  # runs without an error on this database
    assert results == [] or raw.casefold().split()[0].strip("'1)") in words | {""}


def test_operators_typed_as_words_are_searched_as_words(db):
    index_documents([Document("bill", 1, "/1/", "NEAR and OR together")])
    assert found("NEAR") == [("bill", 1)]
    assert found('"near" OR*') == [("bill", 1)]
    assert found("near AND nothing") == []


def test_the_backend_matches_the_database(db):
    assert (
        backend()
        .__class__.__name__.lower()
        .startswith({"sqlite": "sqlite", "postgresql": "postgresql"}[backend().connection.vendor])
    )
