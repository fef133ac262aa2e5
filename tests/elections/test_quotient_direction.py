"""The quotient table follows the page's direction: its "votes ÷ divisor = quotient" cells
are not forced left to right (their header read right to left, the cells left to right);
each number is isolated, so it keeps its own digits' order."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_quotient_cells_follow_the_pages_direction(client, allocated):
    place = allocated.constituencies.get(code="rafidain")
    page = client.get(reverse("elections:constituency", args=[allocated.pk, place.pk]))
    table = re.search(r'<table class="quotients">.*?</table>', page.content.decode(), re.S)[0]
    assert 'dir="ltr"' not in table
    cells = re.findall(r"<td class=\"num\">(<bdi>[^<]*</bdi> ÷ .*?)</td>", table)
    assert cells
    assert all(cell.count("<bdi>") == 3 for cell in cells)
