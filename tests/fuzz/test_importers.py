"""Every importer against hostile files (issue 8, fuzzing).

For each importer — parliament votes, attendance and activities (CSV), Popolo JSON, and the
six election CSV formats — two properties:

- **Encodings and digits.** A valid generated file, written with another delimiter, line
  break, column order or header language, in another encoding (UTF-8 with or without a
  byte order mark, UTF-16 with or without one, Windows-1256 when it can hold the text) and
  with Arabic-Indic or Persian digits, imports exactly the same rows as the plain UTF-8
  original.
- **Nothing partial.** A valid file, damaged (cut at a random byte, a byte changed or
  inserted, a NUL byte, a column dropped, a row repeated or deleted, a cell replaced by
  random text or by a huge one), either imports — and then its dry run said exactly what
  the import did — or fails with errors that say where (line and column, or the item of a
  JSON file) in words, no exception escaping; and then the database is unchanged, row for
  row.

Each example runs in a savepoint that is rolled back, so every example starts from the
same records.
"""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import translation
from hypothesis import assume, event, given, note
from hypothesis import strategies as st

from jisr.core.importing import ImportFailed, RowError
from jisr.elections.importers import election_import
from jisr.parliament.csv_import import csv_import
from jisr.parliament.popolo import PopoloImporter, PopoloImportError
from tests.fuzz.conftest import fuzz_settings
from tests.rollback import rolled_back

pytestmark = pytest.mark.django_db

ACTOR = "system:test"
SNAPSHOT_APPS = ("core", "search", "parliament", "elections", "django_tasks_database")
# Columns that differ between two identical imports: times, the audit chain, and the ids
# the audit log and the search index refer to (a rolled-back PostgreSQL sequence does not
# go back).
VOLATILE = {
    "created_at",
    "recorded_at",
    "hash",
    "prev_hash",
    "seq",
    "object_id",
    "updated_at",
    "url",
    "governorate",
}

ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1256": "Windows-1256",
}
DIGITS = {
    "ascii": "0123456789",
    "arabic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- Database snapshots ---------------------------------------------------------------------


def _models():
    # Every run is recorded (core.ImportRun), whatever became of it: tests/core/test_import_runs.py.
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in SNAPSHOT_APPS and m._meta.label != "core.ImportRun"
    ]


def raw_snapshot() -> dict:
    """Every row an import may write, as stored."""
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in _models()}


def content_snapshot() -> dict:
    """Every row an import may write, with ids replaced by their rank and the volatile
    columns left out: two imports of the same rows give the same content."""
    models = _models()
    rows = {m: list(m.objects.order_by("pk").values()) for m in models}
    rank = {m: {row[m._meta.pk.attname]: i for i, row in enumerate(rows[m])} for m in models}
    out = {}
    for model in models:
        fields = [
            f for f in model._meta.concrete_fields if not f.primary_key and f.name not in VOLATILE
        ]
        records = []
        for row in rows[model]:
            record = []
            for f in fields:
                value = row[f.attname]
                if f.is_relation and value is not None and f.related_model in rank:
                    value = ("#", rank[f.related_model].get(value))
                record.append(value)
            records.append(tuple(record))
        out[model._meta.label] = records
    return out


# --- Rendering a file -----------------------------------------------------------------------


def to_digits(text: str, script: str) -> str:
    table = str.maketrans("0123456789", DIGITS[script])
    text = text.translate(table)
    if script != "ascii":
        text = text.replace(",", "٬")  # the Arabic thousands separator
    return text


_NUMBER_OR_DATE = re.compile(r"[0-9][0-9,/-]*")


def render_csv(
    columns,
    rows,
    *,
    numeric=(),
    delimiter=",",
    newline="\n",
    headers=None,
    digits="ascii",
    order=None,
) -> str:
    """The CSV text of ``rows`` (dicts by column code): header names from ``headers``,
    digits of the ``numeric`` columns in ``digits``."""
    columns = [columns[i] for i in order] if order else list(columns)
    lines = []

    def write(cells):
        # Cells holding a line break of any kind are quoted, as spreadsheets do.
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
        lines.append(out.getvalue().removesuffix("\r\n"))

    write([(headers or {}).get(c, c) for c in columns])
    for row in rows:
        cells = []
        for c in columns:
            value = str(row.get(c, ""))
            if c in numeric and _NUMBER_OR_DATE.fullmatch(value):
                value = to_digits(value, digits)
            cells.append(value)
        write(cells)
    return "".join(line + newline for line in lines)


