import io
from datetime import date
from pathlib import Path

import pytest

from jisr.elections import services
from jisr.elections.importers import election_import

DATA = Path(__file__).parent / "data"
FICTIONAL = DATA / "fictional"
ACTOR = "system:test"


def import_bytes(election, kind: str, data: bytes | str, **options):
    if isinstance(data, str):
        data = data.encode()
    return election_import(
        kind, io.BytesIO(data), election=election, actor=ACTOR, size=len(data), **options
    )


def import_file(election, kind: str, name: str, **options):
    return import_bytes(election, kind, (FICTIONAL / name).read_bytes(), **options)


def new_election(**fields):
    values = {
        "name": "انتخابات الاختبار (خيالية)",
        "name_en": "Test election (fictional)",
        "date": date(2030, 11, 11),
        "kind": "parliamentary",
        "rule_set": "iq-2025",
        "is_fictional": True,
    } | fields
    return services.election_create(actor=ACTOR, **values)


@pytest.fixture
def election(db):
    """A fictional election with its constituencies and roster, no results yet."""
    election = new_election()
    import_file(election, "constituencies", "constituencies.csv")
    import_file(election, "roster", "roster.csv")
    return election


@pytest.fixture
def counted(election):
    """The fictional election with its list and candidate votes."""
    import_file(election, "lists", "lists.csv")
    import_file(election, "candidates", "candidates.csv")
    return election


@pytest.fixture
def allocated(counted):
    """The fictional election, counted and allocated (seed fixed)."""
    services.allocation_run(actor=ACTOR, election=counted, seed=7)
    counted.refresh_from_db()
    return counted
