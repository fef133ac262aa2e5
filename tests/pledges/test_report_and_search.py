"""The monthly report's "pledges that moved", the representative's panel and search."""

import datetime

import pytest
from django.urls import reverse

from jisr.pledges import services
from jisr.pledges.monthly import report_moved
from jisr.search.selectors import search

from ..accounts.factories import UserFactory
from ..parliament.factories import PersonFactory
from .factories import EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def _agree(pledge, verdict, on):
    evidence = EvidenceFactory(pledge=pledge)
    for _n in range(2):
        services.pledge_rate(actor=UserFactory(), pledge=pledge, verdict=verdict, explanation="x")
    services.pledge_agree(
        actor="system:test",
        pledge=pledge,
        verdict=verdict,
        explanation="x",
        evidence=[evidence],
        on=on,
    )


def test_the_report_lists_the_pledges_whose_verdict_changed_in_its_period():
    moved, earlier, person = PledgeFactory(), PledgeFactory(), PersonFactory()
    moved.people.add(person)
    _agree(moved, "in_the_works", datetime.date(2025, 4, 1))
    _agree(moved, "kept", datetime.date(2025, 5, 10))
    _agree(earlier, "stalled", datetime.date(2025, 4, 2))
    _agree(earlier, "stalled", datetime.date(2025, 5, 11))  # the same verdict: not a move
    section = report_moved(None, datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    assert [(i["pledge"], i["previous"], i["verdict"]) for i in section["moved"]] == [
        (moved.pk, "in_the_works", "kept")
    ]
    assert (
        report_moved(PersonFactory(), datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)) is None
    )
    assert report_moved(person, datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)) == section
    assert report_moved(None, datetime.date(2025, 6, 1), datetime.date(2025, 6, 30)) is None


def test_the_representatives_page_lists_their_pledges(client):
    pledge, person = PledgeFactory(summary="تعهد بالسكن"), PersonFactory()
    pledge.people.add(person)
    page = client.get(reverse("parliament:representative", args=[person.pk])).content.decode()
    assert "تعهد بالسكن" in page and reverse("pledges:detail", args=[pledge.pk]) in page


def test_the_partys_page_links_to_its_pledges(client):
    pledge = PledgeFactory()
    party = pledge.platform.owner
    page = client.get(reverse("parliament:organization", args=[party.pk])).content.decode()
    assert reverse("pledges:party", args=[party.pk]) in page


def test_pledges_are_found_by_their_words(organizer):
    from .factories import PlatformFactory

    pledge = services.pledge_save(
        actor=organizer,
        platform=PlatformFactory(),
        quote="نلتزم بإنشاء محطة لتحلية المياه في الفاو.",
        source_url="https://example.org/p",
        archive_url="https://web.archive.org/web/2025/p",
        summary="محطة تحلية",
        summary_en="A desalination plant",
        scope="national",
    )
    found = search("تحلية")
    assert [hit.url for hit in found.hits] == [reverse("pledges:detail", args=[pledge.pk])]


def test_the_organizations_report_shows_the_pledges_that_moved(client, organizer):
    from jisr.reports import services as reports

    from ..conftest import signed_in

    pledge = PledgeFactory(summary="تعهد تغيّر حكمه", summary_en="A pledge that moved")
    _agree(pledge, "kept", datetime.date(2026, 3, 10))
    report = reports.report_create(
        actor=organizer,
        person=None,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
    )
    organizer.preferred_language = "en"
    organizer.save()
    signed_in(client, organizer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Pledges that moved" in page
    assert "A pledge that moved" in page and "Not yet rated → <strong>Kept</strong>" in page
