import pytest

from jisr.search import services
from jisr.search.backends import MAX_MATCHES, Filters, backend
from jisr.search.documents import Document
from jisr.search.models import SearchDocument
from jisr.search.terms import parse_query


def index(doc_type="bill", object_id=None, *, title="", **fields):
    """Index one document; object ids count up per type unless given."""
    if object_id is None:
        index.counter += 1
        object_id = index.counter
    fields.setdefault("url", f"/{doc_type}/{object_id}/")
    if "names" in fields:
        fields["names"] = tuple(fields["names"])
    services.index_documents([Document(doc_type, object_id, title=title, **fields)])
    return SearchDocument.objects.get(doc_type=doc_type, object_id=object_id)


index.counter = 0


def found(raw, *, prefix=True, filters=None):
    """Every (type, id) the query finds (up to MAX_MATCHES), best first."""
    query = parse_query(raw, prefix=prefix)
    result = backend().search(query, filters or Filters(), offset=0, limit=MAX_MATCHES)
    return [(h.doc_type, h.object_id) for h in result.hits]


@pytest.fixture
def index_doc(db):
    return index


@pytest.fixture
def client(client):
    """Pages in English, so assertions read the source strings."""
    from jisr.core.middleware import LANGUAGE_COOKIE

    client.cookies[LANGUAGE_COOKIE] = "en"
    return client
