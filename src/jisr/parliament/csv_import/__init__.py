"""CSV import of votes, attendance and activities (the formats: docs/parliament-csv.md).

One declarative importer per format on the core framework (``jisr.core.importing``):
every row is checked before anything is written, every error found is reported at once,
naming its line and column; then all rows are written through the services in one
transaction, or none is. A dry run makes the same writes and rolls them back.
"""

from django.utils.functional import Promise

from jisr.accounts.models import User
from jisr.core.importing import ImportFailed, ImportSummary, Progress, too_big

from .absentees import AbsenteesCsvImporter
from .activities import ActivitiesCsvImporter
from .attendance import AttendanceCsvImporter
from .base import DEFAULT_SCHEME, MAX_BYTES, ParliamentCsvImporter
from .votes import VotesCsvImporter

__all__ = [
    "DEFAULT_SCHEME",
    "IMPORTERS",
    "KIND_LABELS",
    "MAX_BYTES",
    "AbsenteesCsvImporter",
    "ActivitiesCsvImporter",
    "AttendanceCsvImporter",
    "ImportFailed",
    "ImportSummary",
    "VotesCsvImporter",
    "csv_import",
    "too_big",
]

IMPORTERS: dict[str, type[ParliamentCsvImporter]] = {
    "votes": VotesCsvImporter,
    "attendance": AttendanceCsvImporter,
    "activities": ActivitiesCsvImporter,
    "absentees": AbsenteesCsvImporter,
}
KIND_LABELS: dict[str, Promise | str] = {
    kind: importer.label for kind, importer in IMPORTERS.items()
}


def csv_import(
    kind: str,
    data: bytes,
    *,
    actor: User | str,
    dry_run: bool = False,
    scheme: str = DEFAULT_SCHEME,
    progress: Progress | None = None,
    file_name: str = "",
) -> ImportSummary:
    """Import a CSV file of the given kind (votes, attendance or activities); the run is
    recorded."""
    importer = IMPORTERS[kind](actor=actor, scheme=scheme, progress=progress)
    return importer.recorded_run(data, dry_run=dry_run, file_name=file_name)
