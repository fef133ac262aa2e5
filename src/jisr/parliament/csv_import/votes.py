"""Votes: the rows with the same term, date and motion are one vote event.

A row with a person and a vote is a member's vote of a roll call. A vote taken otherwise
(the ``method`` column: show of hands, secret ballot, unknown) has no individual votes:
its one row leaves ``person`` and ``vote`` blank, and a row with neither and no method is
a vote whose method is unknown. Jisr never reads a per-person vote into such a vote."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import Row

from .. import services
from ..models import Term, Vote, VoteEvent
from .base import METHODS, RESULTS, VOTE_OPTIONS, ParliamentCsvImporter


@dataclass
class _VoteGroup:
    line: int
    term: Term
    date: date
    motion: str
    shared: dict[str, tuple[str, int]] = field(default_factory=dict)
    votes: dict[int, str] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)
    existing: VoteEvent | None = None
    existing_votes: dict[int, str] = field(default_factory=dict)
    broken: bool = False
    result_refused: bool = False
    method: str = ""


class VotesCsvImporter(ParliamentCsvImporter):
    """Rows are the votes of members; the rows with the same term, date and motion are one
    vote event. A vote event already recorded is corrected, never duplicated."""

    kind = "votes"
    label = gettext_lazy("Votes")
    columns = {
        "term": True,
        "date": True,
        "motion": True,
        "result": True,
        "person": True,
        "vote": True,
        "method": False,
        "source_url": False,
        "document_ref": False,
    }
    counts = {
        "vote_events": gettext_lazy("New vote events"),
        "without_votes": gettext_lazy("New vote events without individual votes"),
        "votes": gettext_lazy("New votes"),
        "votes_corrected": gettext_lazy("Corrected votes"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }
    conflict = gettext_lazy("Line %(first)d gives “%(other)s” for the same vote event.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._groups: dict[tuple, _VoteGroup] = {}

    def check_row(self, row: Row) -> None:
        term, day = self.term(row), row.date()
        motion = row.text("motion", required=True, max_length=500)
        result = row.choice("result", RESULTS)
        method = row.choice("method", METHODS, required=False)
        if method not in (None, VoteEvent.Method.ROLL_CALL) or not (
            row.text("person") or row.text("vote")
        ):
            self.check_event_row(row, term, day, motion, result, method)
            return
        person = self.person(row)
        option = row.choice("vote", VOTE_OPTIONS)
        source_url = row.url()
        document_ref = row.text("document_ref", max_length=300)
        if term and day and self.in_term(row, term, day) and person:
            self.check_member(row, term, day, person)
        # A row that failed no check has every required value.
        if (
            row.failed
            or term is None
            or day is None
            or person is None
            or result is None
            or option is None
        ):
            return
        group = self._group(row, term, day, motion)
        if group.broken:
            return
        if not self.same_method(row, group, VoteEvent.Method.ROLL_CALL):
            return
        self.agree(row, group, "result", result)
        self.agree(row, group, "source_url", source_url)
        self.agree(row, group, "document_ref", document_ref)
        if group.existing and result != group.existing.result and not group.result_refused:
            group.result_refused = True
            row.error(
                "result",
                _("This vote event is already recorded with the result “%(result)s”.")
                % {"result": group.existing.get_result_display()},
            )
        if person.pk in group.lines:
            row.error(
                "person",
                _("%(name)s already has a vote in this vote event, on line %(first)d.")
                % {"name": person.name, "first": group.lines[person.pk]},
            )
            return
        if group.existing and person.pk not in group.existing_votes:
            row.error(
                "person",
                _(
                    "This vote event is already recorded without a vote by %(name)s; "
                    "votes cannot be added to it."
                )
                % {"name": person.name},
            )
        group.votes[person.pk] = option
        group.lines[person.pk] = row.line

    def _group(self, row: Row, term: Term, day: date, motion: str) -> _VoteGroup:
        key = (term.pk, day, motion)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _VoteGroup(row.line, term, day, motion)
            recorded = list(VoteEvent.objects.filter(term=term, date=day, motion=motion)[:2])
            if len(recorded) > 1:
                group.broken = True
                row.error(
                    "motion",
                    _("This vote event is already recorded twice; correct it on the site."),
                )
            elif recorded:
                group.existing = recorded[0]
                group.existing_votes = dict(
                    Vote.objects.filter(vote_event=recorded[0]).values_list("person_id", "option")
                )
        return group

    def same_method(self, row: Row, group: _VoteGroup, method: str) -> bool:
        """A vote event's rows are all votes of a roll call, or its one row without votes."""
        if not group.method:
            group.method = method
            existing = group.existing
            if existing is not None and existing.individual_votes_known != (
                method == VoteEvent.Method.ROLL_CALL
            ):
                row.error(
                    "method",
                    _("This vote event is already recorded as taken by “%(method)s”.")
                    % {"method": existing.get_method_display()},
                )
                return False
            return True
        if group.method != VoteEvent.Method.ROLL_CALL or method != VoteEvent.Method.ROLL_CALL:
            row.error(
                "method",
                _(
                    "A vote taken without individual votes has one row, with neither person "
                    "nor vote; line %(first)d already gives this vote event."
                )
                % {"first": group.line},
            )
            return False
        return True

    def check_event_row(self, row: Row, term, day, motion, result, method) -> None:
        """A vote event without individual votes: person and vote stay blank."""
        if row.text("person") or row.text("vote"):
            row.error(
                "vote",
                _(
                    "A vote taken by show of hands, secret ballot or an unknown way has no "
                    "individual votes: leave person and vote blank."
                ),
            )
        source_url = row.url()
        document_ref = row.text("document_ref", max_length=300)
        if term and day:
            self.in_term(row, term, day)
        if row.failed or term is None or day is None or result is None:
            return
        group = self._group(row, term, day, motion)
        if group.broken or not self.same_method(row, group, method or VoteEvent.Method.UNKNOWN):
            return
        self.agree(row, group, "result", result)
        self.agree(row, group, "source_url", source_url)
        self.agree(row, group, "document_ref", document_ref)
        if group.existing and result != group.existing.result:
            row.error(
                "result",
                _("This vote event is already recorded with the result “%(result)s”.")
                % {"result": group.existing.get_result_display()},
            )

    def write(self, counts: Counter) -> None:
        for group in self._groups.values():
            if group.method != VoteEvent.Method.ROLL_CALL:
                if group.existing is None:
                    self.call(
                        group.line,
                        services.vote_event_record,
                        term=group.term,
                        date=group.date,
                        motion=group.motion,
                        result=group.shared["result"][0],
                        votes={},
                        method=group.method,
                        source_url=group.shared.get("source_url", ("",))[0],
                        document_ref=group.shared.get("document_ref", ("",))[0],
                    )
                    counts["without_votes"] += 1
                else:
                    counts["unchanged"] += 1
                self.advance(1)
                continue
            if group.existing is None:
                self.call(
                    group.line,
                    services.vote_event_record,
                    term=group.term,
                    date=group.date,
                    motion=group.motion,
                    result=group.shared["result"][0],
                    votes=group.votes,
                    source_url=group.shared.get("source_url", ("",))[0],
                    document_ref=group.shared.get("document_ref", ("",))[0],
                )
                counts["vote_events"] += 1
                counts["votes"] += len(group.votes)
            else:
                changed = {
                    pid: option
                    for pid, option in group.votes.items()
                    if group.existing_votes[pid] != option
                }
                for vote in Vote.objects.filter(vote_event=group.existing, person_id__in=changed):
                    self.call(
                        group.lines[vote.person_id],
                        services.vote_correct,
                        vote=vote,
                        option=changed[vote.person_id],
                    )
                counts["votes_corrected"] += len(changed)
                counts["unchanged"] += len(group.votes) - len(changed)
            self.advance(len(group.votes))
