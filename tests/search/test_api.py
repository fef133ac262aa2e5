"""GET /api/v1/search: the contract others script against (docs/search.md)."""

import pytest

from .conftest import index
from .variants import BAD_QUERIES

pytestmark = pytest.mark.django_db
URL = "/api/v1/search"


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_contract(client):
    index("person", 12, title="رائد فهمي", title_is_name=True, url="/representatives/12/")
    body = get(client, q="رائد")
    assert body == {
        "count": 1,
        "capped": False,
        "results": [
            {
                "type": "person",
                "id": 12,
                "title": "رائد فهمي",
                "url": "http://testserver/representatives/12/",
                "snippet": "",
            }
        ],
    }


def test_best_match_first(client):
    index("activity", 1, title="كلمة", text="ذكر النائب قانون الموازنة في كلمته")
    index("bill", 2, title="قانون الموازنة العامة", text="الموازنة")
    index("vote_event", 3, title="التصويت", text="بند الموازنة")
    results = get(client, q="الموازنة")["results"]
    assert results[0]["id"] == 2
    assert {r["id"] for r in results} == {1, 2, 3}
    assert "الموازنة" in results[1]["snippet"]


def test_type_filter_and_pages(client):
    for i in range(1, 31):
        index("bill" if i % 3 else "question", i, title=f"مقترح رقم {i} للنقل")
    body = get(client, q="للنقل", type="question", page_size=4)
    assert body["count"] == 10 and len(body["results"]) == 4
    assert {r["type"] for r in body["results"]} == {"question"}
    page3 = get(client, q="للنقل", type="question", page_size="٤", page="٣")
    assert len(page3["results"]) == 2
    everything = get(client, q="النقل", page_size=100)
    assert everything["count"] == 30 and len(everything["results"]) == 30


def test_spelling_variants_find_the_same(client):
    index("bill", 1, title="هيئة النزاهة")
    for raw in ["هيأة", "الهيئه", "هيئة النزاهه"]:
        assert get(client, q=raw)["count"] == 1


@pytest.mark.parametrize("raw", [*BAD_QUERIES, "x" * 10_000, "مجلس " * 3000])
def test_bad_queries_give_an_empty_or_plain_answer(client, raw):
    index("bill", 1, title="قانون")
    body = get(client, q=raw)
    assert set(body) == {"count", "capped", "results"}
    assert body["count"] == len(body["results"]) or body["count"] > len(body["results"])


@pytest.mark.parametrize(
    "params",
    [
        {"type": "nonsense"},
        {"page_size": 101},
        {"page": 0},
        {"date_from": "2024-02-30"},
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
    ],
)
def test_wrong_parameters_are_explained(client, params):
    response = client.get(URL, {"q": "قانون", **params})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_schema_names_the_search_types(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    types = next(p for p in operation["parameters"] if p["name"] == "type")
    assert "person" in str(types) and "bill" in str(types)
    assert {"SearchResultOut", "SearchResponseOut"} <= set(schema["components"]["schemas"])
