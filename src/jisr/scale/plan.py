"""How much the generator builds at a scale, and what the phases hand each other."""

import random
from dataclasses import dataclass, field

from .progress import Progress

SEED = 8_329
SEATS = 329  # per term: the seats are fixed by law, so the scale never changes them
TERMS = 2

# Scale 1. Every count is multiplied by the scale and rounded, and kept at its minimum.
FULL = {
    "members": 50_000,
    "sittings": 300,
    "vote_events": 3_000,
    "activities": 200_000,  # the timeline: speeches, committee work, bills and questions
    "bills": 2_500,
    "questions": 20_000,
    "proposals": 100_000,
    "supports": 1_000_000,
    "deliveries": 20_000,
    "answers": 12_000,
    "milestones": 8_000,
    "subscribers": 30_000,
    "subscriptions": 100_000,
    "organization_reports": 6,  # monthly, the last months
    "person_reports": 10,  # on the last month, one per representative
    "candidates": 7_000,
    "stations": 60_000,
}
MINIMUM = {
    "members": 40,
    "sittings": 4,
    "vote_events": 4,
    "activities": 200,
    "bills": 4,
    "questions": 20,
    "proposals": 60,
    "supports": 200,
    "deliveries": 12,
    "answers": 6,
    "milestones": 4,
    "subscribers": 20,
    "subscriptions": 40,
    "organization_reports": 1,
    "person_reports": 1,
    "candidates": 0,  # at least what the seats need (elections.py)
    "stations": 18,  # one per governorate
}


def sizes(scale: float) -> dict[str, int]:
    """The counts at this scale."""
    return {key: max(MINIMUM[key], round(value * scale)) for key, value in FULL.items()}


@dataclass
class Context:
    """What the phases share: the sizes, the random streams, and the ids each phase made
    that later ones link to."""

    n: dict[str, int]
    progress: Progress
    load_accounts: int = 0
    load_password: str = ""
    # accounts
    member_ids: list[int] = field(default_factory=list)
    member_names: list[str] = field(default_factory=list)
    member_languages: list[str] = field(default_factory=list)
    member_joined: list = field(default_factory=list)  # datetimes, in id order
    load_account_ids: list[int] = field(default_factory=list)
    # parliament
    area_ids: list[int] = field(default_factory=list)
    alliance_ids: list[int] = field(default_factory=list)
    party_ids: list[int] = field(default_factory=list)
    party_parent: dict[int, int | None] = field(default_factory=dict)
    committee_names: dict[int, str] = field(default_factory=dict)
    ministries: list[tuple[int, str]] = field(default_factory=list)
    term_ids: list[int] = field(default_factory=list)
    seats: list[list[tuple[int, int, int]]] = field(default_factory=list)  # per term
    member_committees: list[list[list[int]]] = field(default_factory=list)  # per term, seat
    bill_ids: list[int] = field(default_factory=list)
    question_ids: list[int] = field(default_factory=list)
    # proposals
    topic_ids: list[int] = field(default_factory=list)
    public_proposals: list[int] = field(default_factory=list)  # most supported first

    @staticmethod
    def rng(name: str) -> random.Random:
        """A random stream of its own for each part, so that changing one part never
        changes what another generates."""
        return random.Random(f"{SEED}:{name}")

    @property
    def current_seats(self) -> list[tuple[int, int, int]]:
        """(person id, party id, area index) of each seat of the current term."""
        return self.seats[-1]
