"""The representatives' block on the front page: the latest votes and activities."""

from datetime import date

import pytest

from jisr.parliament import services
from jisr.parliament.models import Activity, Vote, VoteEvent

from ..home_blocks import home_block

pytestmark = pytest.mark.django_db
ACTOR = "system:test"


def block(client) -> str:
    return home_block(client, "home-activity")


def test_the_latest_votes_and_activities_come_first(client, parliament):
    ali, maryam = parliament.members[:2]
    for day in range(1, 6):
        services.vote_event_record(
            actor=ACTOR,
            term=parliament.term,
            date=date(2026, 3, day),
            motion=f"قرار رقم {day}",
            result=VoteEvent.Result.PASSED,
            votes={ali.pk: Vote.Option.YES},
        )
    for day, kind, title in [
        (2, Activity.Kind.SPEECH, "مداخلة قديمة عن الماء"),
        (9, Activity.Kind.SPEECH, "مداخلة عن الكهرباء"),
        (8, Activity.Kind.SPEECH, "بيان عن المياه"),
    ]:
        services.activity_record(
            actor=ACTOR,
            person=maryam,
            term=parliament.term,
            kind=kind,
            date=date(2026, 3, day),
            title=title,
        )
    html = block(client)
    assert "قرار رقم 5" in html and "قرار رقم 3" in html and "قرار رقم 2" not in html
    assert "1 yes, 0 no, 0 abstaining" in html
    assert html.index("مداخلة عن الكهرباء") < html.index("بيان عن المياه")
    assert f'href="/representatives/{maryam.pk}/"' in html and "Speech or statement" in html


def test_nothing_recorded_reads_as_a_sentence(client, db):
    html = block(client)
    assert "No vote, question or speech has been recorded yet." in html
    assert "Latest votes" not in html
