"""The CSV import of pledges: a golden file of what it writes, a dry run, all or nothing,
and errors that name their line and column, in the reader's language."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from jisr.core.importing import ImportFailed
from jisr.core.models import AuditEntry, ImportRun
from jisr.pledges.importers import pledges_import
from jisr.pledges.models import Pledge

from ..goldens import assert_golden, records
from ..parliament.factories import AreaFactory, PartyFactory
from .factories import PlatformFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
ACTOR = "system:test"


@pytest.fixture
def world():
    AreaFactory(name="البصرة", name_en="Basra", identifier="iq-ba")
    PlatformFactory(
        owner=PartyFactory(name="حزب الضفاف (خيالي)"),
        title="البرنامج الانتخابي لحزب الضفاف (خيالي)",
        source_url="https://example.org/demo/platform.pdf",
        archive_url="https://web.archive.org/web/2025/https://example.org/demo/platform.pdf",
    )


def _data() -> bytes:
    return (DATA / "pledges.csv").read_bytes()


def test_golden_file(world):
    summary = pledges_import(_data(), actor=ACTOR, file_name="pledges.csv")
    assert summary.counts == {"pledges": 3, "unchanged": 0} and summary.rows == 3
    assert_golden(DATA / "pledges.records.json", records(Pledge))
    categories = {
        p.summary_en: sorted(c.name_en for c in p.categories.all()) for p in Pledge.objects.all()
    }
    assert categories == {
        "A social security law for private-sector workers": ["Jobs", "Siding with the poor"],
        "Refit the general hospital": ["Health services"],
        "Ten thousand homes": ["Housing"],
    }
    assert ImportRun.objects.get().kind == "pledges.pledges"
    assert AuditEntry.objects.filter(action="promise.recorded").count() == 3
    # Imported again: every row is already there.
    again = pledges_import(_data(), actor=ACTOR)
    assert again.counts == {"pledges": 0, "unchanged": 3}


def test_a_dry_run_writes_nothing(world):
    summary = pledges_import(_data(), actor=ACTOR, dry_run=True)
    assert summary.counts["pledges"] == 3
    assert not Pledge.objects.exists()


def _broken(line: int, text: str) -> bytes:
    lines = _data().decode().split("\n")
    lines[line - 1] = text
    return "\n".join(lines).encode()


def test_errors_name_line_and_column_and_nothing_is_written(world):
    data = _broken(
        5,
        "برنامج لا وجود له,نص,https://example.org/x,,,ملخص,Summary,فئة مجهولة,محافظة,,غدا",
    )
    with translation.override("en"):
        with pytest.raises(ImportFailed) as caught:
            pledges_import(data, actor=ACTOR)
        errors = [str(e) for e in caught.value.errors]
    assert any(e.startswith("Line 5, column “البرنامج”: No platform") for e in errors), errors
    assert any(
        e.startswith("Line 5, column “النسخة المؤرشفة”: A value is required") for e in errors
    )
    assert any("column “الفئات”: No category is called “فئة مجهولة”" in e for e in errors)
    assert any("column “المحافظة”" in e for e in errors)
    assert any("column “deadline”: “غدا” is not a date" in e for e in errors)
    assert not Pledge.objects.exists()
    assert ImportRun.objects.get().outcome != "applied"


def test_errors_are_in_the_readers_language(world):
    data = _broken(
        2,
        _data()
        .decode()
        .split("\n")[1]
        .replace("https://web.archive.org/web/2025/https://example.org/demo/platform.pdf", ""),
    )
    with translation.override("ar"):
        with pytest.raises(ImportFailed) as caught:
            pledges_import(data, actor=ACTOR)
        message = str(caught.value.errors[0])
    assert "النسخة المؤرشفة" in message and "Line" not in message
    assert json.dumps(message, ensure_ascii=False)


def test_the_command_imports_and_reports(world, capsys):
    from django.core.management import call_command

    with translation.override("en"):
        call_command("pledges_import", str(DATA / "pledges.csv"), "--dry-run", "--language", "en")
    out = capsys.readouterr().out
    assert "New pledges: 3" in out and "Dry run" in out
    assert not Pledge.objects.exists()
