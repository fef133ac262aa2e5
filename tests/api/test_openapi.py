"""The OpenAPI schema says every answer the API gives: its error answers too, and the
bounds of its parameters in the words JSON Schema uses."""

import json

import pytest

from jisr.api.urls import api

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema(path_prefix=f"{API}/")


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_operation_documents_its_error_answers(schema):
    for path, method, operation in _operations(schema):
        responses = {str(code) for code in operation["responses"]}
        parameters = operation.get("parameters", [])
        if parameters or "requestBody" in operation:
            assert "422" in responses, (method, path)
        if any(p["in"] == "path" for p in parameters):
            assert "404" in responses, (method, path)
    assert {"Error", "ValidationError"} <= set(schema["components"]["schemas"])


def test_no_two_schemas_share_a_name():
    """The OpenAPI components are keyed by the schema's class name: a second app's
    ``OrganizationOut`` silently replaced the first's, and the parliament's answers were
    then checked against the coalition's shape."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {c for c in subclasses(Schema) if c.__module__.startswith("jisr.")}
    by_name: dict[str, set[str]] = {}
    for cls in ours:
        by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}


def test_id_bounds_are_minimum_and_maximum(schema):
    # Pydantic wrote them as "ge"/"le", which no JSON Schema reader knows: a client (or
    # Schemathesis) took 0 for a valid id, and the API answered 422.
    text = json.dumps(schema)
    assert '"ge":' not in text and '"le":' not in text
    term = next(
        p for p in schema["paths"][f"{API}/persons"]["get"]["parameters"] if p["name"] == "term"
    )
    assert {"minimum": 1, "maximum": 2**63 - 1, "type": "integer"} in term["schema"]["anyOf"]


def test_error_answers_match_the_documented_shapes(client):
    missing = client.get(f"{API}/persons/987654321")
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)
    invalid = client.get(f"{API}/persons", {"term": "abc"})
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["query", "term"]


@pytest.mark.parametrize(
    "path", ["/persons?term=%091", "/persons?term=1_0", "/persons?page=2.0", "/elections/%092"]
)
def test_numbers_are_digits_only(client, path):
    # Pydantic read " 2", "1_0" or "2.0" as numbers: the schema says integer, so the API
    # accepted what its schema calls invalid.
    response = client.get(f"{API}{path}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "int_parsing"


def test_numbers_in_any_digit_script_are_still_read(client):
    persons = client.get(f"{API}/persons", {"page": "٣", "page_size": "۲"})  # Arabic, Persian
    assert persons.status_code == 200
    assert (persons.json()["page"], persons.json()["page_size"]) == (3, 2)
    search = client.get(f"{API}/search", {"page": "۱", "page_size": "٥", "q": "x"})
    assert search.status_code == 200 and search.json()["results"] == []
    # The same number in ASCII digits is the same request.
    assert (
        search.json() == client.get(f"{API}/search", {"page": 1, "page_size": 5, "q": "x"}).json()
    )


def test_text_in_a_body_is_said_to_hold_no_nul_character(schema, client):
    # The API answers 422 to one (core.middleware): the schema said any string would do.
    note = schema["components"]["schemas"]["ProposalMilestoneIn"]["properties"]["note"]
    assert {"pattern": r"^[^\x00]*$"} in note["allOf"]  # besides its own: not blank
    # In a query string NUL characters are dropped: search answers any query.
    assert client.get(f"{API}/search", {"q": "a\x00b"}).status_code == 200
