"""The coalition's landing page (the header's "Organizations"): every part's section on the
fictional demo, in a fixed number of queries."""

import html
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jisr.accounts.models import User

from ..conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo_load", stdout=io.StringIO())


def test_every_part_shows_its_section_in_a_fixed_number_of_queries(
    client, demo, django_assert_num_queries
):
    client.cookies["jisr_language"] = "en"
    # The directory (its organizations, their count), coalitions, statements open for
    # signing, open decisions, joint proposals and endorsements, the exchange: ten.
    with django_assert_num_queries(VISITOR_QUERIES):
        page = html.unescape(client.get(reverse("coalition:list")).content.decode())
    for heading in ("Rafidain Sports Club (fictional)", "Community Organizations' Coordination"):
        assert heading in page
    assert "Community Women's League" not in page  # listed for members only
    assert "Voice of the Bridge Radio" not in page  # waiting for verification


def test_a_signed_in_delegate_sees_the_members_only_organizations(client, demo):
    delegate = User.objects.get(email="delegate@demo.jisr.invalid")
    signed_in(client, delegate)
    page = client.get(reverse("coalition:list")).content.decode()  # in her language, Arabic
    assert "رابطة نساء الجالية (خيالية)" in page


VISITOR_QUERIES = 10
