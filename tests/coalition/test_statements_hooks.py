"""The statements' hooks: the coalition's landing section, the monthly report's section,
the API, the search index and a member's export."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jisr.coalition.hooks import statements as hooks
from jisr.coalition.services import statements as services
from jisr.coalition.statement_search import STATEMENT
from jisr.search.models import SearchDocument

from .factories import DelegateFactory
from .statement_factories import open_statement

pytestmark = pytest.mark.django_db


def _published(organizer, **fields):
    statement = open_statement(organizer, threshold=1, **fields)
    services.statement_sign_organization(
        delegate=DelegateFactory(organization__name_en="Listed Club"),
        statement=statement,
        listed=True,
    )
    return services.statement_publish(actor=organizer, statement=statement)


def test_the_landing_page_shows_statements_open_for_signing(client, organizer):
    open_statement(organizer, title_en="Sign this one")
    client.cookies["jisr_language"] = "en"
    page = client.get(reverse("coalition:list")).content.decode()
    assert "Sign this one" in page
    assert "Open for signing until" in page


def test_the_report_lists_the_statements_published_in_the_period(organizer):
    statement = _published(organizer, title="بيان الشهر")
    today = timezone.localdate()
    data = hooks.report_section(today, today)
    assert data == {
        "statements": [
            {
                "title": "بيان الشهر",
                "title_en": "Test statement",
                "organizations": 1,
                "people": 0,
                "url": reverse("coalition:statement_detail", args=[statement.pk]),
            }
        ]
    }
    with translation.override("en"):
        html = render_to_string("coalition/report/_statements.html", {"data": data})
    assert "بيان الشهر" in html and "1 organization" in html
    yesterday = today - datetime.timedelta(days=1)
    assert hooks.report_section(yesterday - datetime.timedelta(days=30), yesterday) is None


def test_the_api_answers_open_and_published_statements_never_drafts(client, organizer):
    published = _published(organizer)
    opened = open_statement(organizer)
    services.statement_create(
        actor=organizer,
        title="مسودة",
        text="نص",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=2),
        threshold=1,
    )
    answer = client.get("/api/v1/coalition/statements").json()
    assert {row["id"] for row in answer} == {published.pk, opened.pk}
    row = next(r for r in answer if r["id"] == published.pk)
    assert row["sha256"] == published.sha256
    assert row["organizations"][0]["name_en"] == "Listed Club"
    one = client.get(f"/api/v1/coalition/statements/{opened.pk}").json()
    assert one["status"] == "open" and one["sha256"] == ""


def test_published_statements_are_in_the_search_index_and_open_ones_are_not(organizer):
    published = _published(organizer)
    open_statement(organizer)
    rows = SearchDocument.objects.filter(doc_type=STATEMENT)
    assert list(rows.values_list("object_id", flat=True)) == [published.pk]
    assert "Listed Club" in rows.get().names


def test_a_members_export_has_their_own_signatures(organizer, member):
    statement = open_statement(organizer)
    services.statement_sign_person(actor=member, statement=statement, listed=False)
    exported = hooks.export_personal_data(member)["statement_signatures"]
    assert [(r["statement"], r["version"], r["listed"]) for r in exported] == [
        (statement.title, 1, False)
    ]


def test_the_api_list_costs_the_same_with_more_statements(client, organizer, assert_flat_queries):
    _published(organizer)
    assert_flat_queries(
        4,
        lambda: client.get("/api/v1/coalition/statements"),
        lambda: [_published(organizer) for _ in range(2)],
    )
