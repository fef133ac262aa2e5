"""Golden file of the election imports: the records the fictional election's files write,
field by field (see tests/goldens.py; regenerate with JISR_UPDATE_GOLDENS=1 and review the
diff). The files are imported through the command, in the order an organizer would."""

import io

import pytest
from django.core.management import call_command

from jisr.elections.models import (
    Candidate,
    CandidateResult,
    Constituency,
    ElectoralList,
    ListParty,
    ListResult,
    OfficialSeats,
    PollingStation,
)

from ..goldens import assert_golden, records
from .conftest import FICTIONAL, new_election

pytestmark = pytest.mark.django_db

FILES = [
    ("constituencies", "constituencies.csv"),
    ("roster", "roster.csv"),
    ("lists", "lists.csv"),
    ("candidates", "candidates.csv"),
    ("official", "official.csv"),
]


def test_golden_the_fictional_election():
    election = new_election()
    for kind, name in FILES:
        call_command(
            "elections_import",
            kind,
            str(FICTIONAL / name),
            "--election",
            str(election.pk),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    found = records(
        Constituency,
        ElectoralList,
        ListParty,
        Candidate,
        ListResult,
        CandidateResult,
        PollingStation,
        OfficialSeats,
    )
    assert len(found["Candidate"]) == 16
    assert_golden(FICTIONAL / "records.json", found)
