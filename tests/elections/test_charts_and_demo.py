"""The hemicycle, the names put back into the engine's output, and the demo."""

import io
import math
import re

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from jisr.elections import certification
from jisr.elections.charts import color, hemicycle, seat_positions
from jisr.elections.models import Candidate, Election, Seat
from jisr.elections.naming import Names, candidate_token, list_token, parse_token
from jisr.parliament.models import Membership, Organization, Person


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=400))
def test_a_hemicycle_has_one_place_per_seat_none_overlapping(seats):
    places = seat_positions(seats)
    assert len(places) == seats
    for x, y, _radius in places:
        assert y <= 1e-9 and math.hypot(x, y) <= 1 + 1e-9
    for i, (x1, y1, r) in enumerate(places):
        for x2, y2, _r in places[i + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * r


def test_hemicycle_svg_reads_from_the_start_of_the_line():
    groups = [("أ <script>", 3, color(0)), ("ب", 2, color(1)), ("لا أحد", 0, color(2))]
    ltr = hemicycle(groups, title="t", rtl=False)
    rtl = hemicycle(groups, title="t", rtl=True)
    assert ltr.count("<circle") == rtl.count("<circle") == 5
    assert "&lt;script&gt;" in ltr and "<script>" not in ltr
    first_x = lambda svg: float(re.search(r'<circle cx="([\d.]+)"', svg).group(1))  # noqa: E731
    assert first_x(ltr) < 200 < first_x(rtl)


def test_tokens_round_trip_and_render_in_each_language():
    assert parse_token(list_token(12)) == ("list", 12)
    assert parse_token(candidate_token(7)) == ("candidate", 7)
    assert parse_token("⟦ق12") is None and parse_token("State of Law") is None
    names = Names({12: "دولة القانون"}, {7: "علي"})
    text = f"حصلت {list_token(12)} و{list_token(1)}؛ فاز {candidate_token(7)}"
    assert names.render(text) == "حصلت دولة القانون و?؛ فاز علي"
    assert names.render_all({list_token(12): [list_token(12), 3]}) == {
        "دولة القانون": ["دولة القانون", 3]
    }


@pytest.mark.django_db
def test_the_demo_election_is_fictional_and_loads_once(client):
    call_command("demo_load", stdout=io.StringIO())
    call_command("demo_load", stdout=io.StringIO())
    election = Election.objects.get()
    assert election.is_fictional and not election.is_certified
    assert election.constituencies.count() == 4
    seats = Seat.objects.filter(run=election.current_run)
    assert seats.count() == 26  # 23 general and 3 quota seats
    # Every list is a fictional organization of the demo parliament or invented here.
    assert all("خيالي" in item.name for item in election.lists.all())
    linked = Candidate.objects.filter(election=election, person__isnull=False)
    assert linked.count() == 2 and all(c.person.is_fictional for c in linked)
    assert all(
        org.is_fictional
        for org in Organization.objects.filter(pk__in=election.lists.values("organization"))
    )
    assert election.stations.count() == 40
    check = client.get(f"/elections/{election.pk}/check/")
    assert check.context["differences"] == 2  # the deliberate one, in Basra


@pytest.mark.django_db
def test_certifying_the_demo_only_ever_seats_fictional_people():
    from datetime import date

    from jisr.elections import services

    call_command("demo_load", stdout=io.StringIO())
    election = Election.objects.get()
    real = Person.objects.create(name="شخص حقيقي", name_key="شخص حقيقي", is_fictional=False)
    plan = certification.certify_plan(
        election=election,
        term_identifier="demo/term-2",
        term_name="الدورة التالية (خيالية)",
        start_date=date.today(),
        legislature=Organization.objects.get(classification="legislature", is_fictional=True),
    )
    term = services.election_certify(
        actor="system:test",
        election=election,
        expected_digest=plan.digest,
        term_identifier="demo/term-2",
        term_name="الدورة التالية (خيالية)",
        start_date=date.today(),
        legislature=plan.legislature,
    )
    members = Person.objects.filter(memberships__term=term)
    assert members.count() == 26
    assert all(person.is_fictional for person in members)
    assert real not in members
    assert Membership.objects.filter(term=term, on_behalf_of__is_fictional=False).count() == 0