def encode(text: str, encoding: str) -> bytes | None:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return None


def expected_encoding(data: bytes, encoding: str) -> str:
    if encoding in ("utf-8", "cp1256"):
        try:
            data.decode("utf-8")
            return "UTF-8"
        except UnicodeDecodeError:
            pass
    return ENCODINGS[encoding]


formats = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";", "\t"]),
        "newline": st.sampled_from(["\n", "\r\n", "\r"]),
        "arabic_headers": st.booleans(),
        "digits": st.sampled_from(list(DIGITS)),
        "encoding": st.sampled_from(list(ENCODINGS)),
        "reverse": st.booleans(),
    }
)

WORDS = [
    "قانون",
    "حماية",
    "المغتربين",
    "الموازنة",
    "الكهرباء",
    "التعليم",
    "الصحة",
    "النفط",
    "المياه",
    "الزراعة",
    "قرار",
    "مشروع",
    "تعديل",
    "الفصل",
    "الثالث",
    "النقل",
    "السكن",
]
PUNCTUATION = ["", ",", "،", '"', ";", " — ", " (ثانية)", "'"]


@st.composite
def phrases(draw, *, min_words=1, max_words=5):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    return " ".join(words) + draw(st.sampled_from(PUNCTUATION))


# --- Damaging a file ------------------------------------------------------------------------

ROW_DAMAGE = [
    "drop_column",
    "rename_column",
    "duplicate_row",
    "delete_row",
    "replace_cell",
    "huge_cell",
]
BYTE_DAMAGE = [
    "truncate",
    "flip",
    "insert",
    "nul",
    "nul_end",
    "quote",
    "junk",
    "empty",
    "header_only",
]


def damage_rows(data, kind, columns, rows):
    """Damage the rows of a file before it is written (a column, a row, a cell)."""
    columns, rows = list(columns), [dict(r) for r in rows]
    if kind == "drop_column":
        columns.pop(data.draw(st.integers(0, len(columns) - 1), label="column"))
    elif kind == "rename_column":
        j = data.draw(st.integers(0, len(columns) - 1), label="column")
        new = data.draw(st.text(max_size=10) | st.just("ع" * 140_000), label="name")
        rows = [{(new if c == columns[j] else c): v for c, v in row.items()} for row in rows]
        columns[j] = new
    elif kind == "duplicate_row":
        i = data.draw(st.integers(0, len(rows) - 1), label="row")
        rows.insert(data.draw(st.integers(0, len(rows)), label="at"), rows[i])
    elif kind == "delete_row":
        rows.pop(data.draw(st.integers(0, len(rows) - 1), label="row"))
    else:
        i = data.draw(st.integers(0, len(rows) - 1), label="row")
        column = data.draw(st.sampled_from(columns), label="column")
        if kind == "huge_cell":
            size = data.draw(st.sampled_from([600, 40_000, 140_000]), label="size")
            rows[i][column] = data.draw(st.sampled_from(["x", "ع", "9"])) * size
        else:
            rows[i][column] = data.draw(st.text(max_size=20), label="text")
    return columns, rows


def damage_bytes(data, kind, raw: bytes) -> bytes:
    if kind == "empty":
        return b""
    if kind == "junk":
        return data.draw(st.binary(min_size=1, max_size=300), label="junk")
    if kind == "header_only":
        return raw.split(b"\n", 1)[0] + data.draw(st.sampled_from([b"", b"\n", b"\r\n"]))
    if kind == "truncate":
        return raw[: data.draw(st.integers(0, max(len(raw) - 1, 0)), label="cut")]
    at = data.draw(st.integers(0, len(raw)), label="at")
    if kind == "flip" and raw:
        at = min(at, len(raw) - 1)
        return raw[:at] + bytes([data.draw(st.integers(0, 255), label="byte")]) + raw[at + 1 :]
    if kind == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=4), label="bytes") + raw[at:]
    if kind == "nul":
        return raw[:at] + b"\x00" + raw[at:]
    if kind == "quote":
        return raw[:at] + b'"' + raw[at:]
    return raw + b"\x00"


