"""Station-level votes, added up as the file is read, in bounded memory."""

import csv
from collections import Counter
from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import TextSource

from .. import services
from ..models import Constituency, PollingStation
from ..stations import ConstituencyIndex as StationIndex
from ..stations import Problem, StationAggregator, build_index
from .base import PROBLEMS, ElectionImporter
from .results import CandidateVotesImporter


def _constituency(ref: object) -> Constituency:
    """The constituency behind a ref of the aggregator (``_index_for`` builds each index
    on one)."""
    return cast(Constituency, ref)


class _Aggregator(StationAggregator):
    """The aggregator, with the line of a csv module error."""

    csv_line: int | None = None

    def read_rows(self, rows, first_line: int, **options) -> None:
        try:
            super().read_rows(rows, first_line, **options)
        except csv.Error:
            self.csv_line = first_line + rows.line_num - 1
            raise

    def _careful_line(self, line: str, line_no: int) -> None:
        try:
            super()._careful_line(line, line_no)
        except csv.Error:
            self.csv_line = line_no
            raise


class StationVotesImporter(ElectionImporter):
    """Station-level votes: per candidate, and optionally per list (a row with an empty
    candidate) and per station (a row with neither), streamed in bounded memory."""

    kind = "stations"
    label = gettext_lazy("Votes per polling station")
    columns = {
        "constituency": True,
        "station": True,
        "list": True,
        "candidate": True,
        "votes": True,
    }
    aliases = {
        **CandidateVotesImporter.aliases,
        "station": ("المحطة", "رقم المحطة", "محطة الاقتراع", "رقم محطة الاقتراع"),
    }
    counts = {
        "constituencies": gettext_lazy("Constituencies whose results are replaced"),
        "list_results": gettext_lazy("List results"),
        "candidate_results": gettext_lazy("Candidate results"),
        "stations": gettext_lazy("Polling stations"),
    }

    def read(self, source: TextSource, pieces) -> None:
        self._indexes: dict[int, StationIndex] = {}
        aggregator = _Aggregator(
            constituency=self._index_for,
            resolve=self._resolve,
            delimiter=self.delimiter,
            max_problems=self.max_errors,
            progress=self.progress,
        )
        order = [self.positions[code] for code in StationAggregator.COLUMNS]
        try:
            if order == list(range(len(order))) and len(self.positions) == len(order):
                aggregator.read_fast(source, pieces, 2)
            else:
                lines = (line + "\n" for piece in pieces for line in piece.split("\n"))
                aggregator.read_rows(
                    csv.reader(lines, delimiter=self.delimiter),
                    2,
                    positions=order,
                    width=max(self.positions.values()) + 1,
                    source=source,
                )
        except csv.Error:
            self._csv_line = aggregator.csv_line
            raise
        self.totals = aggregator.results()
        for problem in aggregator.problems:
            self.error(problem.line, problem.column, str(PROBLEMS[problem.key]) % problem.values)
        self.more_errors += aggregator.more_problems
        self.stations = aggregator.stations
        limit = PollingStation._meta.get_field("code").max_length
        for station in self.stations:
            if limit is not None and len(station.code) > limit:
                self.error(
                    station.line,
                    "station",
                    _("At most %(max)d characters are allowed; this has %(length)d.")
                    % {"max": limit, "length": len(station.code)},
                )
        self._check_recorded()
        self.rows = aggregator.rows if self.stations else 0

    def _check_recorded(self) -> None:
        """A station code recorded in a constituency the file does not cover is another
        station (those of the covered ones are replaced)."""
        covered = [_constituency(totals.ref).pk for totals in self.totals]
        lines = {station.code: station.line for station in self.stations}
        codes = list(lines)
        for start in range(0, len(codes), 900):
            clashes = (
                PollingStation.objects.filter(
                    election=self.election, code__in=codes[start : start + 900]
                )
                .exclude(constituency_id__in=covered)
                .select_related("constituency")
                .order_by("code")
            )
            for clash in clashes:
                self.error(
                    lines[clash.code],
                    "station",
                    _("Station %(station)s is already recorded in %(name)s.")
                    % {"station": clash.code, "name": clash.constituency.name},
                )

    def _index_for(self, text: str) -> StationIndex | Problem:
        constituency = self.lookups.constituency(text)
        if constituency is None:
            return Problem(None, "constituency", "unknown_constituency", {"value": text})
        if constituency.pk in self._indexes:
            return self._indexes[constituency.pk]
        candidates = [
            c
            for (cid, _lid), members in self.lookups.candidates.items()
            if cid == constituency.pk
            for c in members
        ]
        running = {c.electoral_list_id for c in candidates}
        lists = self.election.lists.filter(pk__in=running)
        index = build_index(
            constituency,
            constituency.name,
            [(item.pk, item.number, item.name) for item in lists],
            [(c.pk, c.electoral_list_id, c.number) for c in candidates],
            delimiter=self.delimiter,
        )
        self._indexes[constituency.pk] = index
        return index

    def _resolve(self, index: StationIndex, list_text: str, candidate_text: str, line: int):
        constituency = _constituency(index.ref)
        if not list_text:
            if candidate_text:
                return Problem(line, "list", "candidate_without_list", {})
            return index.total_position
        electoral_list = self.lookups.electoral_list(list_text)
        if electoral_list is None:
            return Problem(line, "list", "unknown_list", {"value": list_text})
        if electoral_list.pk not in index.list_position:
            return Problem(
                line,
                "list",
                "list_not_running",
                {"value": list_text, "constituency": constituency.name},
            )
        if not candidate_text:
            return index.candidates + index.list_position[electoral_list.pk]
        found = self.lookups.candidate(constituency, electoral_list, candidate_text)
        if isinstance(found, str):
            return Problem(
                line,
                "candidate",
                found,
                {
                    "value": candidate_text,
                    "list": electoral_list.name,
                    "constituency": constituency.name,
                },
            )
        return index.candidate_position[found.pk]

    def write(self, counts: Counter) -> None:
        list_votes, candidate_votes = {}, {}
        for totals in self.totals:
            pk = _constituency(totals.ref).pk
            index = self._indexes[pk]
            list_votes[pk] = dict(zip(index.list_refs, totals.list_votes, strict=True))
            candidate_votes[pk] = dict(
                zip(index.candidate_refs, totals.candidate_votes, strict=True)
            )
        stations = (
            services.StationInput(_constituency(s.constituency).pk, s.code, s.votes)
            for s in self.stations
        )
        counts.update(
            services.station_results_replace.within(
                actor=self.actor,
                election=self.election,
                list_votes=list_votes,
                candidate_votes=candidate_votes,
                stations=stations,
            )
        )
