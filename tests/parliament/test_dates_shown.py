"""One way of writing a date on a representative's page: the long Iraqi form («3 تشرين
الثاني 2026»), in the lists and in the charts' axes and tooltips — never «03/11/2026»,
«2026-11-03» or «26-11»."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import dates, translation

from jisr.core.middleware import LANGUAGE_COOKIE
from jisr.parliament import charts, services
from jisr.parliament.models import Activity, Vote, VoteEvent

from .conftest import Parliament

pytestmark = pytest.mark.django_db

NUMERIC_DATES = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b|\b\d{2}/\d{2}/\d{4}\b|\b\d{2}-\d{2}\b")


def test_month_labels_name_the_month_and_the_year_where_it_first_shows():
    names = {n: dates.MONTHS[n] for n in dates.MONTHS}
    with translation.override("ar"):
        labels = charts.month_labels(["2025-11", "2025-12", "2026-01"], names)
        assert labels == ["تشرين الثاني 2025", "كانون الأول", "كانون الثاني 2026"]
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    with translation.override("en"):
        labels = charts.month_labels(months, names)
    assert [label for label in labels if label] == [
        "January 2026",
        "March",
        "May",
        "July",
        "September",
        "November",
    ]


@pytest.mark.parametrize("language,month", [("ar", "تشرين الثاني"), ("en", "November")])
def test_a_representatives_page_writes_dates_one_way(client, language, month):
    house = Parliament()
    person = house.members[0]
    for day in (date(2026, 10, 6), date(2026, 11, 3)):
        services.activity_record(
            actor="system:test",
            person=person,
            term=house.term,
            kind=Activity.Kind.SPEECH,
            date=day,
            title="مداخلة",
        )
        services.vote_event_record(
            actor="system:test",
            term=house.term,
            date=day,
            motion="قانون",
            result=VoteEvent.Result.PASSED,
            votes={person.pk: Vote.Option.YES},
        )
    client.cookies[LANGUAGE_COOKIE] = language
    html = client.get(reverse("parliament:representative", args=[person.pk])).content.decode()
    shown = re.sub(r'datetime="[^"]*"', "", html)  # machine-readable dates may stay ISO
    shown = re.sub(r"<(script|style|link|meta)[^>]*>", "", shown)
    text = re.sub(r"<[^>]+>", " ", shown)
    assert NUMERIC_DATES.findall(text) == []
    assert f"3 {month} 2026" in text  # the activity and the vote, in the long form
    assert re.search(rf"<text[^>]*>{month}</text>", html)  # the chart's axis
    assert re.search(rf"<title>{month} 2026: 1</title>", html)  # a bar's tooltip


@pytest.mark.parametrize("rtl", [False, True])
def test_the_labels_under_the_end_bars_stay_inside_the_chart(rtl):
    names = {n: f"month {n}" for n in range(1, 13)}
    svg = charts.monthly_bars(
        ["2025-12", "2026-01", "2026-02"], [1, 2, 3], title="t", rtl=rtl, month_names=names
    )
    anchors = re.findall(r'text-anchor="(\w+)"[^>]*>month', svg)
    # The first month sits at the start of the reading direction: the right end in Arabic.
    assert anchors == (["end", "middle", "start"] if rtl else ["start", "middle", "end"])