def check_failure(errors: list, *, before: dict):
    """A refused file: errors in words that say where, and nothing written."""
    assert errors, "a refused file must say why"
    for error in errors:
        assert isinstance(error, RowError | str)
        text = str(error)
        note(text[:300])
        assert text.strip()
        assert "Traceback" not in text and "Error(" not in text
        assert len(text) <= 1_200, "a message quoting a whole cell"
        if isinstance(error, RowError) and error.line is None:
            assert error.message in FILE_LEVEL or error.message.startswith(FILE_LEVEL_PREFIXES), (
                error.message
            )
    assert raw_snapshot() == before, "a refused file wrote something"


# Errors about the whole file rather than a line of it.
FILE_LEVEL = {
    "The file has no rows to import.",
    "The file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet and try again.",
}
FILE_LEVEL_PREFIXES = ("The file has more than",)


def attempt_csv(run, raw: bytes):
    """Import ``raw`` for real in a rolled-back savepoint; check the outcome."""
    before = raw_snapshot()
    with rolled_back():
        try:
            summary = run(raw, dry_run=False)
        except ImportFailed as failure:
            check_failure(failure.errors, before=before)
            event(f"refused: {failure.errors[0].message[:40]}")
            return None
        after = raw_snapshot()
    event("imported")
    # It imported: its dry run says exactly what the import did, and writes nothing.
    dry = run(raw, dry_run=True)
    assert dry.counts == summary.counts
    assert raw_snapshot() == before
    assert after != before or summary.changes == 0
    return summary


def import_content(run, raw: bytes):
    with rolled_back():
        summary = run(raw, dry_run=False)
        return summary, content_snapshot()


# --- Parliament CSV -------------------------------------------------------------------------

from tests.parliament.test_csv_import import TERM, House  # noqa: E402

PERSON_CELLS = {
    # identifier, or name where it is unique
    "salwa": ["p-001", "سلوى النجمي"],
    "mazen": ["p-002", "مازن الورداني"],
    "rana": ["p-003", "رنا السعفي"],
    "haidar": ["حيدر الجسراوي", "حيدر الجسراوى"],
    "lama": ["p-005", "لمى الضفافي"],
    "yaser": ["p-006"],
}
FIRST_DAY = date(2022, 1, 9)
LAST_DAY = date(2024, 6, 30)  # Lama's last day
PARLIAMENT_HEADERS = {
    "term": "الدورة",
    "date": "التاريخ",
    "motion": "القرار",
    "result": "النتيجة",
    "person": "النائب",
    "vote": "التصويت",
    "source_url": "المصدر",
    "document_ref": "المرجع",
    "sitting_number": "رقم الجلسة",
    "status": "الحضور",
    "kind": "النوع",
    "title": "العنوان",
    "summary": "الملخص",
    "committee": "اللجنة",
    "ministry": "الوزارة",
    "question_kind": "نوع السؤال",
}


@pytest.fixture
def house(db):
    return House()


days = st.integers(0, (LAST_DAY - FIRST_DAY).days).map(lambda n: FIRST_DAY + timedelta(n))


def date_cell(draw, day: date) -> str:
    if draw(st.booleans()):
        return day.isoformat()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@st.composite
def votes_files(draw):
    rows, seen = [], set()
    for _ in range(draw(st.integers(1, 3))):
        day, motion = draw(days), draw(phrases())
        if (day, " ".join(motion.split())) in seen:
            continue
        seen.add((day, " ".join(motion.split())))
        shared = {
            "term": TERM,
            "date": date_cell(draw, day),
            "motion": motion,
            "result": draw(st.sampled_from(["passed", "failed", "مرر", "رفض"])),
            "source_url": draw(st.sampled_from(["", "https://parliament.example/s/1"])),
            "document_ref": draw(st.sampled_from(["", "محضر 12"])),
        }
        voters = draw(st.lists(st.sampled_from(list(PERSON_CELLS)), min_size=1, unique=True))
        for voter in voters:
            rows.append(
                shared
                | {
                    "person": draw(st.sampled_from(PERSON_CELLS[voter])),
                    "vote": draw(st.sampled_from(["yes", "no", "abstain", "نعم", "لا", "غائب"])),
                }
            )
    columns = ["term", "date", "motion", "result", "person", "vote", "source_url", "document_ref"]
    return columns, rows


