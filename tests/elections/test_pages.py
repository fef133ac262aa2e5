"""Public and staff pages of the elections: content, languages, bounded queries, and the
organizer's whole path from import to certification."""

import re
from datetime import date

import pytest
from django.urls import URLPattern, reverse

from jisr.elections import staff_urls
from jisr.elections.models import Candidate, Election, OfficialSeats, PollingStation
from jisr.parliament.models import Membership, Term

from ..conftest import assert_error_page, count_queries, signed_in
from .conftest import FICTIONAL, import_file
from .factories import big_election

pytestmark = pytest.mark.django_db
# Queries per page, whatever the election's size (measured, plus two for the site's layout).
QUERIES = {
    "list": 4,
    "election": 7,
    "constituency": 9,
    "electoral_list": 8,
    "candidate": 4,
    "candidates": 5,
    "check": 5,
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads wait in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path


def switch_language(client, language):
    client.post(reverse("accounts:language"), {"language": language, "next": "/"})


def urls(election):
    place = election.constituencies.order_by("code").first()
    candidate = Candidate.objects.filter(constituency=place).order_by("pk").first()
    return {
        "list": reverse("elections:list"),
        "election": reverse("elections:election", args=[election.pk]),
        "constituency": reverse("elections:constituency", args=[election.pk, place.pk]),
        "electoral_list": reverse(
            "elections:electoral_list", args=[election.pk, candidate.electoral_list_id]
        ),
        "candidate": reverse("elections:candidate", args=[election.pk, candidate.pk]),
        "candidates": reverse("elections:candidates", args=[election.pk]),
        "check": reverse("elections:check", args=[election.pk]),
    }


def test_the_home_page_links_the_elections(client):
    assert reverse("elections:list") in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_renders_in_both_languages(client, allocated, language):
    switch_language(client, language)
    for name, url in urls(allocated).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, name
        assert 'property="og:title"' in html
        assert "⟦" not in html, name  # every engine token became a name


def test_overview_has_the_hemicycle_and_seats_per_party_within_the_alliance(client, allocated):
    html = client.get(urls(allocated)["election"]).content.decode()
    svg = re.search(r"<svg[^>]*hemicycle.*?</svg>", html, re.S).group(0)
    assert svg.count("<circle") == 9
    assert "<title>تحالف النجمة: 5</title>" in svg
    assert "حزب الضوء</bdi></a>: 3" in html  # our party won 3 seats within the alliance
    assert "حزب الندى</bdi></a>: 2" in html


def test_list_page_gives_each_partys_seats(client, allocated):
    star = allocated.lists.get(number=101)
    response = client.get(reverse("elections:electoral_list", args=[allocated.pk, star.pk]))
    rows = {party.name: len(seats) for party, seats in response.context["party_rows"]}
    assert rows == {"حزب الضوء": 3, "حزب الندى": 2}


def test_constituency_page_explains_in_the_language_shown(client, allocated):
    place = allocated.constituencies.get(code="rafidain")
    url = reverse("elections:constituency", args=[allocated.pk, place.pk])
    arabic = client.get(url).content.decode()
    assert "وُزِّع 5 مقاعد على 3 قوائم بطريقة سانت ليغو المعدّلة" in arabic
    assert 'class="cutoff"' in arabic
    switch_language(client, "en")
    english = client.get(url).content.decode()
    assert "5 seats were divided among 3 lists by modified Sainte-Laguë" in english
    assert "Raghad Al-Wadi (900 votes) takes the seat of Adel Al-Sahl" in english
    context = client.get(url).context
    assert [row.seat for row in context["table"]["winning"]] == [1, 2, 3, 4, 5]
    assert context["table"]["losing"][0].list.number == 103
    assert context["margin"]["votes_needed"] == 117


def test_check_page_flags_differences(client, allocated):
    import_file(allocated, "official", "official.csv")
    waha = allocated.constituencies.get(code="waha")
    star = allocated.lists.get(number=101)
    OfficialSeats.objects.filter(constituency=waha, electoral_list=star).update(seats=1)
    response = client.get(urls(allocated)["check"])
    assert response.context["differences"] == 1
    assert "differs" in response.content.decode()


def test_pages_of_another_elections_records_are_not_found(client, allocated):
    other = Election.objects.create(
        name="x", date=date(2020, 1, 1), kind="other", rule_set="iq-2025"
    )
    place = allocated.constituencies.first()
    assert (
        client.get(reverse("elections:constituency", args=[allocated.pk, place.pk])).status_code
        == 200
    )
    wrong = client.get(reverse("elections:constituency", args=[other.pk, place.pk]))
    assert_error_page(wrong, 404)
    assert place.name not in wrong.content.decode()
    assert_error_page(client.get(reverse("elections:election", args=[999])), 404)


def test_queries_do_not_grow_with_the_election(client, allocated, django_assert_num_queries):
    large = big_election(constituencies=18, lists=20, per_list=6)
    for election in (allocated, large):
        for name, url in urls(election).items():
            with django_assert_num_queries(QUERIES[name], info=name):
                assert client.get(url).status_code == 200
    candidates = client.get(urls(large)["candidates"])
    assert candidates.context["page_obj"].paginator.count == 18 * 20 * 6 + 1
    assert len(candidates.context["page_obj"].object_list) == 50


def test_candidate_search(client, allocated):
    url = urls(allocated)["candidates"]
    response = client.get(url, {"q": "ليلي النهرين"})  # ى/ي folded
    assert [c.name for c in response.context["page_obj"]] == ["ليلى النهرين"]


# --- Staff ----------------------------------------------------------------------------------------


def test_every_staff_page_needs_an_organizer_with_two_factor(client, allocated, member):
    for pattern in staff_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert "organizer" in getattr(pattern.callback, "staff_roles", ()), pattern.name
    url = reverse("elections_staff:manage", args=[allocated.pk])
    assert client.get(url).status_code == 302  # to sign in
    assert signed_in(client, member).get(url).status_code == 403


def upload(client, election, kind, name):
    with (FICTIONAL / name).open("rb") as handle:
        response = client.post(
            reverse("elections_staff:import_upload", args=[election.pk]),
            {"kind": kind, "file": handle},
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    # The dry run's summary, in the same 6 queries for 2 rows as for 16 (one is the staff
    # menu's count of share kit posts waiting for review).
    confirm, queries = count_queries(lambda: client.get(response.url))
    assert (confirm.status_code, queries) == (200, 6)
    rows = len((FICTIONAL / name).read_text(encoding="utf-8-sig").strip().splitlines()) - 1
    assert confirm.context["summary"].rows == rows
    done = client.post(response.url, {"action": "import"})
    assert done.status_code == 200
    return done


def test_an_organizer_runs_an_election_from_the_staff_pages(client, organizer):
    client = signed_in(client, organizer)
    response = client.post(
        reverse("elections_staff:election_new"),
        {
            "name": "انتخابات الصفحات (خيالية)",
            "date": "٢٠٣٠-١١-١١",
            "kind": "parliamentary",
            "rule_set": "iq-2025",
        },
    )
    election = Election.objects.get()
    assert response.url == reverse("elections_staff:manage", args=[election.pk])
    for kind, name in [
        ("constituencies", "constituencies.csv"),
        ("roster", "roster.csv"),
        ("lists", "lists.csv"),
        ("candidates", "candidates.csv"),
    ]:
        upload(client, election, kind, name)
    assert client.get(reverse("elections_staff:manage", args=[election.pk])).status_code == 200
    response = client.post(reverse("elections_staff:allocate", args=[election.pk]), {"seed": "٧"})
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.current_run.seed == 7
    waha = election.constituencies.get(code="waha")
    lists = {item.number: item.pk for item in election.lists.all()}
    response = client.post(
        reverse("elections_staff:official", args=[election.pk, waha.pk]),
        {f"list_{lists[101]}": "2", f"list_{lists[102]}": "١"},
    )
    assert response.status_code == 302
    assert OfficialSeats.objects.filter(constituency=waha).count() == 2
    certify_url = reverse("elections_staff:certify", args=[election.pk])
    assert client.get(certify_url).status_code == 200
    form = {
        "legislature_name": "مجلس الاختبار",
        "term_identifier": "test/pages",
        "term_name": "دورة الصفحات",
        "start_date": "2031-01-09",
    }
    preview = client.post(certify_url, form | {"action": "preview"})
    assert preview.status_code == 200
    assert not Term.objects.exists()
    plan = preview.context["plan"]
    assert len(plan.winners) == 9
    # Confirming without ticking the warning (official seats missing in one place) is refused.
    refused = client.post(certify_url, form | {"action": "confirm", "digest": plan.digest})
    assert refused.context["problems"] and not Term.objects.exists()
    done = client.post(
        certify_url, form | {"action": "confirm", "digest": plan.digest, "acknowledge": "on"}
    )
    assert done.status_code == 302
    term = Term.objects.get(identifier="test/pages")
    assert Membership.objects.filter(term=term).count() == 9
    election.refresh_from_db()
    assert election.is_certified


def test_a_bad_file_shows_every_error_and_writes_nothing(client, organizer, election):
    client = signed_in(client, organizer)
    data = "constituency,list,votes\nالواحة,101,-5\nالواحة,999,5\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("elections_staff:import_upload", args=[election.pk]),
        {"kind": "lists", "file": SimpleUploadedFile("bad.csv", data, "text/csv")},
    )
    assert response.status_code == 200
    assert len(response.context["errors"]) == 2
    assert not PollingStation.objects.exists()


def test_a_duplicate_name_is_decided_on_the_preview(client, organizer, allocated):
    from jisr.parliament import services as parliament

    namesake = parliament.person_create(actor="system:test", name="ليلى النهرين")
    client = signed_in(client, organizer)
    url = reverse("elections_staff:certify", args=[allocated.pk])
    form = {
        "legislature_name": "مجلس",
        "term_identifier": "test/dup",
        "term_name": "دورة",
        "start_date": "2031-01-09",
        "acknowledge": "on",
    }
    preview = client.post(url, form | {"action": "preview"})
    html = preview.content.decode()
    assert f'value="{namesake.pk}"' in html
    layla = Candidate.objects.get(name="ليلى النهرين")
    digest = preview.context["plan"].digest
    refused = client.post(url, form | {"action": "confirm", "digest": digest})
    assert refused.status_code == 200 and not Term.objects.filter(identifier="test/dup").exists()
    done = client.post(
        url, form | {"action": "confirm", "digest": digest, f"person_{layla.pk}": str(namesake.pk)}
    )
    assert done.status_code == 302
    assert Membership.objects.filter(term__identifier="test/dup", person=namesake).exists()


def test_a_single_non_transferable_vote_district_renders(client):
    from jisr.elections import services

    from .test_services import tie_election

    election = tie_election(rule_set="iq-2021")
    services.allocation_run(actor="system:test", election=election, seed=5)
    place = election.constituencies.get()
    response = client.get(reverse("elections:constituency", args=[election.pk, place.pk]))
    assert response.status_code == 200
    assert response.context["table"] is None  # no quotients: candidates, not lists
    assert response.context["margin"]["votes_needed"] == 1
    assert len(response.context["seats"]) == 1
