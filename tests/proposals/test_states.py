"""The state machine: every pair of statuses, for every kind of actor."""

import itertools

import pytest

from jisr.proposals import states
from jisr.proposals.states import Actor, Status

ALLOWED = {
    (current, target, actor)
    for (current, target), actors in states.TRANSITIONS.items()
    for actor in actors
}


@pytest.mark.parametrize(
    "current, target, actor",
    list(itertools.product(Status, Status, Actor)),
    ids=lambda value: str(value),
)
def test_every_pair_is_allowed_only_when_listed(current, target, actor):
    expected = (current, target, actor) in ALLOWED
    assert states.allowed(current, target, actor) is expected
    if expected:
        states.check(current, target, actor)
    else:
        with pytest.raises(states.TransitionNotAllowed):
            states.check(current, target, actor)


def test_the_main_road_exists():
    road = [
        (Status.DRAFT, Status.SUBMITTED, Actor.AUTHOR),
        (Status.SUBMITTED, Status.IN_REVIEW, Actor.MODERATOR),
        (Status.IN_REVIEW, Status.PUBLISHED, Actor.MODERATOR),
        (Status.PUBLISHED, Status.DELIVERED, Actor.ORGANIZER),
        (Status.DELIVERED, Status.ANSWERED, Actor.OFFICE),
        (Status.ANSWERED, Status.IN_PROGRESS, Actor.ORGANIZER),
        (Status.IN_PROGRESS, Status.ACHIEVED, Actor.ORGANIZER),
    ]
    for step in road:
        assert states.allowed(*step), step


def test_finished_statuses_only_reopen():
    for outcome in states.OUTCOMES:
        assert states.next_statuses(outcome, Actor.ORGANIZER) == [Status.IN_PROGRESS]
    assert states.next_statuses(Status.MERGED, Actor.MODERATOR) == []


def test_the_author_cannot_publish_and_the_public_never_sees_drafts():
    assert not states.allowed(Status.SUBMITTED, Status.PUBLISHED, Actor.AUTHOR)
    assert not {Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.REJECTED} & states.PUBLIC