@st.composite
def attendance_files(draw):
    rows, seen = [], set()
    for _ in range(draw(st.integers(1, 3))):
        day = draw(days)
        if day in seen:
            continue
        seen.add(day)
        number = draw(st.sampled_from(["", "12", "1,204"]))
        text = day.isoformat() if draw(st.booleans()) else day.strftime("%d/%m/%Y")
        people = draw(st.lists(st.sampled_from(list(PERSON_CELLS)), min_size=1, unique=True))
        for person in people:
            rows.append(
                {
                    "term": TERM,
                    "date": text,
                    "sitting_number": number,
                    "person": draw(st.sampled_from(PERSON_CELLS[person])),
                    "status": draw(st.sampled_from(["present", "absent", "excused", "حاضر"])),
                }
            )
    return ["term", "date", "sitting_number", "person", "status"], rows


@st.composite
def activities_files(draw):
    rows, seen = [], set()
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["speech", "committee", "question", "bill", "كلمة"]))
        day, title = draw(days), draw(phrases())
        row = {
            "term": TERM,
            "date": date_cell(draw, day),
            "kind": kind,
            "title": title,
            "summary": draw(st.sampled_from(["", "ملخص قصير.", "سطر أول\nسطر ثان"])),
            "source_url": draw(st.sampled_from(["", "https://parliament.example/a"])),
        }
        if kind == "committee":
            row["committee"] = "لجنة العلاقات الخارجية"
        if kind == "question":
            row["ministry"] = "وزارة الخارجية"
            row["question_kind"] = draw(st.sampled_from(["oral", "written", "تحريري"]))
        if kind == "bill":
            sponsors = draw(
                st.lists(st.sampled_from(list(PERSON_CELLS)), min_size=1, max_size=3, unique=True)
            )
            if (day, " ".join(title.split())) in seen:
                continue
            seen.add((day, " ".join(title.split())))
            rows.extend(row | {"person": PERSON_CELLS[s][0]} for s in sponsors)
            continue
        person = draw(st.sampled_from(list(PERSON_CELLS)))
        key = (kind if kind != "كلمة" else "speech", person, day, " ".join(title.split()))
        if key in seen:
            continue
        seen.add(key)
        rows.append(row | {"person": PERSON_CELLS[person][0]})
    assume(rows)
    columns = [
        "term",
        "date",
        "person",
        "kind",
        "title",
        "summary",
        "committee",
        "ministry",
        "question_kind",
        "source_url",
    ]
    return columns, rows


PARLIAMENT_FILES = {
    "votes": (votes_files, {"date"}),
    "attendance": (attendance_files, {"date", "sitting_number"}),
    "activities": (activities_files, {"date"}),
}


def parliament_runner(kind):
    def run(raw, *, dry_run):
        return csv_import(kind, raw, actor=ACTOR, dry_run=dry_run)

    return run


def check_same_import(run, columns, rows, fmt, *, numeric, headers):
    """The property of encodings and digits, for any CSV importer."""
    plain = render_csv(columns, rows).encode()
    order = list(range(len(columns)))[::-1] if fmt["reverse"] else None
    text = render_csv(
        columns,
        rows,
        numeric=numeric,
        delimiter=fmt["delimiter"],
        newline=fmt["newline"],
        headers=headers if fmt["arabic_headers"] else None,
        digits=fmt["digits"],
        order=order,
    )
    raw = encode(text, fmt["encoding"])
    assume(raw is not None)  # Windows-1256 has no Arabic-Indic digits
    note(f"{fmt}\n{text[:2000]}")
    summary, content = import_content(run, plain)
    other, other_content = import_content(run, raw)
    assert other.encoding == expected_encoding(raw, fmt["encoding"])
    assert other.counts == summary.counts
    assert other.rows == summary.rows
    assert other_content == content


@pytest.mark.parametrize("kind", list(PARLIAMENT_FILES))
@fuzz_settings()
@given(data=st.data(), fmt=formats)
def test_parliament_csv_in_any_encoding_and_digits_imports_the_same(house, kind, data, fmt):
    strategy, numeric = PARLIAMENT_FILES[kind]
    columns, rows = data.draw(strategy())
    check_same_import(
        parliament_runner(kind), columns, rows, fmt, numeric=numeric, headers=PARLIAMENT_HEADERS
    )


