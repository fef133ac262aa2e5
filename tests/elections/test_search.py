"""Elections, electoral lists and candidates in the search index: found by name as soon as
they are recorded or imported, kept in step with corrections and certification, and
rebuilt exactly as the services wrote them (docs/search.md, docs/elections.md)."""

from datetime import date

import pytest
from django.core.management import call_command

from jisr.elections import services
from jisr.elections.models import Candidate, Election, ElectoralList
from jisr.parliament.models import Area
from jisr.search import services as search
from jisr.search.models import SearchDocument

from ..search.conftest import found
from .conftest import ACTOR, import_bytes, new_election
from .test_services import certify

pytestmark = pytest.mark.django_db
KINDS = ("election", "electoral_list", "candidate")


def hits(raw, doc_type):
    return [object_id for kind, object_id in found(raw) if kind == doc_type]


def document(doc_type, object_id):
    return SearchDocument.objects.get(doc_type=doc_type, object_id=object_id)


def test_an_election_is_found_by_its_names_from_its_creation(db):
    election = new_election(name="انتخابات مجلس المحافظة (خيالية)", name_en="Provincial vote")
    assert hits("المحافظه", "election") == [election.pk]
    assert hits("provincial", "election") == [election.pk]
    doc = document("election", election.pk)
    assert doc.url == f"/elections/{election.pk}/" and doc.date == election.date


def test_lists_are_found_by_their_names_and_their_parties(election):
    alliance = ElectoralList.objects.get(election=election, name="تحالف النجمة")
    assert hits("النجمه", "electoral_list") == [alliance.pk]
    assert hits("حزب الضوء", "electoral_list") == [alliance.pk]  # a party within it
    doc = document("electoral_list", alliance.pk)
    assert doc.url == f"/elections/{election.pk}/lists/{alliance.pk}/"
    assert doc.context == election.name and doc.date == election.date


def test_candidates_are_found_by_name_like_representatives(election):
    samer = Candidate.objects.get(election=election, name="سامر الفرات")
    layla = Candidate.objects.get(election=election, name="ليلى النهرين")
    assert hits("سامر الفرات", "candidate") == [samer.pk]
    assert hits("Samer Al-Furat", "candidate")[0] == samer.pk  # the stored Latin name
    assert hits("ليلي النهرين", "candidate") == [layla.pk]  # ى/ي folded
    assert hits("Laila Nahrin", "candidate") == [layla.pk]  # by sound
    doc = document("candidate", samer.pk)
    assert doc.url == f"/elections/{election.pk}/candidates/{samer.pk}/"
    assert doc.title_is_name and doc.names == "Samer Al-Furat"
    assert doc.context == "تحالف النجمة · الرافدين" and doc.date == election.date
    # The list's name is context, not searched: a list name does not find its candidates.
    assert hits("تحالف النجمة", "candidate") == []


def test_everything_imported_is_indexed_and_nothing_more(election):
    for doc_type, model in [("electoral_list", ElectoralList), ("candidate", Candidate)]:
        indexed = SearchDocument.objects.filter(doc_type=doc_type)
        assert sorted(indexed.values_list("object_id", flat=True)) == sorted(
            model.objects.filter(election=election).values_list("pk", flat=True)
        )


def test_on_the_results_page_and_in_the_api(client, election):
    samer = Candidate.objects.get(election=election, name="سامر الفرات")
    page = client.get("/search/", {"q": "سامر الفرات"})
    assert page.status_code == 200
    assert f'href="/elections/{election.pk}/candidates/{samer.pk}/"' in page.content.decode()
    body = client.get("/api/v1/search", {"q": "Samer", "type": "candidate"}).json()
    assert [r["id"] for r in body["results"]] == [samer.pk]
    for kind in KINDS:
        assert client.get("/api/v1/search", {"q": "x", "type": kind}).status_code == 200


