"""The Popolo importer and exporter, golden-file tested on the real Iraqi 2014 roster."""

import copy
import io
import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from jisr.core.models import AuditEntry
from jisr.core.text.arabic import name_key
from jisr.parliament import demo, services
from jisr.parliament.models import (
    Activity,
    Area,
    Attendance,
    Bill,
    BillStage,
    CommitteeAttendance,
    CommitteeMeeting,
    ContactDetail,
    Membership,
    Organization,
    OrganizationIdentifier,
    OtherName,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
)
from jisr.parliament.popolo import PopoloImporter, PopoloImportError, export_popolo
from jisr.parliament.selectors import people_with_name_key
from tests.conftest import REAL_POPOLO, real_sample

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
REAL = REAL_POPOLO
EXPECTED = json.loads((DATA / "iraq-majlis-2014.expected.json").read_text(encoding="utf-8"))
SMALL = json.loads((DATA / "small.popolo.json").read_text(encoding="utf-8"))
ACTOR = "system:test"
PUK = "يه_كيتي_نيشتماني_كوردستان_" + "\\" * 8 + "الاتحاد_الوطني_الكوردستاني"

needs_real_file = pytest.mark.skipif(
    not REAL.exists() and os.environ.get("JISR_REAL_DATA") != "required",
    reason=f"the real Popolo sample is not at {REAL}",
)


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are checked word for word in their source language."""
    with translation.override("en"):
        yield


def run(data, *, dry_run=False, **options):
    if isinstance(data, dict | list):
        data = json.dumps(data, ensure_ascii=False)
    return PopoloImporter(**options).run(data, actor=ACTOR, dry_run=dry_run)


def counts(summary) -> dict:
    return {kind: tuple(vars(c).values()) for kind, c in summary.counts.items()}


def snapshot() -> dict:
    """How many rows of each kind are recorded, audit entries included."""
    models = [
        Person,
        Organization,
        Membership,
        Term,
        Area,
        PersonIdentifier,
        OrganizationIdentifier,
        OtherName,
        ContactDetail,
        AuditEntry,
        Activity,
    ]
    return {model.__name__: model.objects.count() for model in models}


def wipe_parliament():
    """Delete every parliament row, as if the records were empty (the audit log stays)."""
    for model in [Vote, VoteEvent, Attendance, Activity, Question, BillStage, Bill, Sitting]:
        model.objects.all().delete()
    for model in [CommitteeAttendance, CommitteeMeeting]:
        model.objects.all().delete()
    Membership.objects.all().delete()
    Term.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.update(parent=None)
    Organization.objects.all().delete()
    Area.objects.all().delete()


def by_popolo_id(model, identifier):
    return model.objects.get(identifiers__scheme="popolo", identifiers__identifier=identifier)


def errors_of(data, **options) -> list[str]:
    before = snapshot()
    with pytest.raises(PopoloImportError) as caught:
        run(data, **options)
    assert snapshot() == before, "a refused file must leave the records untouched"
    assert caught.value.errors
    return caught.value.errors


# -- the real file ------------------------------------------------------------------------


@pytest.fixture
def real_bytes():
    return real_sample(REAL).read_bytes()


@needs_real_file
def test_the_real_file_imports_exactly(real_bytes):
    progress = []
    # No timer here: the two test suites share the machine, and speed is measured by the
    # benchmarks under bench/, not asserted by tests.
    summary = PopoloImporter().run(
        real_bytes, actor=ACTOR, dry_run=False, progress=lambda *a: progress.append(a)
    )

    assert counts(summary) == {
        "areas": (0, 0, 0),
        "organizations": (31, 0, 0),
        "terms": (1, 0, 0),
        "persons": (328, 0, 0),
        "memberships": (328, 0, 0),
    }
    assert summary.ignored_events == 13
    assert progress[-1] == (328, 328) and len(progress) == 328

    assert Person.objects.count() == EXPECTED["persons"] == 328
    assert not Person.objects.filter(is_fictional=True).exists()
    assert not Activity.objects.exists()
    genders = Counter(Person.objects.values_list("gender", flat=True))
    assert genders == {"male": 241, "female": 87} == EXPECTED["genders"]
    assert Organization.objects.filter(classification="party").count() == 30
    legislature = Organization.objects.get(classification="legislature")
    assert legislature.name == "Council of Representatives"
    assert legislature.identifiers.filter(scheme="wikidata", identifier="Q1973075").exists()

    term = Term.objects.get()
    assert (term.identifier, term.name, term.start_date, term.end_date) == (
        "term/2014",
        "2nd Council",
        date(2014, 7, 1),
        None,
    )
    assert term.legislature == legislature

    seats = Membership.objects.filter(organization=legislature, term=term)
    assert seats.count() == Membership.objects.count() == 328
    assert not seats.filter(on_behalf_of=None).exists()

    # The party ids are opaque strings: slashes and the run of 8 backslashes survive.
    party_ids = set(
        OrganizationIdentifier.objects.filter(
            scheme="popolo", organization__classification="party"
        ).values_list("identifier", flat=True)
    )
    assert set(EXPECTED["members_per_party"]) == party_ids
    slashed = {i for i in party_ids if "/" in i}
    assert slashed == {
        "الجماعة_الأسلاميه_الكردستانيه/العراق",
        "تحالف_الاصلاح_الوطني_/_الجعفري",
        "حزب_الدعوة_الاسلامية_/_تنظيم_الداخل",
    }
    assert PUK in party_ids
    assert by_popolo_id(Organization, PUK).name.count("\\") == 8

    popolo_of = dict(
        OrganizationIdentifier.objects.filter(scheme="popolo").values_list(
            "organization_id", "identifier"
        )
    )
    per_party = Counter(popolo_of[pk] for pk in seats.values_list("on_behalf_of_id", flat=True))
    assert dict(per_party) == EXPECTED["members_per_party"]

    for sample in EXPECTED["sampled_persons"]:
        person = by_popolo_id(Person, sample["id"])
        assert (person.name, person.gender, person.birth_year) == (
            sample["name"],
            sample["gender"],
            sample["birth_year"],
        )
        assert (
            person.identifiers.get(scheme="everypolitician_legacy").identifier
            == (sample["everypolitician_legacy"])
        )
        seat = person.memberships.get()
        assert popolo_of[seat.on_behalf_of_id] == sample["party"]
        assert seat.term == term

    # A query typed with standard Arabic letters finds a name written with ھ (U+06BE).
    found = people_with_name_key(name_key("ابراهيم محمد علي بحرالعلوم"))
    assert [p.name for p in found] == ["ابراھيم محمد علي بحرالعلوم"]


@needs_real_file
def test_importing_the_real_file_again_changes_nothing(real_bytes):
    run(real_bytes)
    before = snapshot()
    last = AuditEntry.objects.order_by("-seq").first().seq
    summary = run(real_bytes)
    assert counts(summary) == {
        "areas": (0, 0, 0),
        "organizations": (0, 0, 31),
        "terms": (0, 0, 1),
        "persons": (0, 0, 328),
        "memberships": (0, 0, 328),
    }
    new_entries = list(AuditEntry.objects.filter(seq__gt=last).values_list("action", flat=True))
    assert new_entries == ["popolo.imported"]
    assert snapshot() == {**before, "AuditEntry": before["AuditEntry"] + 1}


@needs_real_file
def test_a_dry_run_counts_exactly_and_writes_nothing(real_bytes):
    before = snapshot()
    summary = run(real_bytes, dry_run=True)
    assert summary.dry_run
    assert counts(summary)["persons"] == (328, 0, 0)
    assert counts(summary)["memberships"] == (328, 0, 0)
    assert snapshot() == before
    assert str(summary).splitlines()[0] == "Dry run: nothing was written."


@needs_real_file
def test_the_real_roster_round_trips_through_an_export(real_bytes):
    run(real_bytes)
    exported = export_popolo()
    original = json.loads(real_bytes)
    assert {p["id"] for p in exported["persons"]} == {p["id"] for p in original["persons"]}
    assert {o["id"] for o in exported["organizations"]} == {
        o["id"] for o in original["organizations"]
    }
    first = next(p for p in exported["persons"] if p["id"] == original["persons"][0]["id"])
    assert first == {
        "id": "007245b7-3440-4a5b-b20c-7dd1b434b11d",
        "name": "عبدالھادي موحان عبدلله اسماعيل",
        "identifiers": [{"scheme": "everypolitician_legacy", "identifier": "316"}],
        "gender": "male",
        "birth_date": "1974",
    }
    assert sorted(
        (m["person_id"], m["on_behalf_of_id"], m["legislative_period_id"], m["role"])
        for m in exported["memberships"]
    ) == sorted(
        (m["person_id"], m["on_behalf_of_id"], m["legislative_period_id"], m["role"])
        for m in original["memberships"]
    )
    assert [e["id"] for e in exported["events"]] == ["term/2014"]

    wipe_parliament()
    summary = run(exported)
    assert counts(summary)["persons"] == (328, 0, 0)
    assert counts(summary)["organizations"] == (31, 0, 0)
    assert counts(summary)["memberships"] == (328, 0, 0)
    assert export_popolo() == exported


# -- a small file with every kind of record -----------------------------------------------


def test_a_small_file_fills_every_field():
    summary = run(SMALL)
    assert counts(summary) == {
        "areas": (1, 0, 0),
        "organizations": (4, 0, 0),
        "terms": (1, 0, 0),
        "persons": (3, 0, 0),
        "memberships": (4, 0, 0),
    }
    raed = by_popolo_id(Person, "person/1")
    assert (raed.name, raed.name_latin, raed.birth_year) == ("رائد فهمي", "Raed Fahmi", 1950)
    assert raed.summary == "نائب في الدورة الخامسة."
    assert list(raed.other_names.values_list("name", "note")) == [("أبو فهمي", "nickname")]
    assert set(raed.contacts.values_list("kind", "value", "label")) == {
        ("email", "office@example.org", ""),
        ("other", "+964 1 555 0100", "fax"),
    }
    assert raed.identifiers.filter(scheme="wikidata", identifier="Q100").exists()
    # Arabic-Indic and Persian digits in dates.
    assert by_popolo_id(Person, "person/2").birth_year == 1980
    assert Term.objects.get().start_date == date(2022, 1, 9)
    # Two ids of the file with the same folded name are two people.
    assert by_popolo_id(Person, "person/2").name_key == by_popolo_id(Person, "person/3").name_key

    party = by_popolo_id(Organization, "party/a")
    assert party.parent == by_popolo_id(Organization, "alliance")
    legislature = by_popolo_id(Organization, "legislature")
    assert legislature.name_en == "Council of Representatives"
    assert by_popolo_id(Organization, "committee").parent == legislature
    seat = raed.memberships.get(organization=legislature)
    assert (seat.on_behalf_of, seat.area.name_en, seat.start_date) == (
        party,
        "Baghdad",
        date(2022, 1, 9),
    )
    assert raed.memberships.get(organization__classification="committee").role == "chair"

    assert counts(run(SMALL)) == {
        "areas": (0, 0, 1),
        "organizations": (0, 0, 4),
        "terms": (0, 0, 1),
        "persons": (0, 0, 3),
        "memberships": (0, 0, 4),
    }


def test_corrections_in_the_file_update_the_records_through_audited_services():
    run(SMALL)
    last = AuditEntry.objects.order_by("-seq").first().seq
    data = copy.deepcopy(SMALL)
    data["persons"][1]["birth_date"] = "1981"
    data["persons"][2]["identifiers"] = [{"scheme": "wikidata", "identifier": "Q300"}]
    data["memberships"][1]["on_behalf_of_id"] = "party/a"  # a corrected party
    data["organizations"][0]["name"] = "حزب أ الجديد"
    data["events"][1]["end_date"] = "2026-01-08"
    summary = run(data)
    assert counts(summary) == {
        "areas": (0, 0, 1),
        "organizations": (0, 1, 3),
        "terms": (0, 1, 0),
        "persons": (0, 2, 1),
        "memberships": (0, 1, 3),
    }
    assert by_popolo_id(Person, "person/2").birth_year == 1981
    assert by_popolo_id(Person, "person/3").identifiers.filter(identifier="Q300").exists()
    sara = by_popolo_id(Person, "person/2")
    assert sara.memberships.get().on_behalf_of == by_popolo_id(Organization, "party/a")
    assert Membership.objects.count() == 4
    actions = Counter(AuditEntry.objects.filter(seq__gt=last).values_list("action", flat=True))
    assert actions == {
        "person.corrected": 2,
        "organization.corrected": 1,
        "term.corrected": 1,
        "membership.corrected": 1,
        "popolo.imported": 1,
    }


def test_a_seat_moved_to_another_governorate_moves_the_persons_records_in_search():
    """The importer used to write the membership itself, skipping search: the person and
    their speeches stayed filed under the old governorate."""
    from jisr.search.models import SearchDocument

    run(SMALL)
    raed = by_popolo_id(Person, "person/1")
    term = Term.objects.get()
    services.activity_record(
        actor=ACTOR, person=raed, term=term, kind="speech", date=date(2022, 3, 1), title="كلمة"
    )
    data = copy.deepcopy(SMALL)
    data["areas"].append({"id": "iq-ba", "name": "البصرة"})
    data["memberships"][0]["area_id"] = "iq-ba"
    run(data)
    basra = Area.objects.get(identifier="iq-ba")
    assert raed.memberships.get(organization__classification="legislature").area == basra
    filed = set(
        SearchDocument.objects.filter(doc_type__in=["person", "activity"])
        .filter(object_id__in=[raed.pk, *raed.activities.values_list("pk", flat=True)])
        .values_list("doc_type", "governorate")
    )
    assert filed == {("person", str(basra.pk)), ("activity", str(basra.pk))}


def test_a_correction_that_would_end_a_membership_before_it_starts_is_refused():
    data = copy.deepcopy(SMALL)
    data["memberships"][1]["start_date"] = "2022-02-01"
    run(data)
    del data["memberships"][1]["start_date"]
    data["memberships"][1]["end_date"] = "2022-01-31"
    assert errors_of(data) == [
        "memberships[1]: the membership would end (2022-01-31) before it starts (2022-02-01)."
    ]


def test_a_small_file_with_a_person_known_elsewhere_links_by_identifier():
    """A person recorded with a wikidata id is matched by it, whatever the spelling."""
    person = services.person_create(actor=ACTOR, name="رائد فهمى")
    person.identifiers.create(scheme="wikidata", identifier="Q100")
    summary = run(SMALL)
    assert counts(summary)["persons"] == (2, 1, 0)
    person.refresh_from_db()
    assert person.name == "رائد فهمي"
    assert person.identifiers.filter(scheme="popolo", identifier="person/1").exists()


def test_the_demo_records_round_trip_through_an_export():
    demo.load(io.StringIO())
    exported = export_popolo()
    assert len(exported["persons"]) == 24
    # The demo has two people of the same name, with different ids.
    names = Counter(p["name"] for p in exported["persons"])
    assert max(names.values()) == 2
    wipe_parliament()
    summary = run(exported)
    assert counts(summary)["persons"] == (24, 0, 0)
    assert export_popolo() == exported
    assert counts(run(exported))["memberships"] == (0, 0, len(exported["memberships"]))


# -- files that are refused ---------------------------------------------------------------


def test_malformed_json_is_refused():
    assert errors_of('{"persons": [') == [
        "The file is not valid JSON: line 1, column 14: Expecting value."
    ]


def test_bytes_that_are_not_utf8_are_refused():
    assert errors_of(b"\x80\x81\x82\x83\x84{}") == [
        "The file is not UTF-8 text. Save it as UTF-8 and try again."
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_a_utf16_file_from_windows_imports(codec):
    summary = run(json.dumps(SMALL, ensure_ascii=False, indent=2).encode(codec))
    assert summary.encoding == ("UTF-8 (BOM)" if codec == "utf-8-sig" else "UTF-16")
    assert Person.objects.count() == 3


def test_a_document_on_one_long_line_imports():
    data = copy.deepcopy(SMALL)
    for person in data["persons"]:
        person["summary"] = "نائب " * 19_000
    text = json.dumps(data, ensure_ascii=False)
    assert "\n" not in text and len(text) > 2 * 131_072
    run(text.encode())
    assert Person.objects.filter(summary__startswith="نائب نائب").count() == 3


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b'{"persons": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "The file is not a Popolo file: its lists and objects are nested too deeply.",
        ),
        (
            b'{"persons": [{"id": 1' + b"0" * 5000 + b"}]}",
            "The file is not valid JSON: it holds a number no JSON reader accepts.",
        ),
        (
            b'{"persons": [{"id": "p1", "name": NaN}]}',
            "The file is not valid JSON: it holds a number no JSON reader accepts.",
        ),
        (
            b'{"persons": [{"id": "p1", "name": "\\u0000x"}]}',
            "persons[0].name holds the invisible character U+0000, which text never holds.",
        ),
        (
            b'{"persons": [{"id": "p1", "name": "\\ud800x"}]}',
            "persons[0].name holds the invisible character U+D800, which text never holds.",
        ),
        (
            b'{"persons": [{"id": "p1", "\\u0007": "x"}]}',
            "persons[0] holds the invisible character U+0007, which text never holds.",
        ),
        (b'{"persons": []}\x00', "Line 1: This line holds a zero byte (NUL)"),
        (
            '{"persons": [{"name": "علي"}]}'.encode()[:-5],
            "Line 1: The file is cut off or damaged in the middle of a character.",
        ),
    ],
)
def test_hostile_json_is_refused_in_words(data, message):
    (error,) = errors_of(data)
    assert error.startswith(message), error


def test_a_list_where_an_object_is_expected_is_refused():
    errors = errors_of([SMALL])
    assert "one JSON object" in errors[0]
    data = copy.deepcopy(SMALL)
    data["persons"] = {"id": "x"}
    assert errors_of(data) == ["persons must be a list, not an object."]
    data = copy.deepcopy(SMALL)
    data["persons"][1] = ["person/2"]
    assert errors_of(data)[0] == "persons[1] must be an object, not a list."


def test_an_unknown_organization_in_a_membership_is_refused():
    data = copy.deepcopy(SMALL)
    data["memberships"][2]["on_behalf_of_id"] = "party/none"
    data["memberships"][3]["organization_id"] = "committee/none"
    errors = errors_of(data)
    assert errors == [
        "memberships[2]: on_behalf_of_id “party/none” is not an organization in the file or "
        "already recorded.",
        "memberships[3]: organization_id “committee/none” is not an organization in the file "
        "or already recorded.",
    ]


def test_birth_years_in_arabic_indic_digits_are_read_and_bad_ones_named():
    data = copy.deepcopy(SMALL)
    data["persons"][1]["birth_date"] = "١٩٧٤"
    run(data, dry_run=True)
    data["persons"][1]["birth_date"] = "19x4"
    data["persons"][2]["birth_date"] = "1974-13"
    assert errors_of(data) == [
        "persons[1] (id person/2): birth_date “19x4” is not a year or a date.",
        "persons[2] (id person/3): birth_date “1974-13” is not a year or a date.",
    ]


def test_duplicate_ids_and_identifiers_are_refused():
    data = copy.deepcopy(SMALL)
    data["persons"][2]["id"] = "person/2"
    data["persons"][1]["identifiers"] = [{"scheme": "wikidata", "identifier": "Q100"}]
    errors = errors_of(data)
    assert errors == [
        "persons[1] (id person/2): identifier wikidata “Q100” is also given to "
        "persons[0] (id person/1).",
        "persons[2] (id person/2): the id is already used by persons[1] (id person/2).",
        "memberships[2]: person_id “person/3” is not a person in the file or already recorded.",
    ]


def test_an_identifier_that_is_another_persons_popolo_id_is_refused():
    data = copy.deepcopy(SMALL)
    data["persons"][2]["identifiers"] = [{"scheme": "popolo", "identifier": "person/1"}]
    assert errors_of(data) == [
        "persons[2] (id person/3): identifier popolo “person/1” is also given to "
        "persons[0] (id person/1)."
    ]


def test_every_error_of_a_file_is_reported_at_once():
    data = copy.deepcopy(SMALL)
    del data["persons"][0]["name"]
    data["persons"][1]["gender"] = "m"
    data["organizations"][1]["classification"] = "club"
    data["events"][1]["start_date"] = "2022"
    data["memberships"][0]["person_id"] = "person/9"
    data["memberships"][0]["role"] = "boss"
    assert errors_of(data) == [
        "organizations[1] (id alliance): classification “club” is not one of: legislature, "
        "party, political party, alliance, coalition, committee, ministry.",
        "events[1] (id term/5): start_date “2022” is only a year or a month; a full date "
        "(YYYY-MM-DD) is needed here.",
        "persons[0] (id person/1): name is missing.",
        "persons[1] (id person/2): gender “m” is not one of: male, female.",
        "memberships[0]: role “boss” is not one of: member, chair, deputy_chair, rapporteur.",
        "memberships[0]: person_id “person/9” is not a person in the file or already recorded.",
    ]


# -- people who may already be recorded ---------------------------------------------------


def test_a_name_that_folds_to_a_recorded_fictional_person_is_a_possible_duplicate():
    fictional = services.person_create(actor=ACTOR, name="سارة علي", is_fictional=True)
    data = copy.deepcopy(SMALL)
    del data["persons"][2], data["memberships"][2]
    errors = errors_of(data)
    assert len(errors) == 1
    assert errors[0].startswith(
        f"persons[1] (id person/2): “سارة علي” may be the same person as #{fictional.pk} "
        "“سارة علي” (fictional demo), already recorded without this id."
    )
    assert "--merge-same-names" in errors[0]
    # A real person is never merged with a fictional one.
    errors = errors_of(data, merge_same_names=True)
    assert "fictional demo person" in errors[0]


def test_possible_duplicates_stop_the_import_and_merge_when_asked():
    recorded = services.person_create(actor=ACTOR, name="سارة على", birth_year=1980)
    data = copy.deepcopy(SMALL)
    del data["persons"][2], data["memberships"][2]
    with pytest.raises(PopoloImportError) as caught:
        run(data)
    (duplicate,) = caught.value.possible_duplicates
    assert (duplicate.item, duplicate.existing_id) == ("persons[1] (id person/2)", recorded.pk)

    summary = run(data, merge_same_names=True)
    assert counts(summary)["persons"] == (1, 1, 0)
    assert [d.merged for d in summary.possible_duplicates] == [True]
    assert "سارة على" in str(summary)
    recorded.refresh_from_db()
    assert recorded.name == "سارة علي"
    assert list(recorded.other_names.values_list("name", flat=True)) == ["سارة على"]
    assert recorded.identifiers.filter(scheme="popolo", identifier="person/2").exists()
    assert recorded.memberships.count() == 1
    # Now matched by its id: nothing changes, and no flag is needed.
    assert counts(run(data))["persons"] == (0, 0, 2)


def test_two_new_people_of_the_same_name_as_one_recorded_cannot_both_merge():
    services.person_create(actor=ACTOR, name="سارة علي")
    errors = errors_of(SMALL, merge_same_names=True)
    assert errors == [
        "persons[2] (id person/3) and persons[1] (id person/2) would both be merged with "
        f"#{Person.objects.get().pk} “سارة علي”."
    ]


# -- the command and the export page ------------------------------------------------------


def test_the_command_prints_progress_and_a_summary(tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(SMALL, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("popolo_import", str(path), "--dry-run", stdout=out, stderr=err)
    assert Person.objects.count() == 0
    assert "100% 3/3" in err.getvalue()
    assert len(out.getvalue().splitlines()) == 8
    assert "UTF-8" in out.getvalue().splitlines()[1]  # the encoding it was read as
    call_command("popolo_import", str(path), stdout=out, stderr=err)
    assert Person.objects.count() == 3


def test_the_command_reports_bad_input_without_a_traceback(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(
            "popolo_import",
            str(tmp_path / "missing.json"),
            "--language",
            "en",
            stdout=io.StringIO(),
        )
    assert (
        str(caught.value) == f"Cannot read {tmp_path / 'missing.json'}: No such file or directory"
    )
    path = tmp_path / "bad.json"
    data = copy.deepcopy(SMALL)
    data["persons"][1]["birth_date"] = "19x4"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("popolo_import", str(path), "--language", "en", stderr=err)
    assert str(caught.value) == "Nothing was imported: correct the file and run again."
    assert err.getvalue().splitlines() == [
        "- persons[1] (id person/2): birth_date “19x4” is not a year or a date."
    ]
    assert Person.objects.count() == 0


def test_the_export_page_serves_the_roster_as_json(client, django_assert_num_queries):
    run(SMALL)
    with django_assert_num_queries(9):
        response = client.get(reverse("parliament:popolo_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="jisr-popolo.json"'
    assert "رائد فهمي".encode() in response.content  # not \u-escaped
    assert json.loads(response.content) == export_popolo()


@pytest.mark.django_db
def test_fictional_records_stay_marked_through_export_and_import():
    from jisr.parliament import services
    from jisr.parliament.models import Person
    from jisr.parliament.popolo import PopoloImporter, export_popolo

    services.person_create(actor="t", name="شخص خيالي", is_fictional=True)
    services.person_create(actor="t", name="شخص حقيقي")
    document = export_popolo()
    marks = {p["name"]: p.get("fictional") for p in document["persons"]}
    assert marks == {"شخص خيالي": True, "شخص حقيقي": None}
    Person.objects.all().delete()
    PopoloImporter().run(json.dumps(document), actor="t", dry_run=False)
    assert dict(Person.objects.values_list("name", "is_fictional")) == {
        "شخص خيالي": True,
        "شخص حقيقي": False,
    }


def test_the_checked_in_real_sample_is_the_one_its_readme_describes():
    import hashlib

    readme = (REAL.parent / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(REAL.read_bytes()).hexdigest() in readme
    assert "CC0" in readme
