"""Joint proposals and endorsements: organizations act only through delegates, once per
organization, and the proposal keeps the usual proposals' flow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jisr.coalition import joint_selectors
from jisr.coalition.models import (
    CoSignature,
    DelegateRole,
    Endorsement,
    JointProposal,
    JointStatus,
)
from jisr.coalition.services import joint
from jisr.core.models import AuditEntry
from jisr.proposals import services as proposals
from jisr.proposals.models import Proposal
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..parliament.factories import PersonFactory
from .factories import DelegateFactory
from .joint_factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    return make_world()


def _adopted(world):
    asked = joint.joint_propose_adoption(
        delegate=world.club, coalition=world.coalition, proposal=world.proposal, note="لأنه يهمنا"
    )
    return joint.joint_decide(actor=UserFactory(), joint=asked, adopt=True)


def test_an_adoption_asked_by_a_delegate_records_the_organization_and_the_delegate(world):
    asked = joint.joint_propose_adoption(
        delegate=world.club, coalition=world.coalition, proposal=world.proposal
    )
    assert asked.status == JointStatus.PROPOSED
    assert (asked.organization, asked.delegate) == (world.club.organization, world.club)
    signature = asked.cosignatures.get()
    assert (signature.organization, signature.delegate) == (world.club.organization, world.club)
    # Not carried publicly until an organizer confirms.
    assert not joint_selectors.public_joint_proposals().exists()
    organizer = UserFactory()
    adopted = joint.joint_decide(actor=organizer, joint=asked, adopt=True)
    assert adopted.status == JointStatus.ADOPTED and adopted.confirmed_by == organizer
    assert list(joint_selectors.public_joint_proposals()) == [adopted]
    with pytest.raises(ValidationError):
        joint.joint_decide(actor=organizer, joint=adopted, adopt=False)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"joint.adoption_proposed", "joint.adopted"} <= actions


def test_a_declined_adoption_is_not_carried_and_cannot_be_co_signed(world):
    asked = joint.joint_propose_adoption(
        delegate=world.club, coalition=world.coalition, proposal=world.proposal
    )
    joint.joint_decide(actor=UserFactory(), joint=asked, adopt=False)
    with pytest.raises(ValidationError) as refused:
        joint.joint_cosign(delegate=world.union, joint=asked)
    assert refused.value.code == "declined"
    assert not joint_selectors.public_joint_proposals().exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"role": DelegateRole.OBSERVER}, "observer"),
        ({"user": "no_mfa"}, "two_factor"),
        ({"starts_on": "tomorrow"}, "mandate"),
    ],
)
def test_observers_and_delegates_who_may_not_act_change_nothing(world, change, code):
    delegate = world.union
    if change.get("role"):
        delegate.role = change["role"]
    if change.get("user"):
        delegate.user = UserFactory()
    if change.get("starts_on"):
        delegate.starts_on = timezone.localdate() + datetime.timedelta(days=1)
    delegate.save()
    adopted = _adopted(world)
    for act in (
        lambda: joint.joint_cosign(delegate=delegate, joint=adopted),
        lambda: joint.endorsement_give(delegate=delegate, proposal=world.proposal),
        lambda: joint.joint_propose_adoption(
            delegate=delegate, coalition=world.coalition, proposal=world.proposal
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert refused.value.code == code
    assert CoSignature.objects.count() == 1 and not Endorsement.objects.exists()


def test_an_organization_outside_the_coalition_cannot_adopt_or_co_sign(world):
    with pytest.raises(ValidationError) as refused:
        joint.joint_propose_adoption(
            delegate=world.outsider, coalition=world.coalition, proposal=world.proposal
        )
    assert refused.value.code == "not_member"
    adopted = _adopted(world)
    with pytest.raises(ValidationError) as refused:
        joint.joint_cosign(delegate=world.outsider, joint=adopted)
    assert refused.value.code == "not_member"


def test_one_co_signature_per_organization_whichever_delegate_signs(world):
    adopted = _adopted(world)
    joint.joint_cosign(delegate=world.union, joint=adopted)
    alternate = DelegateFactory(organization=world.union.organization, role=DelegateRole.ALTERNATE)
    with pytest.raises(ValidationError) as refused:
        joint.joint_cosign(delegate=alternate, joint=adopted)
    assert refused.value.code == "duplicate"
    assert adopted.cosignatures.filter(organization=world.union.organization).count() == 1


def test_one_endorsement_per_organization_and_it_can_be_withdrawn(world):
    given = joint.endorsement_give(delegate=world.outsider, proposal=world.proposal)
    assert (given.organization, given.delegate) == (world.outsider.organization, world.outsider)
    alternate = DelegateFactory(
        organization=world.outsider.organization, role=DelegateRole.ALTERNATE
    )
    with pytest.raises(ValidationError) as refused:
        joint.endorsement_give(delegate=alternate, proposal=world.proposal)
    assert refused.value.code == "duplicate"
    joint.endorsement_withdraw(delegate=alternate, proposal=world.proposal)
    assert not Endorsement.objects.exists()
    with pytest.raises(ValidationError):
        joint.endorsement_withdraw(delegate=alternate, proposal=world.proposal)
    actions = list(
        AuditEntry.objects.filter(action__startswith="endorsement.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["endorsement.given", "endorsement.withdrawn"]


def test_nothing_is_signed_or_endorsed_once_the_proposal_came_to_its_end(world):
    adopted = _adopted(world)
    person = PersonFactory()
    organizer = UserFactory()
    proposals.delivery_record(
        actor=organizer,
        proposal=world.proposal,
        representatives=[person],
        method="meeting",
        delivered_on=timezone.localdate(),
    )
    world.proposal.refresh_from_db()
    proposals.proposal_set_outcome(actor=organizer, proposal=world.proposal, target=Status.CLOSED)
    for act in (
        lambda: joint.joint_cosign(delegate=world.union, joint=adopted),
        lambda: joint.endorsement_give(delegate=world.union, proposal=world.proposal),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert refused.value.code == "closed"


def test_an_unpublished_proposal_cannot_be_adopted_or_endorsed(world):
    draft = proposals.proposal_save_draft(
        actor=UserFactory(), title="مسودة", body="نص.", topic=world.topic
    )
    with pytest.raises(ValidationError) as refused:
        joint.joint_propose_adoption(delegate=world.club, coalition=world.coalition, proposal=draft)
    assert refused.value.code == "not_public"
    with pytest.raises(ValidationError):
        joint.endorsement_give(delegate=world.club, proposal=draft)
    assert not JointProposal.objects.exists() and not Endorsement.objects.exists()


def test_a_proposal_is_carried_by_one_coalition_only(world):
    _adopted(world)
    with pytest.raises(ValidationError) as refused:
        joint.joint_propose_adoption(
            delegate=world.union, coalition=world.coalition, proposal=world.proposal
        )
    assert refused.value.code == "duplicate"


def test_a_proposal_written_jointly_is_a_persons_proposal_moderated_as_any_other(world):
    written = joint.joint_write(
        delegate=world.club,
        coalition=world.coalition,
        title="مقترح مشترك",
        body="تكتبه المنظمات معًا.",
        topic=world.topic,
    )
    proposal = written.proposal
    assert proposal.author == world.club.user  # the delegate's own account, not the club
    assert proposal.status == Status.SUBMITTED  # the moderators read it first
    assert written.status == JointStatus.ADOPTED and written.written_jointly
    assert written.cosignatures.get().organization == world.club.organization
    # Not public before the moderators publish it.
    assert not joint_selectors.public_joint_proposals().exists()
    proposals.proposal_moderate(actor="system:test", proposal=proposal, target=Status.PUBLISHED)
    assert list(joint_selectors.public_joint_proposals()) == [written]


def test_bad_text_for_a_joint_proposal_changes_nothing(world):
    with pytest.raises(ValidationError) as refused:
        joint.joint_write(
            delegate=world.club, coalition=world.coalition, title=" ", body="", topic=world.topic
        )
    assert "title" in refused.value.message_dict
    assert Proposal.objects.count() == 1 and not JointProposal.objects.exists()


def test_a_joint_proposal_goes_the_usual_way_and_the_coalition_sees_what_became_of_it(world):
    adopted = _adopted(world)
    joint.joint_cosign(delegate=world.union, joint=adopted)
    organizer, person = UserFactory(), PersonFactory(name="نائب خيالي")
    delivery = proposals.delivery_record(
        actor=organizer,
        proposal=world.proposal,
        representatives=[person],
        method="letter",
        delivered_on=timezone.localdate() - datetime.timedelta(days=3),
    )[0]
    proposals.answer_record(
        actor=organizer,
        delivery=delivery,
        text="سنتابع.",
        answered_on=timezone.localdate(),
        source="transcribed",
    )
    world.proposal.refresh_from_db()
    proposals.proposal_set_outcome(
        actor=organizer, proposal=world.proposal, target=Status.PARTLY_ACHIEVED
    )
    (story,) = joint_selectors.joint_stories(UserFactory())
    assert story.proposal.status == Status.PARTLY_ACHIEVED and story.outcome
    assert [d.representative for d in story.deliveries] == [person]
    assert story.answered == 1
    assert {o.pk for o in story.organizations.shown} == {
        world.club.organization_id,
        world.union.organization_id,
    }


def test_a_delegates_export_holds_what_they_did_for_their_organization(world):
    from jisr.coalition.hooks.joint import export_personal_data

    joint.endorsement_give(delegate=world.outsider, proposal=world.proposal)
    data = export_personal_data(world.outsider.user)
    assert [e["proposal"] for e in data["coalition_endorsements"]] == [world.proposal.pk]
    assert export_personal_data(world.club.user)["coalition_endorsements"] == []
