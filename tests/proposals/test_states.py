"""The state machine: every pair of statuses, for every kind of actor."""

import itertools

import pytest

from jisr.proposals import states
from jisr.proposals.states import Actor, Status

# The machine as the organization agreed it, written by hand: who may move a proposal from
# one status to another. Any other move, by anyone, is refused.
SPEC = """
draft            submitted        author
submitted        draft            author moderator
submitted        in_review        moderator
submitted        published        moderator
submitted        rejected         moderator
submitted        withdrawn        author
submitted        merged           moderator
in_review        published        moderator
in_review        draft            moderator
in_review        rejected         moderator
in_review        withdrawn        author
in_review        merged           moderator
published        delivered        organizer
published        withdrawn        author
published        merged           moderator
published        closed           organizer
delivered        answered         organizer office
delivered        in_progress      organizer
delivered        declined         organizer
delivered        closed           organizer
answered         in_progress      organizer
answered         achieved         organizer
answered         partly_achieved  organizer
answered         declined         organizer
answered         closed           organizer
in_progress      achieved         organizer
in_progress      partly_achieved  organizer
in_progress      declined         organizer
in_progress      closed           organizer
achieved         in_progress      organizer
partly_achieved  in_progress      organizer
declined         in_progress      organizer
closed           in_progress      organizer
withdrawn        submitted        author
rejected         in_review        moderator
"""


def _spec() -> set[tuple[Status, Status, Actor]]:
    allowed = set()
    for line in SPEC.strip().splitlines():
        current, target, *actors = line.split()
        allowed |= {(Status(current), Status(target), Actor(actor)) for actor in actors}
    return allowed


def test_the_machine_allows_exactly_the_agreed_moves():
    every = itertools.product(Status, Status, Actor)
    machine = {move for move in every if states.allowed(*move)}
    assert machine == _spec(), {
        "allowed but not agreed": machine - _spec(),
        "agreed but refused": _spec() - machine,
    }


@pytest.mark.parametrize(
    "current, target, actor",
    [
        (Status.DRAFT, Status.PUBLISHED, Actor.AUTHOR),  # no self-publishing
        (Status.SUBMITTED, Status.PUBLISHED, Actor.ORGANIZER),  # moderators publish
        (Status.PUBLISHED, Status.ANSWERED, Actor.OFFICE),  # answered only once delivered
        (Status.MERGED, Status.PUBLISHED, Actor.MODERATOR),  # a merge is final
        (Status.DRAFT, Status.DRAFT, Actor.AUTHOR),  # no move to where it is
    ],
)
def test_a_refused_move_says_who_tried_what(current, target, actor):
    assert not states.allowed(current, target, actor)
    with pytest.raises(states.TransitionNotAllowed) as refused:
        states.check(current, target, actor)
    assert (refused.value.current, refused.value.target, refused.value.actor) == (
        current,
        target,
        actor,
    )


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
