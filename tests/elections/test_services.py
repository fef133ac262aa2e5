"""Allocation runs, lots and seeds, the official check, and certification."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jisr.core.models import AuditEntry
from jisr.elections import certification, selectors, services
from jisr.elections.models import Candidate, ConstituencyAllocation, Election, Seat
from jisr.elections.naming import Names
from jisr.parliament import services as parliament
from jisr.parliament.models import Area, Membership, Organization, Person, Term

from .conftest import ACTOR, import_bytes, import_file, new_election

pytestmark = pytest.mark.django_db
CLS = Organization.Classification


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def tie_election(seats=1, rule_set="iq-2025"):
    """Two lists with equal votes for one seat: a tie only a lot can settle."""
    election = new_election(rule_set=rule_set)
    import_bytes(election, "constituencies", f"constituency,seats,women_seats\nالسهل,{seats},0\n")
    import_bytes(
        election,
        "roster",
        "constituency,list,list_number,number,name,gender\n"
        "السهل,قائمة الشمس,1,1,أمير الشمس,male\nالسهل,قائمة القمر,2,1,بدر القمر,male\n",
    )
    import_bytes(election, "lists", "constituency,list,votes\nالسهل,1,500\nالسهل,2,500\n")
    import_bytes(
        election, "candidates", "constituency,list,candidate,votes\nالسهل,1,1,400\nالسهل,2,1,400\n"
    )
    return election


# --- Allocation -----------------------------------------------------------------------------------


def test_allocation_stores_the_whole_output(allocated):
    run = allocated.current_run
    assert run.seed == 7 and run.rule_set == "iq-2025"
    stored = ConstituencyAllocation.objects.get(run=run, constituency__code="rafidain")
    output = stored.output
    assert output["lists"]["quotients"][0]["divisor"] == "1.7"
    assert output["margin"]["votes_needed"] == 117
    assert {d["rule"] for d in output["decisions"]} == {"women/list-votes-order"}
    names = Names.of(allocated.lists.all(), Candidate.objects.all(), "en", [stored.constituency])
    english = names.render(output["explanation"]["en"])
    assert english.startswith("Rafidain (Iraq, Council of Representatives 2025): 5 seats")
    assert "Raghad Al-Wadi (900 votes) takes the seat of Adel Al-Sahl" in english
    arabic = Names.of(allocated.lists.all(), Candidate.objects.all(), "ar").render(
        output["explanation"]["ar"]
    )
    assert "رغد الوادي" in arabic and "⟦" not in arabic
    assert Seat.objects.filter(run=run).count() == 9
    assert AuditEntry.objects.filter(action="election.allocated").exists()


def test_a_tie_goes_to_a_seeded_draw_whose_seed_is_stored():
    election = tie_election()
    run = services.allocation_run(actor=ACTOR, election=election, seed=11)
    stored = run.allocations.get()
    assert stored.seed_used == 11
    [decision] = [d for d in stored.output["decisions"] if d["kind"] == "tie"]
    assert decision["rule"] == "lot/seeded-draw"
    winner = run.seats.get().electoral_list.number
    again = services.allocation_run(actor=ACTOR, election=election, seed=11)
    assert again.seats.get().electoral_list.number == winner


def test_a_tie_goes_to_the_organizers_recorded_lot():
    election = tie_election()
    place = election.constituencies.get()
    for order, expected in ((["قائمة القمر", "قائمة الشمس"], 2), (["1", "", "2"], 1)):
        tokens = services.lot_tokens(place, order)
        run = services.allocation_run(actor=ACTOR, election=election, lots={place.pk: tokens})
        assert run.seats.get().electoral_list.number == expected
        assert run.allocations.get().output["decisions"][0]["rule"] == "lot/organizer"


def test_a_lot_that_names_nothing_or_does_not_cover_the_tie():
    election = tie_election()
    place = election.constituencies.get()
    with pytest.raises(ValidationError, match="Line 1 of the lot for السهل: “قائمة النجوم”"):
        services.lot_tokens(place, ["قائمة النجوم"])
    tokens = services.lot_tokens(place, ["قائمة الشمس"])
    with pytest.raises(ValidationError, match=r"السهل: the seats cannot be allocated: .*قائمة"):
        services.allocation_run(actor=ACTOR, election=election, lots={place.pk: tokens})


def test_allocation_refuses_missing_results_and_unallocatable_rosters(election):
    with pytest.raises(ValidationError, match="has no results yet"):
        services.allocation_run(actor=ACTOR, election=election)
    import_file(election, "lists", "lists.csv")
    with pytest.raises(ValidationError, match="has list votes but no candidate votes"):
        services.allocation_run(actor=ACTOR, election=election)


def test_national_christian_vote_is_refused_with_a_way_out(counted):
    counted.rule_set = "iq-2014"
    counted.save()
    with pytest.raises(ValidationError, match="one national vote"):
        services.allocation_run(actor=ACTOR, election=counted)


def test_other_rule_sets_allocate(counted):
    for rule_set in ("iq-2018", "iq-2023p"):
        counted.rule_set = rule_set
        counted.save()
        run = services.allocation_run(actor=ACTOR, election=counted, seed=1)
        assert run.seats.count() == 9


# --- The official check ---------------------------------------------------------------------------


def test_official_comparison_flags_differences(allocated):
    import_file(allocated, "official", "official.csv")
    assert selectors.official_comparison(allocated)["differences"] == 0
    waha = allocated.constituencies.get(code="waha")
    lists = {item.number: item.pk for item in allocated.lists.all()}
    services.official_seats_set(
        actor=ACTOR, constituency=waha, seats={lists[101]: 1, lists[102]: 2}
    )
    comparison = selectors.official_comparison(allocated)
    assert comparison["differences"] == 2
    block = next(b for b in comparison["constituencies"] if b["constituency"] == waha)
    rows = [(r["list"].number, r["computed"], r["official"], r["differs"]) for r in block["rows"]]
    assert rows == [
        (101, 2, 1, True),
        (102, 1, 2, True),
    ]


def test_official_seats_cannot_exceed_the_seats(allocated):
    waha = allocated.constituencies.get(code="waha")
    with pytest.raises(ValidationError, match="4 seats announced, but الواحة has only 3"):
        services.official_seats_set(
            actor=ACTOR, constituency=waha, seats={allocated.lists.first().pk: 4}
        )


# --- Certification --------------------------------------------------------------------------------

TERM = {
    "term_identifier": "test/term-new",
    "term_name": "الدورة الجديدة",
    "start_date": date(2031, 1, 9),
}


def plan(election, **extra):
    return certification.certify_plan(
        election=election, legislature_name="مجلس الاختبار", **TERM, **extra
    )


def certify(election, **extra):
    preview = plan(election, decisions=extra.get("decisions"))
    return services.election_certify(
        actor=ACTOR,
        election=election,
        expected_digest=preview.digest,
        legislature_name="مجلس الاختبار",
        **TERM,
        **extra,
    )


def test_certify_makes_the_winners_members_of_a_new_term(allocated):
    alliance = parliament.organization_create(
        actor=ACTOR, name="تحالف النجمة", classification=CLS.ALLIANCE
    )
    preview = plan(allocated)
    assert len(preview.winners) == 9 and preview.new_people == 9 and not preview.undecided
    assert not Term.objects.filter(identifier="test/term-new").exists()  # a preview writes nothing
    term = certify(allocated)
    allocated.refresh_from_db()
    assert allocated.is_certified and allocated.term == term
    seats = Membership.objects.filter(term=term).select_related("person", "on_behalf_of", "area")
    assert seats.count() == 9
    assert {m.organization.classification for m in seats} == {CLS.LEGISLATURE}
    samer = seats.get(person__name="سامر الفرات")
    # Elected for his party within the alliance; the party sits in the alliance on record.
    assert samer.on_behalf_of.name == "حزب الضوء"
    assert samer.on_behalf_of.classification == CLS.PARTY
    assert samer.on_behalf_of.parent == alliance
    assert samer.area.name == "الرافدين"
    karim = seats.get(person__name="كريم البستان")
    assert karim.on_behalf_of.name == "قائمة الغد" and karim.on_behalf_of.parent is None
    assert seats.get(person__name="يوسف المشرق").on_behalf_of.name == "بابل الجديدة"
    assert all(m.start_date == date(2031, 1, 9) for m in seats)
    assert all(m.person.is_fictional for m in seats)  # the election is fictional
    candidate = Candidate.objects.get(name="سامر الفرات")
    assert candidate.person == samer.person
    assert candidate.electoral_list.organization == alliance
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"election.certified", "term.created", "membership.created", "person.created"} <= actions


def test_a_linked_candidate_is_the_same_person(allocated):
    person = parliament.person_create(actor=ACTOR, name="سامر الفرات", is_fictional=True)
    Candidate.objects.filter(name="سامر الفرات").update(person=person)
    preview = plan(allocated)
    assert next(w for w in preview.winners if w.candidate.name == "سامر الفرات").person == person
    term = certify(allocated)
    assert Membership.objects.get(term=term, person=person)
    assert Person.objects.filter(name="سامر الفرات").count() == 1


def test_a_name_matching_someone_else_needs_the_organizers_decision(allocated):
    namesake = parliament.person_create(actor=ACTOR, name="ليلى النهرين")
    spelled = parliament.person_create(actor=ACTOR, name="حسن  الجِسر")  # another spelling
    preview = plan(allocated)
    assert {w.candidate.name for w in preview.undecided} == {"ليلى النهرين", "حسن الجسر"}
    with pytest.raises(ValidationError, match="Decide for each winner"):
        certify(allocated)
    assert not Term.objects.filter(identifier="test/term-new").exists()
    layla = Candidate.objects.get(name="ليلى النهرين")
    hassan = Candidate.objects.get(name="حسن الجسر")
    term = certify(allocated, decisions={layla.pk: "new", hassan.pk: str(spelled.pk)})
    members = set(Membership.objects.filter(term=term).values_list("person_id", flat=True))
    assert spelled.pk in members and namesake.pk not in members
    assert Person.objects.filter(name="ليلى النهرين").count() == 2
    hassan.refresh_from_db()
    assert hassan.person == spelled


def test_certify_refuses_a_changed_result_and_then_everything_is_frozen(allocated):
    preview = plan(allocated)
    import_bytes(allocated, "lists", "constituency,list,votes\nالواحة,101,5300\n")
    with pytest.raises(ValidationError, match="allocate again"):
        plan(allocated)
    services.allocation_run(actor=ACTOR, election=allocated, seed=7)
    with pytest.raises(ValidationError, match="changed since the preview"):
        services.election_certify(
            actor=ACTOR,
            election=allocated,
            expected_digest=preview.digest,
            legislature_name="مجلس الاختبار",
            **TERM,
        )
    certify(allocated)
    with pytest.raises(ValidationError, match="certified"):
        services.allocation_run(actor=ACTOR, election=allocated)
    with pytest.raises(ValidationError, match="already certified"):
        plan(allocated)
    with pytest.raises(ValidationError, match="certified"):
        services.election_update(actor=ACTOR, election=allocated, name="x")


def test_certify_into_an_existing_legislature_and_governorates(allocated):
    legislature = parliament.organization_create(
        actor=ACTOR, name="مجلس النواب", classification=CLS.LEGISLATURE
    )
    area = Area.objects.create(identifier="iq-rf", name="الرافدين", name_en="Rafidain")
    preview = certification.certify_plan(election=allocated, legislature=legislature, **TERM)
    term = services.election_certify(
        actor=ACTOR,
        election=allocated,
        expected_digest=preview.digest,
        legislature=legislature,
        **TERM,
    )
    assert term.legislature == legislature
    assert Membership.objects.filter(term=term, area=area).count() == 6
    assert allocated.constituencies.get(code="rafidain").area == area
    assert Area.objects.filter(name="الواحة").exists()  # created for the constituency


def test_certify_checks_its_term(allocated):
    Term.objects.create(
        legislature=parliament.organization_create(
            actor=ACTOR, name="مجلس", classification=CLS.LEGISLATURE
        ),
        identifier="test/term-new",
        name="x",
        start_date=date(2020, 1, 1),
    )
    with pytest.raises(ValidationError, match="exists already"):
        plan(allocated)
    with pytest.raises(ValidationError, match="name a new one"):
        certification.certify_plan(election=allocated, **(TERM | {"term_identifier": "t2"}))


def test_certify_needs_an_allocation(counted):
    with pytest.raises(ValidationError, match="Allocate the seats"):
        plan(counted)


def test_election_create_checks_its_rule_set(db):
    with pytest.raises(ValidationError):
        new_election(rule_set="iq-1999")
    election = new_election()
    assert Election.objects.get() == election


def test_two_winners_with_one_name_are_two_people(allocated):
    Candidate.objects.filter(name="علي النخلة").update(name="سامر الفرات", name_key="سامر الفرات")
    services.allocation_run(actor=ACTOR, election=allocated, seed=7)
    term = certify(allocated)
    assert Membership.objects.filter(term=term, person__name="سامر الفرات").count() == 2
    assert Person.objects.filter(name="سامر الفرات").count() == 2
