"""The outreach demo: loads twice without doubling, and shows a week above ten members and
one below."""

import io

import pytest
from django.utils import timezone

from jisr.campaigns import outreach_demo
from jisr.campaigns import outreach_selectors as selectors
from jisr.campaigns.models.outreach import Ask, AskStatus, Script, Tally

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_ask_in_four_languages_with_cells_on_both_sides_of_ten():
    outreach_demo.load(io.StringIO())
    tallies = Tally.objects.count()
    outreach_demo.load(io.StringIO())
    assert Tally.objects.count() == tallies > 0
    ask = Ask.objects.get(status=AskStatus.PUBLISHED)
    assert sorted(Script.objects.filter(ask=ask).values_list("dialect", flat=True)) == [
        "ar",
        "ar-iq",
        "ckb",
        "en",
    ]
    assert Ask.objects.filter(status=AskStatus.DRAFT).count() == 1
    weeks = selectors.figures([ask], timezone.localdate())[ask.pk].weeks
    assert [w.suppressed for w in weeks] == [False, True]
    assert weeks[0].members == 12
