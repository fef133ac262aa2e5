"""The proposal's life, as an explicit state machine (no Django import).

Only the transitions listed here are possible, and each says who may make it. A member
who is erased, a moderator who decides or an organizer who records an outcome all go
through ``check``.
"""

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    DELIVERED = "delivered"
    ANSWERED = "answered"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    DECLINED = "declined"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    MERGED = "merged"


class Actor(StrEnum):
    AUTHOR = "author"
    MODERATOR = "moderator"
    ORGANIZER = "organizer"
    OFFICE = "office"  # the representative's office, answering


S, A = Status, Actor
OUTCOMES = {S.ACHIEVED, S.PARTLY_ACHIEVED, S.DECLINED, S.CLOSED}
# Nothing the public sees before a moderator publishes it (with pre-moderation).
PUBLIC = {S.PUBLISHED, S.DELIVERED, S.ANSWERED, S.IN_PROGRESS} | OUTCOMES
# The public timeline, the one definition every public output uses (page, API, feeds): the
# submission and everything from publication on. Drafts, reviews and rejections concern the
# author and the moderators only.
PUBLIC_TIMELINE = PUBLIC | {S.SUBMITTED}
# Notes the public may read: the organizers' words on the outcome. A moderator's message is
# written to the author, and often names the personal data that had to come out.
PUBLIC_NOTES = OUTCOMES | {S.IN_PROGRESS}


def public_note(to_status: str, note: str) -> str:
    """The part of a status change's note that the public may read."""
    return note if to_status in PUBLIC_NOTES else ""


TRANSITIONS: dict[tuple[Status, Status], frozenset[Actor]] = {
    # The author writes, submits, can take it back to edit (changes requested) or withdraw.
    (S.DRAFT, S.SUBMITTED): frozenset({A.AUTHOR}),
    (S.SUBMITTED, S.DRAFT): frozenset({A.AUTHOR, A.MODERATOR}),
    (S.SUBMITTED, S.IN_REVIEW): frozenset({A.MODERATOR}),
    (S.SUBMITTED, S.PUBLISHED): frozenset({A.MODERATOR}),
    (S.SUBMITTED, S.REJECTED): frozenset({A.MODERATOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({A.AUTHOR}),
    (S.SUBMITTED, S.MERGED): frozenset({A.MODERATOR}),
    (S.IN_REVIEW, S.PUBLISHED): frozenset({A.MODERATOR}),
    (S.IN_REVIEW, S.DRAFT): frozenset({A.MODERATOR}),
    (S.IN_REVIEW, S.REJECTED): frozenset({A.MODERATOR}),
    (S.IN_REVIEW, S.WITHDRAWN): frozenset({A.AUTHOR}),
    (S.IN_REVIEW, S.MERGED): frozenset({A.MODERATOR}),
    (S.PUBLISHED, S.DELIVERED): frozenset({A.ORGANIZER}),
    (S.PUBLISHED, S.WITHDRAWN): frozenset({A.AUTHOR}),
    (S.PUBLISHED, S.MERGED): frozenset({A.MODERATOR}),
    (S.PUBLISHED, S.CLOSED): frozenset({A.ORGANIZER}),
    (S.DELIVERED, S.ANSWERED): frozenset({A.ORGANIZER, A.OFFICE}),
    (S.DELIVERED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.DELIVERED, S.DECLINED): frozenset({A.ORGANIZER}),
    (S.DELIVERED, S.CLOSED): frozenset({A.ORGANIZER}),
    (S.ANSWERED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.ANSWERED, S.ACHIEVED): frozenset({A.ORGANIZER}),
    (S.ANSWERED, S.PARTLY_ACHIEVED): frozenset({A.ORGANIZER}),
    (S.ANSWERED, S.DECLINED): frozenset({A.ORGANIZER}),
    (S.ANSWERED, S.CLOSED): frozenset({A.ORGANIZER}),
    (S.IN_PROGRESS, S.ACHIEVED): frozenset({A.ORGANIZER}),
    (S.IN_PROGRESS, S.PARTLY_ACHIEVED): frozenset({A.ORGANIZER}),
    (S.IN_PROGRESS, S.DECLINED): frozenset({A.ORGANIZER}),
    (S.IN_PROGRESS, S.CLOSED): frozenset({A.ORGANIZER}),
    # Reopen: an outcome can be revisited; a withdrawn proposal can be resubmitted.
    (S.ACHIEVED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.PARTLY_ACHIEVED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.DECLINED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.CLOSED, S.IN_PROGRESS): frozenset({A.ORGANIZER}),
    (S.WITHDRAWN, S.SUBMITTED): frozenset({A.AUTHOR}),
    (S.REJECTED, S.IN_REVIEW): frozenset({A.MODERATOR}),
}


class TransitionNotAllowed(Exception):
    def __init__(self, current: Status, target: Status, actor: Actor):
        self.current, self.target, self.actor = current, target, actor
        super().__init__(f"{actor} cannot move a proposal from {current} to {target}")


def allowed(current: Status | str, target: Status | str, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((Status(current), Status(target)), frozenset())


def check(current: Status, target: Status, actor: Actor) -> None:
    """Raise TransitionNotAllowed unless the actor may make this transition."""
    if not allowed(current, target, actor):
        raise TransitionNotAllowed(Status(current), Status(target), Actor(actor))


def next_statuses(current: Status, actor: Actor) -> list[Status]:
    """The statuses the actor can move the proposal to, in the machine's order."""
    return [t for (c, t), actors in TRANSITIONS.items() if c == current and actor in actors]
