"""The index follows the records: written in the same transaction, removed with them,
never holding a hidden record, rebuilt by ``jisr manage search_rebuild``."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from jisr.parliament import services
from jisr.parliament.models import Area, Organization, OtherName, Person
from jisr.parliament.popolo import PopoloImporter
from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.models import SearchDocument

from ..conftest import REAL_POPOLO
from ..parliament.conftest import TERM_START, Parliament
from .conftest import found, index

pytestmark = pytest.mark.django_db
ACTOR = "system:test"
REAL = REAL_POPOLO
DAY = date(2026, 3, 1)


@pytest.fixture
def parliament(db):
    return Parliament()


# -- the service ---------------------------------------------------------------------------


def test_a_rolled_back_write_leaves_no_document():
    with pytest.raises(RuntimeError), transaction.atomic():
        index("bill", 1, title="قانون الموازنة")
        assert found("الموازنة") == [("bill", 1)]
        raise RuntimeError
    assert not SearchDocument.objects.exists()
    assert found("الموازنة") == []


def test_a_rolled_back_record_leaves_no_document(parliament):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.person_create(actor=ACTOR, name="زهراء الموسوي")
        assert found("زهراء") != []
        raise RuntimeError
    assert found("زهراء") == []
    assert not SearchDocument.objects.filter(title="زهراء الموسوي").exists()


def test_indexing_again_replaces_the_terms_on_both_backends():
    index("bill", 1, title="قانون التقاعد")
    index("bill", 1, title="قانون الضمان الاجتماعي")
    assert found("التقاعد") == []
    assert found("الضمان") == [("bill", 1)]
    assert SearchDocument.objects.count() == 1


def test_removing_documents():
    for i in range(3):
        index("bill", i, title="قانون النفط والغاز")
    assert search.remove_document(doc_type="bill", object_id=0)
    assert not search.remove_document(doc_type="bill", object_id=0)
    assert found("النفط") == [("bill", 2), ("bill", 1)] or set(found("النفط")) == {
        ("bill", 1),
        ("bill", 2),
    }
    assert search.remove_documents(doc_type="bill") == 2
    assert found("النفط") == []


def test_a_document_needs_its_type_and_id():
    with pytest.raises(ValueError):
        search.index_documents([Document("", 1, url="/", title="x")])


# -- parliament writes ---------------------------------------------------------------------


def test_people_are_indexed_with_their_names_seat_and_aliases(parliament):
    area = Area.objects.create(name="البصرة", name_en="Basra", identifier="test/basra")
    person = services.person_create(actor=ACTOR, name="رائد فهمي", name_latin="Raed Fahmi")
    services.membership_create(
        actor=ACTOR,
        person=person,
        organization=parliament.legislature,
        term=parliament.term,
        on_behalf_of=parliament.party,
        area=area,
        start_date=TERM_START,
    )
    document = SearchDocument.objects.get(doc_type="person", object_id=person.pk)
    assert document.governorate == str(area.pk)
    assert document.url == f"/representatives/{person.pk}/"
    assert found("raed fahmi")[0] == ("person", person.pk)
    assert ("person", person.pk) in found("رايد")
    services.person_update(actor=ACTOR, person=person, name="رائد جاهد فهمي")
    assert ("person", person.pk) in found("جاهد")


def test_a_renamed_person_is_found_by_the_new_name_only(parliament):
    person = parliament.members[0]
    services.person_update(actor=ACTOR, person=person, name="بشرى الزويني")
    assert found("الزويني") == [("person", person.pk)]
    assert ("person", person.pk) not in found("علي حسن")


def test_records_are_indexed_as_they_are_recorded(parliament):
    ali, maryam = parliament.members[:2]
    event = services.vote_event_record(
        actor=ACTOR,
        term=parliament.term,
        date=DAY,
        motion="التصويت على قانون الموازنة العامة",
        result="passed",
        votes={ali.pk: "yes", maryam.pk: "no"},
    )
    bill = services.bill_record(
        actor=ACTOR,
        term=parliament.term,
        title="قانون حماية المستهلك",
        introduced_on=DAY,
        sponsors=[ali],
        number="٤٢",
        summary="ينظم حقوق المستهلكين",
    )
    question = services.question_record(
        actor=ACTOR,
        term=parliament.term,
        asked_by=maryam,
        ministry=parliament.ministry,
        kind="written",
        asked_on=DAY,
        title="نقص الأدوية في المستشفيات",
    )
    speech = services.activity_record(
        actor=ACTOR,
        person=ali,
        term=parliament.term,
        kind="speech",
        date=DAY,
        title="مداخلة عن الكهرباء",
        summary="انقطاع التيار الكهربائي في الصيف",
    )
    assert found("الموازنه") == [("vote_event", event.pk)]
    assert found("المستهلكين") == [("bill", bill.pk)]
    assert found("42") == [("bill", bill.pk)]
    assert found("الادويه") == [("question", question.pk)]
    assert found("الكهربائي") == [("activity", speech.pk)]
    # the timeline entries of the bill and the question are found as the bill and question
    assert not SearchDocument.objects.filter(doc_type="activity").exclude(object_id=speech.pk)
    services.question_answer(
        actor=ACTOR, question=question, answered_on=DAY, answer="تم توفير اللقاحات"
    )
    assert found("اللقاحات") == [("question", question.pk)]
    document = SearchDocument.objects.get(doc_type="activity", object_id=speech.pk)
    assert document.context == ali.name and document.date == DAY
    assert document.url == f"/representatives/{ali.pk}/?kind=speech#timeline"


def test_organizations_are_found_by_their_arabic_and_english_names(parliament):
    party = services.organization_create(
        actor=ACTOR,
        name="ائتلاف دولة القانون",
        name_en="State of Law Coalition",
        classification=Organization.Classification.ALLIANCE,
    )
    assert found("دوله القانون") == [("organization", party.pk)]
    services.organization_update(actor=ACTOR, organization=party, name_en="State of Law")
    assert found("coalition") == []
    assert found("state of law") == [("organization", party.pk)]


def test_a_merge_moves_the_records_and_keeps_the_old_name_findable(parliament):
    keep, duplicate = parliament.members[0], parliament.members[1]
    speech = services.activity_record(
        actor=ACTOR,
        person=duplicate,
        term=parliament.term,
        kind="speech",
        date=DAY,
        title="كلمة عن التعليم",
    )
    services.person_merge(actor=ACTOR, keep=keep, duplicate=duplicate)
    assert not SearchDocument.objects.filter(doc_type="person", object_id=duplicate.pk)
    assert ("person", keep.pk) in found("مريم كاظم")  # the duplicate's name, now an alias
    document = SearchDocument.objects.get(doc_type="activity", object_id=speech.pk)
    assert document.url.startswith(f"/representatives/{keep.pk}/")
    assert document.context == keep.name


def test_deleting_a_record_anywhere_removes_its_document(parliament):
    person = parliament.members[3]
    assert found("نور هادي")
    Person.objects.filter(pk=person.pk).delete()  # as the technical admin would
    assert found("نور هادي") == []
    parliament.committee.delete()
    assert ("organization", parliament.committee.pk) not in found("لجنة الخدمات")


def test_governorates_follow_a_new_seat(parliament):
    person = parliament.members[0]
    speech = services.activity_record(
        actor=ACTOR,
        person=person,
        term=parliament.term,
        kind="speech",
        date=DAY,
        title="كلمة",
    )
    area = Area.objects.create(name="نينوى", identifier="test/nineveh")
    services.membership_create(
        actor=ACTOR,
        person=person,
        organization=parliament.legislature,
        term=parliament.term,
        area=area,
        start_date=DAY,
    )
    governorates = set(
        SearchDocument.objects.filter(
            doc_type__in=["person", "activity"], object_id__in=[person.pk, speech.pk]
        ).values_list("doc_type", "governorate")
    )
    assert governorates == {("person", str(area.pk)), ("activity", str(area.pk))}


# -- rebuilding ----------------------------------------------------------------------------


def test_the_rebuild_command_restores_the_index_with_a_progress_bar(parliament):
    services.activity_record(
        actor=ACTOR,
        person=parliament.members[0],
        term=parliament.term,
        kind="speech",
        date=DAY,
        title="كلمة عن المياه",
    )
    before = set(SearchDocument.objects.values_list("doc_type", "object_id", "exact_terms"))
    index("stale", 1, title="وثيقة قديمة")
    SearchDocument.objects.filter(doc_type="person").delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    after = set(SearchDocument.objects.values_list("doc_type", "object_id", "exact_terms"))
    assert after == before
    assert "100% " in err.getvalue()
    assert "person: 4" in out.getvalue() and "activity: 1" in out.getvalue()
    assert found("المياه") and found("قديمة") == []


def test_the_rebuild_command_rebuilds_one_type_and_refuses_unknown_ones(parliament):
    SearchDocument.objects.all().delete()
    call_command("search_rebuild", "--type", "organization", "--no-progress", stdout=io.StringIO())
    assert set(SearchDocument.objects.values_list("doc_type", flat=True)) == {"organization"}
    with translation.override("en"), pytest.raises(CommandError, match="Unknown kind"):
        call_command("search_rebuild", "--type", "nonsense", stdout=io.StringIO())


# -- the real roster -----------------------------------------------------------------------


@pytest.fixture
def roster():
    if not REAL.exists():
        pytest.skip(f"the real Popolo sample is not at {REAL}")
    PopoloImporter().run(REAL.read_bytes(), actor=ACTOR, dry_run=False)
    return Person.objects.all()


def test_standard_spellings_find_the_rosters_kurdish_heh_names(roster):
    stored = {p.pk for p in roster if "ابراھيم" in p.name}
    assert len(stored) >= 3
    assert stored <= {pk for kind, pk in found("ابراهيم") if kind == "person"}
    assert stored <= {pk for kind, pk in found("إبراهيم") if kind == "person"}


def test_every_roster_name_is_found_in_standard_arabic(roster):
    """Write each name as a standard Arabic keyboard would (ه for ھ, ي for ی) and search."""
    missed = []
    for person in roster:
        standard = person.name.replace("ھ", "ه").replace("ی", "ي").replace("ک", "ك")
        if ("person", person.pk) not in found(standard):
            missed.append(person.name)
    assert missed == []


def test_the_roster_writes_allah_without_its_alef(roster):
    written = {p.pk for p in roster if "عبدلله" in p.name.split()}
    assert written
    assert written <= {pk for _kind, pk in found("عبدالله")}
    assert written <= {pk for _kind, pk in found("عبد الله")}


def test_other_names_from_a_popolo_file_are_found(db):
    data = {
        "persons": [
            {"id": "p1", "name": "هوشيار زيباري", "other_names": [{"name": "Hoshyar Zebari"}]}
        ]
    }
    PopoloImporter().run(json.dumps(data), actor=ACTOR, dry_run=False)
    person = Person.objects.get()
    assert OtherName.objects.filter(person=person).exists() or person.name_latin
    assert found("hoshyar zebari")[0] == ("person", person.pk)
    assert found("zibari") == [("person", person.pk)]  # by sound: z, b, r


def test_a_demo_loaded_before_search_existed_is_indexed(parliament):
    from django.apps import apps

    SearchDocument.objects.all().delete()
    out = io.StringIO()
    apps.get_app_config("search").load_demo(out)
    assert found("مريم كاظم") and "documents indexed" in out.getvalue()
    out = io.StringIO()
    apps.get_app_config("search").load_demo(out)  # already indexed: nothing to do
    assert out.getvalue() == ""
