"""Votes: the rows with the same term, date and motion are one vote event."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import Row

from .. import services
from ..models import Term, Vote, VoteEvent
from .base import RESULTS, VOTE_OPTIONS, ParliamentCsvImporter


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
        "source_url": False,
        "document_ref": False,
    }
    counts = {
        "vote_events": gettext_lazy("New vote events"),
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
        if group.broken:
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

    def write(self, counts: Counter) -> None:
        for group in self._groups.values():
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
