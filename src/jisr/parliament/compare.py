"""Fair comparisons of two to four representatives, side by side: no composite score, no
ranking. Every figure carries its denominator; per-person votes are read only from the
vote events whose individual votes are known (``selectors.known_vote_events``).

A fixed number of queries whatever the number of votes: the chosen people's votes (one),
their parties' votes on the same events counted by option (one), their questions counted by
ministry (one), and every ministry's answer rate (one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Count, Q

from .models import Organization, Person, Question, Vote
from .selectors import known_vote_events

# A vote that takes a side; an absence or a member who did not vote takes none.
CAST = (Vote.Option.YES, Vote.Option.NO, Vote.Option.ABSTAIN)


@dataclass
class Share:
    """``part`` of ``whole``, shown with both numbers."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass
class Pair:
    first: Person
    second: Person
    same: Share


@dataclass
class Column:
    person: Person
    cast: int = 0
    deviation: Share = field(default_factory=lambda: Share(0, 0))
    questions: list[dict] = field(default_factory=list)
    asked: int = 0
    answered: int = 0


@dataclass
class Comparison:
    columns: list[Column]
    pairs: list[Pair]
    ministries: list[dict]


def _majorities(event_ids: set[int], party_ids: set[int]) -> dict[tuple[int, int], str]:
    """The option most of each party's members cast on each event (a tie: no majority)."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = (
        Vote.objects.filter(vote_event_id__in=event_ids, party_id__in=party_ids, option__in=CAST)
        .values_list("vote_event_id", "party_id", "option")
        .annotate(n=Count("id"))
        .order_by()
    )
    for event_id, party_id, option, n in rows:
        counts[(event_id, party_id)][option] = n
    majorities = {}
    for key, by_option in counts.items():
        ranked = sorted(by_option.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] > ranked[1]:
            majorities[key] = max(by_option, key=by_option.__getitem__)
    return majorities


def compare(people: list[Person]) -> Comparison:
    ids = [p.pk for p in people]
    votes: dict[int, dict[int, tuple[str, int | None]]] = defaultdict(dict)
    rows: Any = Vote.objects.filter(
        person_id__in=ids, vote_event__in=known_vote_events(), option__in=CAST
    ).values_list("vote_event_id", "person_id", "option", "party_id")
    for event_id, person_id, option, party_id in rows:
        votes[person_id][event_id] = (option, party_id)

    columns = {p.pk: Column(person=p, cast=len(votes[p.pk])) for p in people}

    event_ids = {e for by_event in votes.values() for e in by_event}
    party_ids = {party for by_event in votes.values() for _o, party in by_event.values() if party}
    majorities = _majorities(event_ids, party_ids) if event_ids and party_ids else {}
    for person_id, by_event in votes.items():
        differs = compared = 0
        for event_id, (option, party_id) in by_event.items():
            majority = majorities.get((event_id, party_id)) if party_id else None
            if majority is None:
                continue
            compared += 1
            differs += option != majority
        columns[person_id].deviation = Share(differs, compared)

    pairs = []
    for first, second in combinations(people, 2):
        mine, theirs = votes[first.pk], votes[second.pk]
        both = mine.keys() & theirs.keys()
        same = sum(mine[e][0] == theirs[e][0] for e in both)
        pairs.append(Pair(first, second, Share(same, len(both))))

    asked: Any = (
        Question.objects.filter(asked_by_id__in=ids)
        .values("asked_by_id", "ministry_id", "ministry__name", "ministry__name_en")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(answered_on__isnull=False)))
        .order_by("asked_by_id", "-asked", "ministry__name")
    )
    for row in asked:
        column = columns[row["asked_by_id"]]
        column.questions.append(row)
        column.asked += row["asked"]
        column.answered += row["answered"]

    ministries: list[dict[str, Any]] = [
        dict(row)
        for row in Organization.objects.filter(classification=Organization.Classification.MINISTRY)
        .annotate(
            asked=Count("questions"),
            answered=Count("questions", filter=Q(questions__answered_on__isnull=False)),
        )
        .filter(asked__gt=0)
        .values("pk", "name", "name_en", "asked", "answered")
        .order_by("name")
    ]
    for ministry in ministries:
        ministry["share"] = Share(ministry["answered"], ministry["asked"])
    return Comparison(columns=[columns[p.pk] for p in people], pairs=pairs, ministries=ministries)
