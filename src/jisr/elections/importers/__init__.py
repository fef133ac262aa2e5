"""CSV import of an election: constituencies, the roster of lists and candidates, and the
results at list, candidate and polling-station level (formats: docs/elections.md).

One declarative importer per format on the core framework (``jisr.core.importing``). Files
are read as a stream, in bounded memory, whatever their size. Every row is checked before
anything is written and every error is reported at once, naming its line and column; then
everything is written through the services in one transaction, or nothing is. A dry run
makes the same writes and rolls them back.
"""

from django.utils.functional import Promise

from jisr.accounts.models import User
from jisr.core.importing import HashingReader, ImportSummary, Progress

from ..models import Election
from .base import ElectionImporter
from .polling_stations import StationVotesImporter
from .results import CandidateVotesImporter, ListVotesImporter, OfficialSeatsImporter
from .setup import ConstituenciesImporter, RosterImporter

__all__ = ["IMPORTERS", "KIND_LABELS", "ImportSummary", "election_import"]

IMPORTERS: dict[str, type[ElectionImporter]] = {
    importer.kind: importer
    for importer in (
        ConstituenciesImporter,
        RosterImporter,
        ListVotesImporter,
        CandidateVotesImporter,
        StationVotesImporter,
        OfficialSeatsImporter,
    )
}
KIND_LABELS: dict[str, Promise | str] = {
    kind: importer.label for kind, importer in IMPORTERS.items()
}


def election_import(
    kind: str,
    stream,
    *,
    election: Election,
    actor: User | str,
    size: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    file_name: str = "",
) -> ImportSummary:
    """Import one file (a binary stream) of the given kind into the election; the run is
    recorded."""
    importer = IMPORTERS[kind](election=election, actor=actor, progress=progress)
    return importer.recorded_run(
        HashingReader(stream), dry_run=dry_run, file_name=file_name, size=size
    )