@pytest.mark.parametrize("kind", list(PARLIAMENT_FILES))
@fuzz_settings()
@given(
    data=st.data(),
    damage=st.sampled_from(ROW_DAMAGE + BYTE_DAMAGE),
    encoding=st.sampled_from(list(ENCODINGS)),
)
def test_damaged_parliament_csv_imports_or_fails_cleanly(house, kind, data, damage, encoding):
    strategy, _numeric = PARLIAMENT_FILES[kind]
    columns, rows = data.draw(strategy())
    if damage in ROW_DAMAGE:
        columns, rows = damage_rows(data, damage, columns, rows)
    raw = encode(render_csv(columns, rows), encoding) or render_csv(columns, rows).encode()
    if damage in BYTE_DAMAGE:
        raw = damage_bytes(data, damage, raw)
    note(repr(raw[:3000]))
    attempt_csv(parliament_runner(kind), raw)


# --- Election CSV ---------------------------------------------------------------------------

from jisr.elections.models import Candidate  # noqa: E402

ELECTION_HEADERS = {
    "constituency": "الدائرة",
    "seats": "المقاعد",
    "code": "الرمز",
    "women_seats": "مقاعد النساء",
    "christian": "مسيحي",
    "list": "القائمة",
    "number": "التسلسل",
    "name": "الاسم",
    "gender": "الجنس",
    "party": "الحزب",
    "list_number": "رقم القائمة",
    "votes": "الأصوات",
    "candidate": "المرشح",
    "station": "المحطة",
    "name_en": "الاسم بالانكليزية",
}
PLACES = ["البصرة", "نينوى", "كربلاء", "ديالى", "الأنبار", "ميسان", "واسط", "دهوك"]
NAMES = ["أحمد", "زينب", "علي", "فاطمة", "حسين", "مريم", "عمر", "سارة", "يوسف", "نور"]
FAMILIES = ["الكرخي", "البغدادي", "الموصلي", "النجفي", "البصري", "الحلي"]


def running(election):
    """{constituency name: {list number: [candidate numbers]}}"""
    found = {}
    for c in Candidate.objects.filter(election=election).select_related(
        "constituency", "electoral_list"
    ):
        found.setdefault(c.constituency.name, {}).setdefault(c.electoral_list.number, []).append(
            c.number
        )
    return found


votes = st.integers(0, 20_000).map(lambda n: f"{n:,}" if n >= 1000 and n % 2 else str(n))


