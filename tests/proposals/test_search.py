"""Proposals in the search index: a proposal is found exactly while the public can see it
(docs/search.md, docs/proposals.md), and the rebuild writes what the services wrote."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from jisr.accounts import services as accounts
from jisr.proposals import services
from jisr.proposals.models import Proposal
from jisr.proposals.selectors import public_proposals
from jisr.proposals.states import PUBLIC, Status
from jisr.search import services as search
from jisr.search.models import SearchDocument

from ..accounts.factories import UserFactory
from ..search.conftest import found
from .staff_fixtures import *  # noqa: F403
from .staff_fixtures import proposal_in

pytestmark = pytest.mark.django_db
BODY = "نقترح إنشاء مَكتبةٍ عامّة للأطفال في الحيّ مع قاعة للمطالعة المسائية"
WORD = "المطالعة"  # a word of the body only


def proposals_found(raw):
    return [object_id for doc_type, object_id in found(raw) if doc_type == "proposal"]


@pytest.fixture
def world(pp_world):
    return pp_world


@pytest.fixture
def library(world):
    return proposal_in(Status.PUBLISHED, world, title="مقترح للحي", body=BODY, area=world.area)


def test_a_published_proposal_is_found_by_a_word_of_its_text(library, world):
    assert proposals_found(WORD) == [library.pk]
    document = SearchDocument.objects.get(doc_type="proposal", object_id=library.pk)
    assert document.url == f"/proposals/{library.pk}/"
    assert document.title == "مقترح للحي" and document.text == BODY
    assert document.context == world.people.author.display_name  # the display name only
    assert world.people.author.email not in str(document.__dict__)
    assert document.date == timezone.localdate(library.published_at)
    assert document.governorate == str(world.area.pk)  # parliament's governorate keys


@pytest.mark.parametrize(
    "query",
    [
        "انشاء",  # no hamza for إنشاء
        "مكتبه",  # ه for ة
        "مَكْتَبَةٌ",  # diacritics in the query
        "المكتبة",  # with the article, the text has none
        "مكتبة عامة",  # two words, the text has a shadda
        "الاطفال",
    ],
)
def test_arabic_spelling_variants_find_it(library, query):
    assert proposals_found(query) == [library.pk]


def test_it_shows_on_the_results_page_and_in_the_api(client, library):
    page = client.get("/search/", {"q": "مكتبه", "type": "proposal"})
    assert page.status_code == 200
    assert f'href="/proposals/{library.pk}/"' in page.content.decode()
    body = client.get("/api/v1/search", {"q": "مكتبه", "type": "proposal"}).json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == library.pk
    assert body["results"][0]["url"].endswith(f"/proposals/{library.pk}/")
    assert "proposal" in str(client.get("/api/v1/openapi.json").json())


@pytest.mark.parametrize("status", [s for s in Status if s in PUBLIC])
def test_every_public_status_is_found(world, status):
    proposal = proposal_in(status, world, body=BODY)
    assert proposals_found(WORD) == [proposal.pk]


@pytest.mark.parametrize("status", [s for s in Status if s not in PUBLIC])
def test_no_other_status_is_ever_found(world, status):
    proposal = proposal_in(status, world, body=BODY)
    assert proposal.pk not in proposals_found(WORD)
    assert not SearchDocument.objects.filter(doc_type="proposal", object_id=proposal.pk)


def test_with_pre_moderation_it_enters_when_a_moderator_publishes_it(world):
    author, moderator = world.people.author, world.people.moderator
    proposal = services.proposal_save_draft(
        actor=author, title="مقترح للحي", body=BODY, topic=world.topic
    )
    assert proposals_found(WORD) == []
    services.proposal_submit(actor=author, proposal=proposal)
    services.proposal_moderate(actor=moderator, proposal=proposal, target=Status.IN_REVIEW)
    assert proposals_found(WORD) == []
    services.proposal_moderate(actor=moderator, proposal=proposal, target=Status.PUBLISHED)
    assert proposals_found(WORD) == [proposal.pk]


def test_with_post_moderation_it_enters_on_submission(world, settings):
    settings.JISR_PROPOSALS_PREMODERATION = False
    author = world.people.author
    proposal = services.proposal_save_draft(
        actor=author, title="مقترح للحي", body=BODY, topic=world.topic
    )
    services.proposal_submit(actor=author, proposal=proposal)
    assert proposals_found(WORD) == [proposal.pk]


def test_it_leaves_when_withdrawn_and_comes_back_only_when_published_again(library, world):
    author, moderator = world.people.author, world.people.moderator
    services.proposal_withdraw(actor=author, proposal=library)
    assert proposals_found(WORD) == []
    services.proposal_resubmit(actor=author, proposal=library)
    assert proposals_found(WORD) == []
    services.proposal_moderate(actor=moderator, proposal=library, target=Status.PUBLISHED)
    assert proposals_found(WORD) == [library.pk]


def test_a_merged_duplicate_leaves_and_the_survivor_stays(library, world):
    survivor = proposal_in(Status.PUBLISHED, world, title="مكتبة الحي", body="مكتبة وقاعة")
    services.proposal_merge(actor=world.people.moderator, duplicate=library, into=survivor)
    assert proposals_found(WORD) == []
    assert proposals_found("مكتبة") == [survivor.pk]


def test_hidden_by_reports_it_leaves_until_a_moderator_restores_it(library, world, settings):
    settings.JISR_REPORTS_TO_HIDE = 2
    services.proposal_report(actor=UserFactory(), proposal=library, reason="spam")
    assert proposals_found(WORD) == [library.pk]
    services.proposal_report(actor=UserFactory(), proposal=library, reason="spam")
    assert proposals_found(WORD) == []
    moderator = world.people.moderator
    services.proposal_review_reports(actor=moderator, proposal=library, restore=False)
    assert proposals_found(WORD) == []
    services.proposal_review_reports(actor=moderator, proposal=library, restore=True)
    assert proposals_found(WORD) == [library.pk]


def test_an_outcome_keeps_it_found(library, world):
    services.proposal_set_outcome(
        actor=world.people.organizer, proposal=library, target=Status.CLOSED
    )
    assert proposals_found(WORD) == [library.pk]


def test_erasing_the_author_keeps_it_found_without_their_name(library, world):
    author = world.people.author
    draft = services.proposal_save_draft(
        actor=author, title="مسودة", body="المطالعة في المسودة", topic=world.topic
    )
    accounts.user_erase(user=author)
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert proposals_found(WORD) == [library.pk]
    document = SearchDocument.objects.get(doc_type="proposal", object_id=library.pk)
    assert document.context == ""
    assert author.display_name not in document.title + document.text


def test_a_deleted_proposal_leaves(library):
    Proposal.objects.filter(pk=library.pk).delete()  # as the technical admin would
    assert not SearchDocument.objects.filter(doc_type="proposal").exists()


def test_the_rebuild_writes_what_the_services_wrote(world, library, settings):
    for status in Status:
        proposal_in(status, world, body=f"{BODY} {status}")
    settings.JISR_REPORTS_TO_HIDE = 1
    services.proposal_report(actor=UserFactory(), proposal=library, reason="spam")

    def documents():
        return list(
            SearchDocument.objects.filter(doc_type="proposal")
            .order_by("object_id")
            .values(
                "object_id",
                "url",
                "title",
                "text",
                "context",
                "date",
                "governorate",
                "language",
                "exact_terms",
                "stem_terms",
                "body_terms",
                "sound_terms",
            )
        )

    live = documents()
    assert [d["object_id"] for d in live] == sorted(public_proposals().values_list("pk", flat=True))
    assert library.pk not in [d["object_id"] for d in live]
    hits = proposals_found(WORD)
    call_command("search_rebuild", "--type", "proposal", stdout=None)
    assert documents() == live
    assert proposals_found(WORD) == hits
    assert search.rebuild(types=["proposal"]) == {"proposal": len(live)}


def test_the_rebuild_reads_proposals_in_a_bounded_number_of_queries(
    world, django_assert_num_queries
):
    for _ in range(5):
        proposal_in(Status.PUBLISHED, world, body=BODY)
    with django_assert_num_queries(8):
        counts = search.rebuild(types=["proposal"])
    assert counts == {"proposal": 5}
