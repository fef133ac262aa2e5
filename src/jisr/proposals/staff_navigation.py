"""What waits for each role in the proposals' staff pages, counted for the staff
navigation (``ProposalsConfig.staff_links``)."""

from . import selectors


def to_moderate(user) -> int:
    return selectors.moderation_queue().count()


def ready_to_deliver(user) -> int:
    return selectors.ready_for_delivery().count()


def needing_follow_up(user) -> int:
    return selectors.needing_follow_up().count()


def has_office(user) -> bool:
    return selectors.office_of(user) is not None


def awaiting_answer(user) -> int:
    office = selectors.office_of(user)
    return selectors.awaiting_answer(office).count() if office else 0
