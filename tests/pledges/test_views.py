"""The public pages, the feed, the API and the staff's rating pages: what a reader and a
rater rely on, with the queries pinned."""

import datetime

import pytest
from django.urls import reverse

from jisr.pledges import services
from jisr.pledges.models import Category

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..parliament.factories import BillFactory, PersonFactory
from .factories import EvidenceFactory, PledgeFactory

pytestmark = pytest.mark.django_db
EN = {"jisr_language": "en"}


@pytest.fixture
def english(client):
    client.cookies["jisr_language"] = "en"
    return client


def _agreed(pledge, verdict="kept", reason="", on=None):
    evidence = EvidenceFactory(pledge=pledge)
    for _n in range(2):
        services.pledge_rate(
            actor=UserFactory(), pledge=pledge, verdict=verdict, reason=reason, explanation="x"
        )
    return services.pledge_agree(
        actor="system:test",
        pledge=pledge,
        verdict=verdict,
        reason=reason,
        explanation="صوّت البرلمان على القانون.",
        evidence=[evidence],
        on=on,
    )


def _grow(n=12):
    category = Category.objects.first()
    for pledge in PledgeFactory.create_batch(n):
        pledge.categories.add(category)
        pledge.people.add(PersonFactory())


def test_the_list_costs_the_same_with_more_pledges(english, assert_flat_queries):
    _grow(2)
    url = reverse("pledges:list")
    before, after = assert_flat_queries(7, lambda: english.get(url), _grow)
    assert (
        after.context["page_obj"].paginator.count == before.context["page_obj"].paginator.count + 12
    )
    assert "Not yet rated" in after.content.decode()


def test_the_list_filters_by_verdict_category_party_and_representative(english):
    kept, other = PledgeFactory(), PledgeFactory()
    _agreed(kept)
    category = Category.objects.first()
    other.categories.add(category)
    person = PersonFactory()
    kept.people.add(person)
    url = reverse("pledges:list")

    def shown(**query):
        return list(english.get(url, query).context["page_obj"].object_list)

    assert shown(verdict="kept") == [kept]
    assert shown(category=category.pk) == [other]
    assert shown(party=kept.platform.owner_id) == [kept]
    assert shown(representative=person.pk) == [kept]
    assert set(shown(verdict="nonsense")) == {kept, other}  # dropped, never an error


def test_the_pledge_page_quotes_it_with_its_sources_verdict_evidence_history_and_links(
    english, django_assert_num_queries
):
    pledge = PledgeFactory(quote="نلتزم بتشريع قانون الضمان الاجتماعي.")
    bill = BillFactory(title="قانون الضمان الاجتماعي")
    services.pledge_link(actor="system:test", pledge=pledge, target=bill)
    _agreed(pledge, "in_the_works")
    _agreed(pledge, "broken", reason="blocked")
    url = reverse("pledges:detail", args=[pledge.pk])
    # The pledge, its categories, people, evidence, verdicts, their evidence, links.
    with django_assert_num_queries(7):
        response = english.get(url)
    page = response.content.decode()
    assert '<blockquote class="pledges-quote"' in page
    assert "نلتزم بتشريع قانون الضمان الاجتماعي." in page
    assert pledge.archive_url in page and pledge.source_url in page
    assert "Broken" in page and "Blocked by others" in page
    assert "In the works" in page  # the earlier verdict, in the history
    assert reverse("parliament:bill", args=[bill.pk]) in page
    assert reverse("pledges:feed", args=[pledge.pk]) in page


def test_a_pledge_not_yet_rated_says_so_without_judging(english):
    pledge = PledgeFactory()
    page = english.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Not yet rated" in page and "This says nothing about what was done." in page


def test_category_and_party_pages(english, django_assert_num_queries):
    pledge = PledgeFactory()
    category = Category.objects.first()
    pledge.categories.add(category)
    with django_assert_num_queries(5):
        response = english.get(reverse("pledges:category", args=[category.pk]))
    assert list(response.context["page_obj"].object_list) == [pledge]
    with django_assert_num_queries(6):
        response = english.get(reverse("pledges:party", args=[pledge.platform.owner_id]))
    assert list(response.context["page_obj"].object_list) == [pledge]
    assert (
        english.get(reverse("pledges:party", args=[BillFactory().term.pk + 999])).status_code == 404
    )