def test_a_dry_run_import_indexes_nothing(db):
    election = new_election()
    import_bytes(election, "constituencies", "constituency,seats\nالرافدين,1\n")
    roster = "constituency,list,number,name,gender\nالرافدين,قائمة الفجر,1,زينب القمر,female\n"
    import_bytes(election, "roster", roster, dry_run=True)
    assert hits("زينب", "candidate") == [] and hits("الفجر", "electoral_list") == []
    import_bytes(election, "roster", roster)
    assert len(hits("زينب", "candidate")) == 1 and len(hits("الفجر", "electoral_list")) == 1


def test_corrections_are_followed(election):
    samer = Candidate.objects.get(election=election, name="سامر الفرات")
    roster = (
        "constituency,list,number,name,name_latin,gender,party,list_name_en,party_name_en\n"
        "الرافدين,تحالف النجمة,1,سامر عبد الفرات,Samer Abd Al-Furat,male,حزب الضوء,"
        "Star Alliance,Light Party\n"
    )
    import_bytes(election, "roster", roster)
    assert hits("عبد", "candidate") == [samer.pk]
    assert hits("star alliance", "electoral_list") == [samer.electoral_list_id]
    # A constituency renamed and placed in a governorate: its candidates follow.
    area = Area.objects.create(identifier="iq-rf", name="الرافدين", name_en="Rafidain")
    services.constituencies_save(
        actor=ACTOR,
        election=election,
        rows=[
            services.ConstituencyInput(
                name="الرافدين الكبرى",
                code="rafidain",
                seats=5,
                quota_seats={"christian": 1},
                area=area,
            )
        ],
    )
    doc = document("candidate", samer.pk)
    assert doc.context == "تحالف النجمة · الرافدين الكبرى" and doc.governorate == str(area.pk)
    # The election renamed and moved: every document of it shows it.
    services.election_update(
        actor=ACTOR, election=election, name="انتخابات معدلة (خيالية)", date=date(2031, 1, 2)
    )
    assert hits("معدله", "election") == [election.pk]
    assert document("electoral_list", samer.electoral_list_id).context == election.name
    assert document("candidate", samer.pk).date == date(2031, 1, 2)


def test_certification_places_the_candidates_in_their_governorates(allocated):
    samer = Candidate.objects.get(election=allocated, name="سامر الفرات")
    assert document("candidate", samer.pk).governorate == ""
    certify(allocated)
    area = allocated.constituencies.get(code="rafidain").area
    assert document("candidate", samer.pk).governorate == str(area.pk)
    assert (
        SearchDocument.objects.filter(doc_type="candidate", governorate=str(area.pk)).count()
        == Candidate.objects.filter(constituency__area=area).count()
    )


def test_deleted_records_leave(election):
    Election.objects.filter(pk=election.pk).delete()  # as the technical admin would
    assert not SearchDocument.objects.filter(doc_type__in=KINDS).exists()


def test_the_rebuild_writes_what_the_services_wrote(allocated, django_assert_num_queries):
    certify(allocated)

    def documents():
        return list(
            SearchDocument.objects.filter(doc_type__in=KINDS)
            .order_by("doc_type", "object_id")
            .values(
                "doc_type",
                "object_id",
                "url",
                "title",
                "text",
                "names",
                "context",
                "date",
                "governorate",
                "exact_terms",
                "stem_terms",
                "body_terms",
                "sound_terms",
            )
        )

    live = documents()
    assert {d["doc_type"] for d in live} == set(KINDS)
    before = hits("سامر", "candidate"), hits("النجمة", "electoral_list")
    # Three kinds in a bounded number of queries, whatever the number of candidates.
    with django_assert_num_queries(19):
        counts = search.rebuild(types=list(KINDS))
    assert counts == {
        "election": 1,
        "electoral_list": ElectoralList.objects.count(),
        "candidate": Candidate.objects.count(),
    }
    assert documents() == live
    call_command("search_rebuild", stdout=None)
    assert documents() == live
    assert (hits("سامر", "candidate"), hits("النجمة", "electoral_list")) == before
