"""Fixtures and helpers for the proposals service, staff and API tests.

Their names start with ``pp_`` so they never clash with the public pages' conftest. Test
modules bring the fixtures in with ``from .staff_fixtures import *`` (``__all__`` lists
them) and import the helpers by name.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from jisr.accounts.roles import Role
from jisr.parliament.models import Area, ContactDetail
from jisr.proposals import services
from jisr.proposals.models import Delivery, OfficeAccount, Proposal
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..conftest import with_mfa
from ..parliament.conftest import Parliament

__all__ = ["pp_area", "pp_parliament", "pp_people", "pp_topic", "pp_world"]

# Everyone the permission tests try, by the name the tests use.
ROLES = [
    "visitor",
    "member",
    "author",
    "volunteer",
    "moderator",
    "organizer",
    "office",
    "other_office",
]


class People:
    """One account per role. ``office`` answers for the parliament's first member,
    ``other_office`` for the second; staff have two-factor authentication, offices not."""

    def __init__(self, parliament: Parliament):
        self.member = UserFactory()
        self.author = UserFactory()
        self.volunteer = UserFactory(roles=[Role.VOLUNTEER])
        self.moderator = with_mfa(UserFactory(roles=[Role.MODERATOR]))
        self.organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
        self.office = office_account(parliament.members[0])
        self.other_office = office_account(parliament.members[1])

    def get(self, role: str):
        return None if role == "visitor" else getattr(self, role)


def office_account(person):
    user = UserFactory(roles=[Role.REPRESENTATIVE_OFFICE])
    OfficeAccount.objects.create(user=user, representative=person)
    return user


def topic(name="التعليم", **fields):
    return services.topic_save(actor="system:test", name=name, **fields)


def draft(author, topic_, *, title="تسهيل تجديد جوازات السفر", body="نقترح مواعيد مسائية.", **kw):
    return services.proposal_save_draft(actor=author, title=title, body=body, topic=topic_, **kw)


def proposal_in(status: Status, world: "World", *, author=None, title=None, **kw) -> Proposal:
    """A proposal taken to ``status`` through the services, as members and staff would."""
    people = world.people
    author = author or people.author
    title = title or f"مقترح {Proposal.objects.count() + 1} لتحسين الخدمات"
    proposal = draft(author, world.topic, title=title, **kw)
    if status == Status.DRAFT:
        return proposal
    services.proposal_submit(actor=author, proposal=proposal)
    proposal.refresh_from_db()
    moderator, organizer = people.moderator, people.organizer
    if status == Status.WITHDRAWN:
        services.proposal_withdraw(actor=author, proposal=proposal)
    elif status in (Status.IN_REVIEW, Status.REJECTED):
        message = "" if status == Status.IN_REVIEW else "مكرر"
        services.proposal_moderate(
            actor=moderator, proposal=proposal, target=status, message=message
        )
    elif status != Status.SUBMITTED and proposal.status != Status.PUBLISHED:
        services.proposal_moderate(actor=moderator, proposal=proposal, target=Status.PUBLISHED)
    proposal.refresh_from_db()
    path = [Status.DELIVERED, Status.ANSWERED, Status.IN_PROGRESS]
    if status in path or status in (Status.ACHIEVED, Status.PARTLY_ACHIEVED, Status.DECLINED):
        deliver(proposal, organizer, [world.parliament.members[0]])
    if status in (Status.ANSWERED, Status.IN_PROGRESS, Status.ACHIEVED, Status.PARTLY_ACHIEVED):
        services.answer_record(
            actor=organizer,
            delivery=proposal.deliveries.first(),
            text="سننظر فيه.",
            answered_on=timezone.localdate(),
            source="transcribed",
        )
    if status in (Status.IN_PROGRESS, Status.ACHIEVED, Status.PARTLY_ACHIEVED):
        services.proposal_set_outcome(actor=organizer, proposal=proposal, target=Status.IN_PROGRESS)
    if status in (Status.ACHIEVED, Status.PARTLY_ACHIEVED, Status.DECLINED, Status.CLOSED):
        proposal.refresh_from_db()
        services.proposal_set_outcome(actor=organizer, proposal=proposal, target=status)
    if status == Status.MERGED:
        into = proposal_in(Status.PUBLISHED, world, title="المقترح الباقي")
        services.proposal_merge(actor=moderator, duplicate=proposal, into=into)
    proposal.refresh_from_db()
    assert proposal.status == status, (proposal.status, status)
    return proposal


def deliver(proposal, organizer, people, **kw) -> list[Delivery]:
    kw.setdefault("delivered_on", timezone.localdate() - timedelta(days=3))
    return services.delivery_record(
        actor=organizer, proposal=proposal, representatives=people, method="meeting", **kw
    )


def give_email(person, address="office@example.org"):
    ContactDetail.objects.create(person=person, kind="email", value=address)


class World:
    """A parliament, a topic, a governorate and one account per role."""

    def __init__(self):
        self.parliament = Parliament()
        self.topic = topic()
        self.area = Area.objects.create(name="البصرة", name_en="Basra", identifier="iq-ba")
        self.people = People(self.parliament)

    def proposal(self, status: Status = Status.PUBLISHED, **kw) -> Proposal:
        return proposal_in(status, self, **kw)


@pytest.fixture
def pp_world(db, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    return World()


@pytest.fixture
def pp_parliament(pp_world):
    return pp_world.parliament


@pytest.fixture
def pp_people(pp_world):
    return pp_world.people


@pytest.fixture
def pp_topic(pp_world):
    return pp_world.topic


@pytest.fixture
def pp_area(pp_world):
    return pp_world.area