def test_the_methods_page_shows_kappa_per_quarter(english, django_assert_num_queries):
    for first, second in [("kept", "kept"), ("kept", "stalled"), ("stalled", "stalled")]:
        pledge = EvidenceFactory().pledge
        for verdict in (first, second):
            services.pledge_rate(
                actor=UserFactory(),
                pledge=pledge,
                verdict=verdict,
                explanation="x",
                at=datetime.datetime(2025, 5, 2, 12, tzinfo=datetime.UTC),
            )
    with django_assert_num_queries(2):
        response = english.get(reverse("pledges:methods"))
    page = response.content.decode()
    assert "Information, not verdicts" in page
    assert "Quarter 2, 2025" in page and "0.40" in page


def test_the_feed_lists_verdicts_and_evidence(client, django_assert_num_queries):
    pledge = PledgeFactory()
    _agreed(pledge, on=datetime.date(2025, 7, 1))
    with django_assert_num_queries(3):
        response = client.get(reverse("pledges:feed", args=[pledge.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert body.count("<item>") == 2
    assert "صوّت البرلمان على القانون." in body
    assert client.get(reverse("pledges:feed", args=[pledge.pk + 1])).status_code == 404


def test_the_api_gives_public_data_and_never_a_rater(client):
    pledge = PledgeFactory()
    rater = UserFactory(email="rater@example.org")
    EvidenceFactory(pledge=pledge)
    services.pledge_rate(actor=rater, pledge=pledge, verdict="kept", explanation="x")
    listed = client.get("/api/v1/pledges/").json()
    assert listed["count"] == 1 and listed["items"][0]["quote"] == pledge.quote
    one = client.get(f"/api/v1/pledges/{pledge.pk}").json()
    assert one["archive_url"] == pledge.archive_url and len(one["evidence"]) == 1
    response = client.get(f"/api/v1/pledges/{pledge.pk}")
    assert "rater@example.org" not in response.content.decode()
    assert not {key for key in one if "rat" in key or "user" in key}
    assert client.get(f"/api/v1/pledges/{pledge.pk + 1}").status_code == 404


def test_a_rater_sees_the_other_rating_only_after_giving_theirs(client, organizer, moderator):
    pledge = EvidenceFactory().pledge
    services.pledge_rate(
        actor=organizer, pledge=pledge, verdict="kept", explanation="رأي المنظم المستقل"
    )
    signed_in(client, moderator)
    url = reverse("pledges_staff:rate", args=[pledge.pk])
    page = client.get(url).content.decode()
    assert "رأي المنظم المستقل" not in page and 'name="verdict"' in page
    response = client.post(url, {"verdict": "stalled", "explanation": "رأي المشرف"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "رأي المنظم المستقل" in page and "رأي المشرف" in page
    assert 'name="verdict"' not in page


def test_the_organizer_agrees_the_verdict_from_the_two_ratings(client, organizer, moderator):
    evidence = EvidenceFactory()
    pledge = evidence.pledge
    for rater in (organizer, moderator):
        services.pledge_rate(actor=rater, pledge=pledge, verdict="kept", explanation="x")
    signed_in(client, organizer)
    url = reverse("pledges_staff:agree", args=[pledge.pk])
    response = client.post(url, {"verdict": "kept", "explanation": "تم.", "evidence": []})
    assert response.status_code == 200  # no evidence chosen: refused
    response = client.post(
        url, {"verdict": "kept", "explanation": "تم.", "evidence": [evidence.pk]}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.verdict == "kept"


def test_moderators_rate_but_do_not_agree_or_edit(client, moderator):
    pledge = PledgeFactory()
    signed_in(client, moderator)
    assert client.get(reverse("pledges_staff:rate", args=[pledge.pk])).status_code == 200
    assert client.get(reverse("pledges_staff:agree", args=[pledge.pk])).status_code == 403
    assert client.get(reverse("pledges_staff:pledge_edit", args=[pledge.pk])).status_code == 403


def test_the_organizer_records_a_pledge_with_its_sources(client, organizer):
    from .factories import PlatformFactory

    platform = PlatformFactory()
    signed_in(client, organizer)
    data = {
        "platform": platform.pk,
        "quote": "نص التعهد كما نُشر",
        "source_url": "https://example.org/p",
        "archive_url": "",
        "summary": "ملخص",
        "summary_en": "Summary",
        "scope": "national",
    }
    url = reverse("pledges_staff:pledge_new")
    assert client.post(url, data).status_code == 200  # no archived copy: refused
    data["archive_url"] = "https://web.archive.org/web/2025/p"
    response = client.post(url, data)
    assert response.status_code == 302
    assert platform.pledges.get().quote == "نص التعهد كما نُشر"
