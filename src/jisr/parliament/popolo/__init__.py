"""Popolo JSON (https://www.popoloproject.com/): import a roster of representatives,
parties, terms and memberships, and export the whole roster back.

An import is all or nothing: every item of the file is checked first, every error is
reported at once, and nothing is written unless the whole file is sound. Records are
matched on their identifiers, never on their names, so importing the same file again
changes nothing; a new person whose name folds to the name of someone already recorded
is stopped as a possible duplicate until the organizer decides.
"""

from .common import MAX_BYTES, SCHEME, Counts, ImportSummary, PopoloImportError
from .exporter import export_popolo
from .importer import PopoloImporter

__all__ = [
    "MAX_BYTES",
    "SCHEME",
    "Counts",
    "ImportSummary",
    "PopoloImportError",
    "PopoloImporter",
    "export_popolo",
]
