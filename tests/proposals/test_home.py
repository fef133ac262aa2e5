"""The proposals' block on the front page: those that moved last, with their progress."""

from datetime import date

import pytest

from jisr.proposals import services

from ..home_blocks import home_block
from .conftest import publish

pytestmark = pytest.mark.django_db


def block(client) -> str:
    return home_block(client, "home-proposals")


def test_proposals_that_moved_last_come_first_with_their_progress(
    client, proposal_author, topic, organizer, settings
):
    settings.JISR_PROPOSALS_PREMODERATION = True
    older = publish(proposal_author, topic, title="مقترح قديم عن المدارس", body="نص المقترح.")
    moved = publish(proposal_author, topic, title="مقترح عن الكهرباء", body="نص آخر.")
    hidden = publish(proposal_author, topic, title="مقترح مخفي", body="نص ثالث.")
    services.proposal_save_draft(
        actor=proposal_author, title="مسودة لم تنشر", body="نص.", topic=topic
    )
    services.milestone_add(
        actor=organizer, proposal=older, date=date(2026, 3, 1), note="بدأ العمل", progress=40
    )
    type(hidden).objects.filter(pk=hidden.pk).update(hidden=True)
    html = block(client)
    assert html.index("مقترح قديم عن المدارس") < html.index("مقترح عن الكهرباء")
    assert 'value="40"' in html and "40% done" in html
    assert "Published" in html  # its status
    assert "مقترح مخفي" not in html and "مسودة لم تنشر" not in html
    assert f'href="/proposals/{moved.pk}/"' in html


def test_no_proposal_yet_reads_as_a_sentence(client, db):
    html = block(client)
    assert "No proposal has been published yet." in html
