"""The elections' block on the front page: the latest election and its result."""

from datetime import date

import pytest

from jisr.elections.models import Seat

from ..home_blocks import home_block
from .conftest import new_election

pytestmark = pytest.mark.django_db


def block(client) -> str:
    return home_block(client, "home-election")


def test_the_latest_election_shows_the_lists_that_won_most_seats(client, allocated):
    new_election(name="انتخابات أقدم", name_en="An older election", date=date(2020, 1, 1))
    html = block(client)
    assert "Test election (fictional)" in html and "An older election" not in html
    seats = Seat.objects.filter(run=allocated.current_run).count()
    assert f"{seats} seats allocated" in html
    assert "Computed, not yet certified" in html
    assert html.count("seat-list") == 1 and html.count("<li>") <= 5


def test_an_election_not_yet_counted_says_so(client, election):
    html = block(client)
    assert "Seats not yet allocated" in html and "seats allocated" not in html


def test_no_election_reads_as_a_sentence(client, db):
    assert "No election has been recorded yet." in block(client)


def test_the_front_page_costs_the_same_with_an_election(
    client, allocated, django_assert_num_queries
):
    with django_assert_num_queries(9):  # the next events' one, the organizations' two
        client.get("/")
