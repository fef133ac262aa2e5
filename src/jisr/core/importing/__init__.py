"""One import framework for every format (parliament CSV, Popolo JSON, election CSV).

A format is a subclass of ``CsvImporter`` that declares its columns and counts and says
how to check a row and what to write (as Democracy Club's importers declare theirs). Every
file is read with strict decoding; every error names its line and column; writes go through
the services in one transaction, all or nothing, and a dry run rolls that transaction back;
each run is recorded as an ``ImportRun`` that staff can list.
"""

from jisr.core.text.decoding import DecodeFailed, TextSource

from .base import (
    COUNT_LABELS,
    CsvImporter,
    ImportSummary,
    Progress,
    map_columns,
    writing,
)
from .commands import add_import_arguments, command_failed, command_import, command_read_error
from .errors import (
    ImportFailed,
    RowError,
    csv_failure,
    decode_failure,
    read_text,
    shorten,
    too_big,
    too_many_rows,
)
from .progress import ProgressBar
from .rows import Choices, Row, fold, parse_date
from .runs import RUN_KINDS, HashingReader, recorded
from .uploads import UploadForm, UploadStore, file_formats
from .views import ImportFlow

__all__ = [
    "COUNT_LABELS",
    "RUN_KINDS",
    "Choices",
    "CsvImporter",
    "DecodeFailed",
    "HashingReader",
    "ImportFailed",
    "ImportFlow",
    "ImportSummary",
    "Progress",
    "ProgressBar",
    "Row",
    "RowError",
    "TextSource",
    "UploadForm",
    "UploadStore",
    "add_import_arguments",
    "command_failed",
    "command_import",
    "command_read_error",
    "csv_failure",
    "decode_failure",
    "file_formats",
    "fold",
    "map_columns",
    "parse_date",
    "read_text",
    "recorded",
    "shorten",
    "too_big",
    "too_many_rows",
    "writing",
]
