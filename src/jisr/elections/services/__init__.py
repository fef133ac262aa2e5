"""Every write to the elections records: validated, in one transaction, audited.

The importers, the staff pages and the commands call these, so they enforce the same
rules. After certification an election's setup and results are frozen. ``records`` holds
the election, its constituencies, roster and results; ``seats`` the allocation runs and
the certification.
"""

from .records import (
    CandidateInput,
    ConstituencyInput,
    StationInput,
    candidate_results_replace,
    constituencies_save,
    election_create,
    election_update,
    list_results_replace,
    official_seats_set,
    roster_save,
    station_results_replace,
)
from .seats import allocation_run, election_certify, lot_tokens

__all__ = [
    "CandidateInput",
    "ConstituencyInput",
    "StationInput",
    "allocation_run",
    "candidate_results_replace",
    "constituencies_save",
    "election_certify",
    "election_create",
    "election_update",
    "list_results_replace",
    "lot_tokens",
    "official_seats_set",
    "roster_save",
    "station_results_replace",
]