@st.composite
def constituencies_files(draw, election):
    places = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=4, unique=True))
    rows = []
    for i, place in enumerate(places):
        seats = draw(st.integers(1, 40))
        rows.append(
            {
                "constituency": place,
                "seats": str(seats),
                "code": draw(st.sampled_from(["", f"c{i}"])),
                "women_seats": draw(st.sampled_from(["", str(seats // 4)])),
                "christian": draw(st.sampled_from(["", "1"])),
                "name_en": draw(st.sampled_from(["", f"Place {i}"])),
            }
        )
    return ["constituency", "code", "name_en", "seats", "women_seats", "christian"], rows


@st.composite
def roster_files(draw, election):
    rows = []
    lists = draw(st.lists(st.integers(201, 209), min_size=1, max_size=3, unique=True))
    for number in lists:
        places = draw(st.lists(st.sampled_from(["الرافدين", "الواحة"]), min_size=1, unique=True))
        for place in places:
            for ballot in range(1, draw(st.integers(1, 4)) + 1):
                name = f"{draw(st.sampled_from(NAMES))} {draw(st.sampled_from(FAMILIES))}"
                rows.append(
                    {
                        "constituency": place,
                        "list": f"قائمة {WORDS[number - 201]}",
                        "list_number": str(number),
                        "number": str(ballot),
                        "name": name,
                        "gender": draw(st.sampled_from(["male", "female", "ذكر", "امرأة"])),
                        "party": draw(st.sampled_from(["", "حزب الأمل"])),
                    }
                )
    columns = ["constituency", "list", "list_number", "number", "name", "gender", "party"]
    return columns, rows


@st.composite
def list_votes_files(draw, election):
    rows = []
    for place, lists in running(election).items():
        for number in draw(st.lists(st.sampled_from(sorted(lists)), unique=True)):
            rows.append({"constituency": place, "list": str(number), "votes": draw(votes)})
    assume(rows)
    return ["constituency", "list", "votes"], rows


@st.composite
def candidate_votes_files(draw, election):
    rows = []
    for place, lists in running(election).items():
        for number, ballots in lists.items():
            for ballot in draw(st.lists(st.sampled_from(sorted(ballots)), unique=True)):
                rows.append(
                    {
                        "constituency": place,
                        "list": str(number),
                        "candidate": str(ballot),
                        "votes": draw(votes),
                    }
                )
    assume(rows)
    return ["constituency", "list", "candidate", "votes"], rows


@st.composite
def official_files(draw, election):
    rows = []
    for place, lists in running(election).items():
        chosen = draw(st.lists(st.sampled_from(sorted(lists)), unique=True, max_size=3))
        for number in chosen:
            rows.append({"constituency": place, "list": str(number), "seats": "1"})
    assume(rows)
    return ["constituency", "list", "seats"], rows


@st.composite
def station_files(draw, election):
    rows, code = [], 1000
    list_rows = draw(st.booleans())
    for place, lists in running(election).items():
        for _ in range(draw(st.integers(0, 2))):
            code += 1
            station = {"constituency": place, "station": str(code)}
            total = 0
            for number in draw(st.lists(st.sampled_from(sorted(lists)), unique=True)):
                summed = 0
                for ballot in draw(st.lists(st.sampled_from(lists[number]), unique=True)):
                    n = draw(st.integers(0, 3000))
                    summed += n
                    rows.append(
                        station | {"list": str(number), "candidate": str(ballot), "votes": str(n)}
                    )
                if list_rows:
                    summed += draw(st.integers(0, 50))
                    rows.append(
                        station | {"list": str(number), "candidate": "", "votes": str(summed)}
                    )
                total += summed
            if total and draw(st.booleans()):
                rows.append(station | {"list": "", "candidate": "", "votes": str(total)})
    assume(rows)
    return ["constituency", "station", "list", "candidate", "votes"], rows


ELECTION_FILES = {
    "constituencies": (constituencies_files, {"seats", "women_seats", "christian"}),
    "roster": (roster_files, {"number", "list_number"}),
    "lists": (list_votes_files, {"list", "votes"}),
    "candidates": (candidate_votes_files, {"list", "candidate", "votes"}),
    "official": (official_files, {"list", "seats"}),
    "stations": (station_files, {"station", "list", "candidate", "votes"}),
}


def election_runner(election, kind):
    def run(raw, *, dry_run):
        return election_import(
            kind, io.BytesIO(raw), election=election, actor=ACTOR, size=len(raw), dry_run=dry_run
        )

    return run


@pytest.mark.parametrize("kind", list(ELECTION_FILES))
@fuzz_settings()
@given(data=st.data(), fmt=formats)
def test_election_csv_in_any_encoding_and_digits_imports_the_same(election, kind, data, fmt):
    strategy, numeric = ELECTION_FILES[kind]
    columns, rows = data.draw(strategy(election))
    check_same_import(
        election_runner(election, kind),
        columns,
        rows,
        fmt,
        numeric=numeric,
        headers=ELECTION_HEADERS,
    )


@pytest.mark.parametrize("kind", list(ELECTION_FILES))
@fuzz_settings()
@given(
    data=st.data(),
    damage=st.sampled_from(ROW_DAMAGE + BYTE_DAMAGE),
    encoding=st.sampled_from(list(ENCODINGS)),
)
def test_damaged_election_csv_imports_or_fails_cleanly(election, kind, data, damage, encoding):
    strategy, _numeric = ELECTION_FILES[kind]
    columns, rows = data.draw(strategy(election))
    if damage in ROW_DAMAGE:
        columns, rows = damage_rows(data, damage, columns, rows)
    raw = encode(render_csv(columns, rows), encoding) or render_csv(columns, rows).encode()
    if damage in BYTE_DAMAGE:
        raw = damage_bytes(data, damage, raw)
    note(repr(raw[:3000]))
    attempt_csv(election_runner(election, kind), raw)


# --- Popolo JSON ----------------------------------------------------------------------------


@st.composite
def popolo_documents(draw):
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(NAMES), st.sampled_from(FAMILIES)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    script = draw(st.sampled_from(list(DIGITS)))
    year = to_digits(str(draw(st.integers(1940, 2000))), script)
    start = to_digits("2022-01-09", script)
    persons = []
    for i, (first, family) in enumerate(people):
        person = {"id": f"person/{i}", "name": f"{first} {family}"}
        if draw(st.booleans()):
            person["gender"] = draw(st.sampled_from(["male", "female"]))
        if draw(st.booleans()):
            person["birth_date"] = year
        if draw(st.booleans()):
            person["other_names"] = [{"lang": "en", "name": f"Person {i}", "note": "multilingual"}]
        if draw(st.booleans()):
            person["identifiers"] = [{"scheme": "wikidata", "identifier": f"Q{900 + i}"}]
        if draw(st.booleans()):
            person["contact_details"] = [{"type": "email", "value": f"p{i}@example.org"}]
        if draw(st.booleans()):
            person["summary"] = draw(phrases())
        persons.append(person)
    document = {
        "persons": persons,
        "organizations": [
            {"id": "legislature", "name": "مجلس النواب", "classification": "legislature"},
            {"id": "party/a", "name": "حزب الأمل", "classification": "party"},
        ],
        "areas": [{"id": "iq-bs", "name": "البصرة"}],
        "events": [
            {
                "id": "term/5",
                "name": "الدورة الخامسة",
                "classification": "legislative period",
                "organization_id": "legislature",
                "start_date": start,
            },
        ],
        "memberships": [
            {
                "person_id": p["id"],
                "organization_id": "legislature",
                "on_behalf_of_id": "party/a",
                "legislative_period_id": "term/5",
                "area_id": "iq-bs",
                "start_date": start,
            }
            for p in persons
        ],
    }
    return document


def popolo_run(raw, *, dry_run):
    return PopoloImporter().run(raw, actor=ACTOR, dry_run=dry_run)


def popolo_text(document, data) -> str:
    return json.dumps(
        document,
        ensure_ascii=data.draw(st.booleans(), label="ensure_ascii"),
        indent=data.draw(st.sampled_from([None, 1, "\t"]), label="indent"),
    )


@fuzz_settings()
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]))
def test_popolo_in_any_encoding_and_digits_imports_the_same(db, data, encoding):
    document = data.draw(popolo_documents())
    plain = json.dumps(document, ensure_ascii=False).encode()
    text = popolo_text(document, data)
    raw = encode(text, encoding)
    assume(raw is not None)
    note(text[:2000])
    with rolled_back():
        summary = popolo_run(plain, dry_run=False)
        content = content_snapshot()
    with rolled_back():
        other = popolo_run(raw, dry_run=False)
        assert other.encoding == expected_encoding(raw, encoding)
        assert other.as_dict() | {"encoding": ""} == summary.as_dict() | {"encoding": ""}
        assert content_snapshot() == content


POPOLO_DAMAGE = ["drop_key", "duplicate_item", "replace_value", "huge_value", "deep", "number"]


def damage_document(data, kind, document):
    document = json.loads(json.dumps(document))
    section = data.draw(st.sampled_from(["persons", "organizations", "memberships", "events"]))
    items = document[section]
    i = data.draw(st.integers(0, len(items) - 1), label="item")
    key = data.draw(st.sampled_from(sorted(items[i])), label="key")
    if kind == "drop_key":
        del items[i][key]
    elif kind == "duplicate_item":
        items.append(items[i])
    elif kind == "replace_value":
        items[i][key] = data.draw(
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3)
                ),
                max_leaves=5,
            ),
            label="value",
        )
    elif kind == "huge_value":
        items[i][key] = "ع" * data.draw(st.sampled_from([400, 200_000]))
    elif kind == "number":
        return json.dumps(document).replace(
            '"' + key + '": ', '"' + key + '": 1' + "0" * 5000 + ', "_": ', 1
        )
    else:  # deep
        return json.dumps(document)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    return json.dumps(document, ensure_ascii=False)


@fuzz_settings()
@given(
    data=st.data(),
    damage=st.sampled_from(POPOLO_DAMAGE + BYTE_DAMAGE),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_damaged_popolo_imports_or_fails_cleanly(db, data, damage, encoding):
    document = data.draw(popolo_documents())
    if damage in POPOLO_DAMAGE:
        text = damage_document(data, damage, document)
    else:
        text = json.dumps(document, ensure_ascii=False)
    raw = text.encode(encoding, errors="surrogatepass")
    if damage in BYTE_DAMAGE:
        raw = damage_bytes(data, damage, raw)
    note(repr(raw[:3000]))
    before = raw_snapshot()
    with rolled_back():
        try:
            summary = popolo_run(raw, dry_run=False)
        except PopoloImportError as failure:
            check_failure(failure.errors, before=before)
            event(f"refused: {failure.errors[0][:40]}")
            return
    event("imported")
    dry = popolo_run(raw, dry_run=True)
    assert dry.as_dict() | {"dry_run": False} == summary.as_dict()
    assert raw_snapshot() == before
