"""The joint part's test world: a coalition with member organizations (each with a primary
delegate who has two-factor) and a published member proposal."""

from dataclasses import dataclass

from jisr.coalition.models import Coalition, Delegate, OrganizationVisibility
from jisr.proposals import services as proposals
from jisr.proposals.models import Proposal, Topic
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from .factories import CoalitionFactory, DelegateFactory, MembershipFactory, OrganizationFactory


def publish(author, topic: Topic, *, title: str = "مقترح للجالية", body: str = "نص المقترح."):
    proposal = proposals.proposal_save_draft(actor=author, title=title, body=body, topic=topic)
    proposal = proposals.proposal_submit(actor=author, proposal=proposal)
    if proposal.status != Status.PUBLISHED:
        proposals.proposal_moderate(actor="system:test", proposal=proposal, target=Status.PUBLISHED)
    proposal.refresh_from_db()
    return proposal


@dataclass
class World:
    coalition: Coalition
    club: Delegate  # a public member organization's delegate
    union: Delegate  # another public member
    hidden: Delegate  # a members-only member organization
    outsider: Delegate  # a verified organization outside the coalition
    topic: Topic
    proposal: Proposal  # a published member proposal


def make_world() -> World:
    coalition = CoalitionFactory()
    club, union, outsider = DelegateFactory(), DelegateFactory(), DelegateFactory()
    hidden = DelegateFactory(
        organization=OrganizationFactory(
            name="رابطة سرية (اختبار)",
            name_en="Secret league (test)",
            visibility=OrganizationVisibility.MEMBERS,
        )
    )
    for delegate in (club, union, hidden):
        MembershipFactory(coalition=coalition, organization=delegate.organization)
    topic = proposals.topic_save(actor="system:test", name="المغتربون", name_en="Diaspora")
    proposal = publish(UserFactory(display_name="كاتب المقترح"), topic)
    return World(coalition, club, union, hidden, outsider, topic, proposal)
