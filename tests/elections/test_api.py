"""The elections JSON API under /api/v1/elections."""

import pytest

from jisr.elections.models import Candidate

from .factories import big_election

pytestmark = pytest.mark.django_db
API = "/api/v1/elections"


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.json()


def test_elections_and_one_election(client, allocated):
    listed = get(client, "")
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["rule_set"] == "iq-2025"
    assert item["rule_set_title"]["en"] == "Iraq, Council of Representatives 2025"
    assert item["certified"] is False and item["is_fictional"] is True
    detail = get(client, f"/{allocated.pk}")
    assert (detail["seats_total"], detail["seats_allocated"]) == (9, 9)
    assert detail["seats_per_list"][0] == {
        "list_id": allocated.lists.get(number=101).pk,
        "name": "تحالف النجمة",
        "name_en": "",
        "seats": 5,
        "votes": 17_600,
    }


def test_constituencies_lists_and_candidates(client, allocated):
    places = get(client, f"/{allocated.pk}/constituencies")
    rafidain = next(p for p in places if p["code"] == "rafidain")
    assert rafidain["quota_seats"] == {"christian": 1} and rafidain["votes"] == 27_400
    lists = get(client, f"/{allocated.pk}/lists")
    star = next(item for item in lists if item["number"] == 101)
    assert star["kind"] == "alliance" and len(star["parties"]) == 2
    elected = get(client, f"/{allocated.pk}/candidates", elected="true", page_size=100)
    assert elected["count"] == 9
    assert {c["name"] for c in elected["items"]} >= {"رغد الوادي", "يوسف المشرق"}
    yousef = next(c for c in elected["items"] if c["name"] == "يوسف المشرق")
    assert yousef["community"] == "christian" and yousef["votes"] == 1500
    mine = get(client, f"/{allocated.pk}/candidates", list=star["id"], constituency=rafidain["id"])
    assert mine["count"] == 4


def test_results_and_allocations(client, allocated):
    rafidain = allocated.constituencies.get(code="rafidain")
    results = get(client, f"/{allocated.pk}/results", constituency=rafidain.pk)
    assert [row["votes"] for row in results[0]["lists"]] == [12_400, 8_300, 4_100, 2_600]
    assert results[0]["candidates"][0]["votes"] == 5_100
    summary = get(client, f"/{allocated.pk}/allocations")
    assert summary["seed"] == 7 and len(summary["constituencies"]) == 2
    one = get(client, f"/{allocated.pk}/allocations/{rafidain.pk}", language="en")
    output = one["output"]
    assert output["constituency"] == "Rafidain"
    assert output["lists"]["quotients"][0]["list"] == "تحالف النجمة"
    assert output["margin"] == {
        "list": "حركة السنابل",
        "votes_needed": 117,
        "seat_from": "تحالف النجمة",
    }
    assert "Raghad Al-Wadi" in output["explanation"]["en"]
    assert [seat["basis"] for seat in one["seats"]].count("women-quota") == 1


def test_missing_things_are_404(client, counted):
    # No such election; an election counted but not allocated yet.
    for path in ("/999", f"/{counted.pk}/allocations", f"/{counted.pk}/allocations/1"):
        response = client.get(API + path)
        assert response.status_code == 404, path
        assert isinstance(response.json()["detail"], str), path


def test_arabic_digits_in_ids_and_bounded_queries(client, django_assert_num_queries):
    election = big_election(constituencies=6, lists=10, per_list=4)
    digits = str(election.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert get(client, f"/{digits}")["id"] == election.pk
    place = election.constituencies.first()
    for path, limit in [
        ("", 2),
        (f"/{election.pk}", 5),
        (f"/{election.pk}/constituencies", 2),
        (f"/{election.pk}/lists", 3),
        (f"/{election.pk}/candidates", 3),
        (f"/{election.pk}/results", 5),
        (f"/{election.pk}/allocations", 4),
        (f"/{election.pk}/allocations/{place.pk}", 5),
    ]:
        with django_assert_num_queries(limit, info=path):
            client.get(API + path)


def test_the_openapi_schema_names_are_unique_and_prefixed(client, allocated):
    schema = client.get("/api/v1/openapi.json").json()
    names = schema["components"]["schemas"]
    ours = [name for name in names if name.startswith("Election")]
    assert {"ElectionOut", "ElectionCandidateOut", "ElectionAllocationOut"} <= set(ours)
    assert "/api/v1/elections/{id}/allocations/{constituency_id}" in schema["paths"]
    assert Candidate.objects.exists()
