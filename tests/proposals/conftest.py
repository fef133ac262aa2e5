"""Fixtures for the public proposal pages, built through the services as members and
moderators would build them. (The staff and service tests have their own, prefixed
``pp_``, in staff_fixtures.py.)"""

import pytest

from jisr.proposals import services
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory


@pytest.fixture
def topic(db):
    return services.topic_save(actor="system:test", name="التعليم", name_en="Education")


@pytest.fixture
def proposal_author(db):
    return UserFactory(display_name="كاتبة المقترح")


@pytest.fixture
def draft(proposal_author, topic):
    return services.proposal_save_draft(
        actor=proposal_author,
        title="مكتبة رقمية لطلبة المدارس",
        body="إتاحة الكتب المنهجية مجانًا على الإنترنت لكل الطلبة.",
        topic=topic,
    )


def publish(author, topic, *, title, body, **fields):
    """A proposal written, submitted and published (pre-moderation) through the services."""
    proposal = services.proposal_save_draft(
        actor=author, title=title, body=body, topic=topic, **fields
    )
    proposal = services.proposal_submit(actor=author, proposal=proposal)
    if proposal.status != Status.PUBLISHED:
        services.proposal_moderate(actor="system:test", proposal=proposal, target=Status.PUBLISHED)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def published(proposal_author, topic, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    return publish(
        proposal_author,
        topic,
        title="تسهيل تجديد جوازات السفر في القنصليات",
        body="نقترح فتح مواعيد مسائية وحجزًا إلكترونيًا لتجديد الجوازات في كل القنصليات.",
    )
