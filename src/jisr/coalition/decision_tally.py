"""Counting a decision's ballots: pure functions, no Django, no database.

A ballot is a list of option ids:

- proposal and choice: one option id (the stance or the option chosen);
- ranked choice: every option id, the preferred first;
- time poll: the ids of the times the organization can make (possibly none).

Ranked choice is a Borda count, as Loomio counts it: with ``n`` options to rank, the option
ranked first gets ``n`` points, the second ``n - 1`` … the last 1. An option's score is the
sum over the ballots; the highest score wins. A time poll's best time is the one the most
organizations can make. Ties are kept: every option with the top score is a winner (the
page says it is a tie), never broken by order.

Quorum: a number of organizations, or a percent of the electorate (rounded up). A decision
whose ballots are fewer than the quorum did not stand.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROPOSAL, CHOICE, RANKED, TIME = "proposal", "choice", "ranked", "time"
KINDS = (PROPOSAL, CHOICE, RANKED, TIME)


class BallotError(ValueError):
    """A ballot that does not fit the decision's kind and options."""


def check_ballot(kind: str, options: Sequence[int], ballot: Sequence[int]) -> list[int]:
    """The ballot, checked against the kind and options; ``BallotError`` when it is not
    valid (the service turns it into a translated error)."""
    if kind not in KINDS:
        raise BallotError("unknown kind")
    known = set(options)
    chosen = list(ballot)
    if len(set(chosen)) != len(chosen) or not set(chosen) <= known:
        raise BallotError("unknown or repeated option")
    if kind in (PROPOSAL, CHOICE) and len(chosen) != 1:
        raise BallotError("choose exactly one option")
    if kind == RANKED and set(chosen) != known:
        raise BallotError("rank every option")
    return chosen


def borda_points(options_count: int, position: int) -> int:
    """The points of the option ranked at ``position`` (0 = first) among ``options_count``."""
    return options_count - position


def tally(kind: str, options: Sequence[int], ballots: Iterable[Sequence[int]]) -> dict[int, int]:
    """Each option's score: votes (proposal, choice), Borda points (ranked) or how many can
    make it (time). Every option is in the result, with 0 when nobody chose it."""
    scores = {option: 0 for option in options}
    n = len(scores)
    for ballot in ballots:
        for position, option in enumerate(ballot):
            if option not in scores:
                continue
            scores[option] += borda_points(n, position) if kind == RANKED else 1
    return scores


def winners(scores: dict[int, int]) -> list[int]:
    """The options with the top score (several on a tie); none when nothing scored."""
    top = max(scores.values(), default=0)
    if top <= 0:
        return []
    return [option for option, score in scores.items() if score == top]


def quorum_required(electorate: int, quorum: int, unit: str) -> int:
    """How many organizations must vote: ``quorum`` itself, or ``quorum`` percent of the
    electorate rounded up; never more than the electorate."""
    # A percent is rounded up, without floats.
    needed = -(-electorate * quorum // 100) if unit == "percent" else quorum
    return max(0, min(needed, electorate))


@dataclass(frozen=True)
class Result:
    scores: dict[int, int]
    winners: list[int]
    ballots: int
    electorate: int
    required: int

    @property
    def quorum_met(self) -> bool:
        return self.ballots >= self.required

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1

    @property
    def turnout_percent(self) -> int:
        return round(100 * self.ballots / self.electorate) if self.electorate else 0


def result(
    kind: str,
    options: Sequence[int],
    ballots: Sequence[Sequence[int]],
    *,
    electorate: int,
    quorum: int,
    unit: str,
) -> Result:
    scores = tally(kind, options, ballots)
    return Result(
        scores=scores,
        winners=winners(scores),
        ballots=len(ballots),
        electorate=electorate,
        required=quorum_required(electorate, quorum, unit),
    )
