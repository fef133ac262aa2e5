"""The joint part's pages: the proposal's page names the organizations that carry or
endorse it (members-only ones only to signed-in members), the coalition's page shows what
became of its joint proposals, delegates act through their own mandates, the API, the
monthly report (page and PDF)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.coalition.models import CoSignature, DelegateRole, Endorsement, JointStatus
from jisr.coalition.services import joint
from jisr.proposals import services as proposals
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..parliament.factories import PersonFactory
from .factories import DelegateFactory
from .joint_factories import make_world, publish

pytestmark = pytest.mark.django_db

PUBLIC_NAME, HIDDEN_NAME = "Test club", "Secret league (test)"


@pytest.fixture
def world(settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    return make_world()


@pytest.fixture
def carried(world):
    """The world's proposal adopted by its coalition, co-signed by the members-only
    organization, endorsed by it and by an organization outside the coalition."""
    asked = joint.joint_propose_adoption(
        delegate=world.club, coalition=world.coalition, proposal=world.proposal
    )
    adopted = joint.joint_decide(actor=UserFactory(), joint=asked, adopt=True)
    joint.joint_cosign(delegate=world.hidden, joint=adopted)
    joint.endorsement_give(delegate=world.hidden, proposal=world.proposal)
    joint.endorsement_give(delegate=world.outsider, proposal=world.proposal)
    return adopted


def _english(client):
    client.cookies["jisr_language"] = "en"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def detail(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def test_the_proposal_page_names_the_coalition_and_public_organizations_to_visitors(
    client, world, carried, django_assert_num_queries
):
    _english(client)
    # The page's own 7 queries, and the organizations' 3: the joint proposal, its
    # co-signers, the endorsements.
    with django_assert_num_queries(10):
        page = _page(client, detail(world.proposal))
    assert "Carried jointly by:" in page and world.coalition.name_en in page
    assert world.club.organization.name_en in page
    assert world.outsider.organization.name_en in page  # it endorses
    assert HIDDEN_NAME not in page and "رابطة سرية" not in page
    assert "And one organization listed for members only." in page  # co-signs, counted
    assert "one organization listed for members only" in page  # endorses, counted
    # No delegate is ever named, nor a form to act.
    assert world.club.user.display_name not in page
    assert reverse("coalition:joint_endorse", args=[world.proposal.pk]) not in page


def test_signed_in_members_read_the_members_only_organizations_name(client, world, carried):
    member = UserFactory(preferred_language="en")
    signed_in(client, member)
    page = _page(client, detail(world.proposal))
    assert HIDDEN_NAME in page
    assert "listed for members only" not in page


def test_a_proposal_nobody_carries_costs_the_organizations_two_queries(
    client, world, django_assert_num_queries
):
    with django_assert_num_queries(7 + 2):
        page = _page(client, detail(world.proposal))
    assert 'id="organizations"' not in page


def test_a_delegate_endorses_and_withdraws_from_the_proposal_page(client, world):
    user = world.outsider.user
    user.preferred_language = "en"
    user.save()
    signed_in(client, user)
    page = _page(client, detail(world.proposal))
    url = reverse("coalition:joint_endorse", args=[world.proposal.pk])
    assert url in page and "Ask a coalition to carry it" in page
    form = {"organization": world.outsider.organization_id}
    response = client.post(url, {**form, "action": "endorse"})
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert (endorsement.organization, endorsement.delegate) == (
        world.outsider.organization,
        world.outsider,
    )
    assert "Withdraw the endorsement of" in _page(client, detail(world.proposal))
    client.post(url, {**form, "action": "withdraw"})
    assert not Endorsement.objects.exists()


def test_a_delegate_cannot_act_for_an_organization_they_do_not_represent(client, world):
    signed_in(client, world.outsider.user)
    url = reverse("coalition:joint_endorse", args=[world.proposal.pk])
    client.post(url, {"organization": world.club.organization_id, "action": "endorse"})
    assert not Endorsement.objects.exists()


def test_an_observer_is_refused_and_a_session_without_the_second_factor_is_sent_to_it(
    client, world
):
    observer = DelegateFactory(organization=world.union.organization, role=DelegateRole.OBSERVER)
    url = reverse("coalition:joint_endorse", args=[world.proposal.pk])
    signed_in(client, observer.user)
    form = {"organization": world.union.organization_id, "action": "endorse"}
    assert client.post(url, form).status_code == 403
    client.logout()
    signed_in(client, world.union.user, second_factor=False)
    response = client.post(url, form)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not Endorsement.objects.exists()


def test_a_member_co_signs_and_a_second_co_signature_is_refused(client, world, carried):
    signed_in(client, world.union.user)
    url = reverse("coalition:joint_cosign", args=[carried.pk])
    form = {"organization": world.union.organization_id}
    client.post(url, form)
    alternate = DelegateFactory(organization=world.union.organization, role=DelegateRole.ALTERNATE)
    alternate.user.preferred_language = "en"
    alternate.user.save()
    client.logout()
    signed_in(client, alternate.user)
    response = client.post(url, form, follow=True)
    assert CoSignature.objects.filter(organization=world.union.organization).count() == 1
    assert "Your organization has already co-signed this proposal." in response.content.decode()


def test_a_delegate_asks_for_an_adoption_and_an_organizer_confirms_it(client, world, organizer):
    signed_in(client, world.club.user)
    url = reverse("coalition:joint_adopt", args=[world.proposal.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"organization": world.club.organization_id, "coalition": world.coalition.pk},
    )
    asked = world.proposal.joint
    assert asked.status == JointStatus.PROPOSED
    client.logout()
    organizer.preferred_language = "en"
    organizer.save()
    signed_in(client, organizer)
    page = _page(client, reverse("coalition:joint_list"))
    decide = reverse("coalition_staff:joint_decide", args=[asked.pk])
    assert "Adoptions to decide" in page and decide in page
    client.post(decide, {"action": "adopt"})
    asked.refresh_from_db()
    assert asked.status == JointStatus.ADOPTED and asked.confirmed_by == organizer
    # A delegate is no organizer.
    client.logout()
    signed_in(client, world.union.user)
    assert client.post(decide, {"action": "decline"}).status_code == 403


def test_a_delegate_writes_a_proposal_for_the_coalition(client, world):
    signed_in(client, world.union.user)
    url = reverse("coalition:joint_write")
    page = _page(client, url)
    assert 'name="title"' in page and 'name="coalition"' in page
    response = client.post(
        url,
        {
            "organization": world.union.organization_id,
            "coalition": world.coalition.pk,
            "title": "مقترح تكتبه المنظمات",
            "body": "نصه.",
            "topic": world.topic.pk,
            "language": "ar",
        },
    )
    written = world.union.user.proposals.get()
    assert response.status_code == 302 and response["Location"] == detail(written)
    assert written.joint.coalition == world.coalition
    assert written.status == Status.SUBMITTED


def test_the_coalitions_page_shows_what_became_of_its_joint_proposals(
    client, world, carried, assert_flat_queries
):
    _english(client)
    organizer = UserFactory()
    person = PersonFactory(name="Representative X")
    delivery = proposals.delivery_record(
        actor=organizer,
        proposal=world.proposal,
        representatives=[person],
        method="letter",
        delivered_on=timezone.localdate() - datetime.timedelta(days=2),
    )[0]
    proposals.answer_record(
        actor=organizer,
        delivery=delivery,
        text="جواب",
        answered_on=timezone.localdate(),
        source="transcribed",
    )
    url = reverse("coalition:joint_list")

    def grow():
        other = publish(UserFactory(), world.topic, title="مقترح آخر")
        adopted = joint.joint_propose_adoption(
            delegate=world.union, coalition=world.coalition, proposal=other
        )
        joint.joint_decide(actor=organizer, joint=adopted, adopt=True)
        joint.joint_cosign(delegate=world.club, joint=adopted)
        joint.endorsement_give(delegate=world.union, proposal=other)

    first, _second = assert_flat_queries(5, lambda: client.get(url), grow)
    page = first.content.decode()
    assert world.proposal.title in page and "Answered" in page
    assert "Delivered to <bdi>Representative X</bdi>" in page and "answer received" in page
    assert world.outsider.organization.name_en in page  # endorses
    assert HIDDEN_NAME not in page


def test_the_landing_page_has_the_joint_section(client, world, carried):
    _english(client)
    page = _page(client, reverse("coalition:list"))
    assert "Joint proposals to the representatives" in page and world.proposal.title in page
    assert HIDDEN_NAME not in page


def test_the_api_names_public_organizations_only(client, world, carried):
    joint.joint_cosign(delegate=world.union, joint=carried)
    body = client.get("/api/v1/coalition/joint").json()
    (item,) = body["items"]
    assert item["proposal"] == {
        "id": world.proposal.pk,
        "title": world.proposal.title,
        "status": "published",
    }
    assert {o["id"] for o in item["cosigners"]} == {
        world.club.organization_id,
        world.union.organization_id,
    }
    assert item["cosigners_not_listed"] == 1
    (endorsed,) = client.get("/api/v1/coalition/joint/endorsements").json()["items"]
    assert [o["id"] for o in endorsed["endorsers"]] == [world.outsider.organization_id]
    assert endorsed["endorsers_not_listed"] == 1
    text = client.get("/api/v1/coalition/joint").content.decode()
    assert HIDDEN_NAME not in text and "رابطة سرية" not in text and "delegate" not in text


def test_the_organizations_monthly_report_shows_what_the_coalition_did(
    client, world, carried, organizer
):
    from jisr.reports import pdf
    from jisr.reports import selectors as report_selectors
    from jisr.reports import services as reports

    today = timezone.localdate()
    person = PersonFactory(name="Representative Y")
    proposals.delivery_record(
        actor=organizer,
        proposal=world.proposal,
        representatives=[person],
        method="meeting",
        delivered_on=today,
    )
    report = reports.report_create(
        actor=organizer, person=None, start=today.replace(day=1), end=today
    )
    section = report_selectors.report_content(report)["sections"]["coalition"]["parts"]
    (part,) = [p for p in section if p["part"] == "joint"]
    assert [i["proposal"] for i in part["data"]["adopted"]] == [world.proposal.pk]
    assert part["data"]["delivered"][0]["representatives"] == ["Representative Y"]
    assert part["data"]["endorsements"] == 2
    assert part["data"]["endorsed"][0]["not_listed"] == 1
    assert HIDDEN_NAME not in str(part)
    organizer.preferred_language = "en"
    organizer.save()
    signed_in(client, organizer)
    page = _page(client, reverse("reports:detail", args=[report.pk]))
    assert "What the coalition did" in page and "Joint proposals to the representatives" in page
    assert "<bdi>Representative Y</bdi>" in page
    from django.utils import translation

    with translation.override("en"):
        html = pdf.render_html(report)
    assert "What the coalition did" in html and world.proposal.title in html
    assert HIDDEN_NAME not in html


def test_a_month_without_joint_activity_has_no_joint_part():
    from jisr.coalition import joint_selectors

    assert joint_selectors.report(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31)) is None


def test_the_landing_section_costs_three_queries_and_one_when_there_is_nothing(
    rf, world, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    from jisr.coalition.hooks.joint import landing_section

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(1):
        assert landing_section(request) is None
    asked = joint.joint_propose_adoption(
        delegate=world.club, coalition=world.coalition, proposal=world.proposal
    )
    joint.joint_decide(actor=UserFactory(), joint=asked, adopt=True)
    with django_assert_num_queries(3):  # the joint proposals, their co-signers, deliveries
        section = landing_section(request)
    assert section is not None and section.order == 40
    assert [s.proposal for s in section.context["stories"]] == [world.proposal]
