"""Results per list and per candidate, and the official seats per list."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..models import Constituency, ListResult
from .base import (
    MAX_SEATS,
    PROBLEMS,
    ElectionImporter,
    ElectionRow,
)


class ListVotesImporter(ElectionImporter):
    kind = "lists"
    label = gettext_lazy("Votes per list")
    columns = {"constituency": True, "list": True, "votes": True}
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة"),
        "list": ("القائمة", "الكيان", "التحالف", "رقم القائمة"),
        "votes": ("الأصوات", "عدد الأصوات", "الاصوات الصحيحة"),
    }
    counts = {
        "constituencies": gettext_lazy("Constituencies whose results are replaced"),
        "list_results": gettext_lazy("List results"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.votes: dict[int, dict[int, int]] = defaultdict(dict)

    def check_row(self, row: ElectionRow) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        votes = row.count("votes")
        if constituency is None or electoral_list is None:
            return
        self.once_per_list(row, constituency, electoral_list)
        if not row.failed and votes is not None:
            self.votes[constituency.pk][electoral_list.pk] = votes

    def write(self, counts: Counter) -> None:
        counts.update(
            services.list_results_replace.within(
                actor=self.actor, election=self.election, votes=self.votes
            )
        )


class CandidateVotesImporter(ElectionImporter):
    kind = "candidates"
    label = gettext_lazy("Votes per candidate")
    columns = {"constituency": True, "list": True, "candidate": True, "votes": True}
    aliases = {
        **ListVotesImporter.aliases,
        "candidate": ("المرشح", "المرشحة", "رقم المرشح", "اسم المرشح", "التسلسل"),
    }
    counts = {
        "constituencies": gettext_lazy("Constituencies whose results are replaced"),
        "candidate_results": gettext_lazy("Candidate results"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.votes: dict[int, dict[int, int]] = defaultdict(dict)
        self._seen: dict[int, int] = {}
        self._per_list: dict[tuple[int, int], list] = {}

    def check_row(self, row: ElectionRow) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        text = row.text("candidate", required=True)
        votes = row.count("votes")
        if constituency is None or electoral_list is None or not text:
            return
        found = self.lookups.candidate(constituency, electoral_list, text)
        if isinstance(found, str):
            row.error(
                "candidate",
                str(PROBLEMS[found])
                % {"value": text, "list": electoral_list.name, "constituency": constituency.name},
            )
            return
        first = self._seen.setdefault(found.pk, row.line)
        if first != row.line:
            row.error(
                "candidate",
                _("This candidate appears twice (first on line %(line)d).") % {"line": first},
            )
        if not row.failed and votes is not None:
            self.votes[constituency.pk][found.pk] = votes
            if not found.community:
                entry = self._per_list.setdefault((constituency.pk, electoral_list.pk), [0, row])
                entry[0] += votes

    def check_end(self) -> None:
        entered = {
            (r.constituency_id, r.electoral_list_id): r.votes
            for r in ListResult.objects.filter(constituency_id__in=self.votes)
        }
        for key, (total, row) in self._per_list.items():
            if key in entered and total > entered[key]:
                row.error(
                    "list",
                    _(
                        "The candidates of this list have %(candidates)d votes here, more than "
                        "the list's %(list)d."
                    )
                    % {"candidates": total, "list": entered[key]},
                )

    def write(self, counts: Counter) -> None:
        counts.update(
            services.candidate_results_replace.within(
                actor=self.actor, election=self.election, votes=self.votes
            )
        )


class OfficialSeatsImporter(ElectionImporter):
    kind = "official"
    label = gettext_lazy("Official seats per list")
    columns = {"constituency": True, "list": True, "seats": True}
    aliases = {
        **ListVotesImporter.aliases,
        "seats": ("المقاعد", "عدد المقاعد", "المقاعد الرسمية"),
    }
    counts = {
        "official_seats": gettext_lazy("Official seat figures"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seats: dict[int, dict[int, int]] = defaultdict(dict)
        self._places: dict[int, tuple[Constituency, ElectionRow]] = {}

    def check_row(self, row: ElectionRow) -> None:
        constituency = row.constituency(self.lookups)
        electoral_list = row.electoral_list(self.lookups, constituency)
        seats = row.count("seats", maximum=MAX_SEATS)
        if constituency is None or electoral_list is None:
            return
        self.once_per_list(row, constituency, electoral_list)
        if not row.failed and seats is not None:
            self.seats[constituency.pk][electoral_list.pk] = seats
            self._places.setdefault(constituency.pk, (constituency, row))

    def check_end(self) -> None:
        for pk, (constituency, row) in self._places.items():
            announced = sum(self.seats[pk].values())
            if announced > constituency.total_seats:
                row.error(
                    "seats",
                    _("%(announced)d seats announced, but %(name)s has only %(seats)d.")
                    % {
                        "announced": announced,
                        "name": constituency.name,
                        "seats": constituency.total_seats,
                    },
                )

    def write(self, counts: Counter) -> None:
        constituencies = Constituency.objects.in_bulk(list(self.seats))
        written = 0
        for pk, per_list in self.seats.items():
            written += services.official_seats_set.within(
                actor=self.actor, constituency=constituencies[pk], seats=per_list
            )
        counts["official_seats"] = written
