"""Golden files of the parliament imports: the records each real sample writes, field by
field (see tests/goldens.py; regenerate with JISR_UPDATE_GOLDENS=1 and review the diff).

The imports run through their commands, as an operator runs them, and the records are
read back through the models, so these files do not depend on how the importers work."""

import io

import pytest
from django.core.management import call_command

from jisr.parliament.models import (
    Activity,
    Area,
    Attendance,
    Bill,
    BillStage,
    ContactDetail,
    Membership,
    Organization,
    OrganizationIdentifier,
    OtherName,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
)

from ..conftest import REAL_POPOLO, real_sample
from ..goldens import assert_golden, records
from .test_csv_import import DATA, House

pytestmark = pytest.mark.django_db

# What a Popolo roster writes, and what the CSV files write.
ROSTER = (
    Area,
    Organization,
    OrganizationIdentifier,
    Person,
    PersonIdentifier,
    OtherName,
    ContactDetail,
    Term,
    Membership,
)
RECORDS = (Sitting, Attendance, VoteEvent, Vote, Bill, BillStage, Question, Activity)


def imported(command, *args):
    call_command(command, *args, "--language", "en", stdout=io.StringIO(), stderr=io.StringIO())


def test_golden_the_real_popolo_roster():
    imported("popolo_import", str(real_sample(REAL_POPOLO)))
    found = records(*ROSTER)
    assert len(found["Person"]) == len(found["Membership"]) == 328
    assert_golden(DATA / "iraq-majlis-2014.records.json", found)


def test_golden_the_small_popolo_file():
    imported("popolo_import", str(DATA / "small.popolo.json"))
    assert_golden(DATA / "small.popolo.records.json", records(*ROSTER))


@pytest.mark.parametrize("kind", ["votes", "attendance", "activities", "absentees"])
def test_golden_the_csv_files(kind):
    House()
    imported("parliament_import_csv", kind, str(DATA / f"{kind}.csv"))
    found = records(*RECORDS)
    assert any(found.values())
    assert_golden(DATA / f"{kind}.records.json", found)


def test_golden_the_csv_file_with_methods():
    """Votes taken by roll call, by show of hands and in an unknown way: the last two write a
    vote event and no Vote row."""
    House()
    imported("parliament_import_csv", "votes", str(DATA / "votes-methods.csv"))
    assert_golden(DATA / "votes-methods.records.json", records(*RECORDS))
