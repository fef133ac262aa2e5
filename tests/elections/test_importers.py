"""CSV imports of an election: every format, the bad input the issue names, encodings,
dry runs, all-or-nothing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jisr.core.models import AuditEntry
from jisr.elections import services
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
from jisr.parliament.csv_import import ImportFailed

from .conftest import ACTOR, FICTIONAL, import_bytes, import_file, new_election

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def errors_of(election, kind, text, **options) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        import_bytes(election, kind, text, **options)
    return [str(e) for e in caught.value.errors]


def results_snapshot(election):
    return (
        sorted(ListResult.objects.values_list("constituency_id", "electoral_list_id", "votes")),
        sorted(CandidateResult.objects.values_list("candidate_id", "votes")),
        PollingStation.objects.count(),
    )


# --- Set-up: constituencies and the roster ------------------------------------------------------


def test_constituencies_and_roster(election):
    rafidain = Constituency.objects.get(election=election, code="rafidain")
    assert (rafidain.seats, rafidain.women_seats, rafidain.quota_seats) == (
        5,
        None,
        {"christian": 1},
    )
    assert rafidain.name_en == "Rafidain"
    assert ElectoralList.objects.filter(election=election).count() == 4
    star = ElectoralList.objects.get(election=election, number=101)
    assert star.kind == ElectoralList.Kind.ALLIANCE
    assert sorted(star.parties.values_list("name", flat=True)) == ["حزب الضوء", "حزب الندى"]
    assert Candidate.objects.filter(election=election).count() == 16
    maryam = Candidate.objects.get(name="مريم الناصرة")
    assert (maryam.gender, maryam.community, maryam.name_latin) == (
        "female",
        "christian",
        "Maryam Al-Nasira",
    )


def test_roster_again_corrects_rather_than_duplicates(election):
    text = (FICTIONAL / "roster.csv").read_text().replace("سامر الفرات", "سامر عبد الفرات")
    summary = import_bytes(election, "roster", text)
    assert summary.counts["candidates_created"] == 0
    assert summary.counts["candidates_corrected"] == 1
    assert Candidate.objects.filter(election=election).count() == 16


def test_constituencies_accept_arabic_headers_and_digits(db):
    election = new_election()
    import_bytes(election, "constituencies", "الدائرة,المقاعد,مقاعد النساء\nالنجف,١٢,٣\n")
    najaf = Constituency.objects.get(election=election)
    assert (najaf.name, najaf.seats, najaf.women_seats) == ("النجف", 12, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("constituency,seats\nالنجف,0\n", "Line 2, column “seats”: “0” is below 1."),
        ("constituency,seats\nالنجف,-3\n", "Line 2, column “seats”: “-3” is negative."),
        (
            "constituency,seats\nالنجف,12\nالنجف,11\n",
            "Line 3, column “constituency”: This constituency appears twice (first on line 2).",
        ),
        (
            "constituency,seats,women_seats\nالنجف,4,5\n",
            "Line 2, column “women_seats”: More women's seats than general seats.",
        ),
        ("constituency,seets\nالنجف,4\n", "Line 1, column “seets”: Unknown column."),
    ],
)
def test_bad_constituencies(db, text, expected):
    election = new_election()
    errors = errors_of(election, "constituencies", text)
    assert any(e.startswith(expected) for e in errors), errors
    assert not Constituency.objects.exists()


ROSTER_HEADER = "constituency,list,number,name,gender,community\n"


def test_roster_more_seats_than_candidates_names_the_line(election):
    text = ROSTER_HEADER + "الواحة,قائمة جديدة,1,مرشح وحيد,male,\n"
    # Adding to الواحة is fine (3 seats, now 6 candidates); a new constituency is not.
    import_bytes(election, "roster", text)
    import_bytes(election, "constituencies", "constituency,seats\nالسهل,4\n")
    errors = errors_of(election, "roster", ROSTER_HEADER + "السهل,قائمة جديدة,1,مرشح,male,\n")
    assert errors == [
        "Line 2, column “constituency”: السهل has 4 general seats but only 1 general candidates."
    ]
    assert not Candidate.objects.filter(constituency__name="السهل").exists()
    assert not ElectoralList.objects.filter(
        name="قائمة جديدة", candidates__constituency__name="السهل"
    ).exists()


def test_roster_quota_community_with_no_candidate(db):
    election = new_election()
    import_bytes(election, "constituencies", "constituency,seats,yazidi\nنينوى,1,1\n")
    errors = errors_of(election, "roster", ROSTER_HEADER + "نينوى,قائمة,1,مرشح,male,\n")
    assert errors == [
        "Line 2, column “constituency”: نينوى has a Yazidi quota seat but no Yazidi candidate."
    ]
    assert not Candidate.objects.exists()
    assert not ElectoralList.objects.exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("الواحة,قائمة,1,اسم,unknown,", "Line 2, column “gender”"),
        ("الواحة,قائمة,1,اسم,male,مسيحي", "Line 2, column “community”: الواحة has no Christian"),
        ("الواحة,قائمة,1,اسم,male,martian", "Line 2, column “community”: “martian” is not"),
        ("الموصل,قائمة,1,اسم,male,", "Line 2, column “constituency”: No constituency"),
        ("الواحة,قائمة,x,اسم,male,", "Line 2, column “number”"),
    ],
)
def test_bad_roster_rows(election, row, expected):
    before = Candidate.objects.count()
    errors = errors_of(election, "roster", ROSTER_HEADER + row + "\n")
    assert any(e.startswith(expected) for e in errors), errors
    assert Candidate.objects.count() == before


def test_roster_candidate_twice(election):
    rows = "الواحة,قائمة,1,اسم,male,\nالواحة,قائمة,1,اسم آخر,male,\n"
    errors = errors_of(election, "roster", ROSTER_HEADER + rows)
    assert errors == [
        "Line 3, column “number”: This list has candidate 1 twice here (first on line 2)."
    ]


# --- Results --------------------------------------------------------------------------------------


def test_list_and_candidate_votes(counted):
    star = ElectoralList.objects.get(number=101)
    rafidain = Constituency.objects.get(code="rafidain")
    assert ListResult.objects.get(constituency=rafidain, electoral_list=star).votes == 12_400
    assert ListResult.objects.get(constituency=rafidain, electoral_list__number=102).votes == 8_300
    assert CandidateResult.objects.get(candidate__name="سامر الفرات").votes == 5_100
    assert CandidateResult.objects.count() == 16


def test_results_replace_the_constituencies_they_cover(counted):
    import_bytes(counted, "lists", "constituency,list,votes\nالواحة,101,6000\n")
    assert ListResult.objects.filter(constituency__code="waha").count() == 1
    assert ListResult.objects.filter(constituency__code="rafidain").count() == 4


LISTS_HEADER = "constituency,list,votes\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("الواحة,101,-5", ["Line 2, column “votes”: The votes “-5” are negative."]),
        ("الواحة,101,خمسة", ["Line 2, column “votes”: “خمسة” is not a whole number of votes."]),
        ("الواحة,101,12.5", ["Line 2, column “votes”: “12.5” is not a whole number of votes."]),
        (
            "الواحة,101,5\nالواحة,تحالف النجمة,6",
            ["Line 3, column “list”: This list appears twice for الواحة (first on line 2)."],
        ),
        ("الواحة,999,5", ["Line 2, column “list”: No list of this election is “999”."]),
        ("الواحة,104,5", ["Line 2, column “list”: List “104” has no candidates in الواحة."]),
        (
            "الموصل,101,5",
            ["Line 2, column “constituency”: No constituency of this election is “الموصل”."],
        ),
    ],
)
def test_bad_list_votes_name_the_line_and_store_nothing(counted, rows, expected):
    before = results_snapshot(counted)
    assert errors_of(counted, "lists", LISTS_HEADER + rows + "\n") == expected
    assert results_snapshot(counted) == before


def test_arabic_indic_digits_are_valid_votes(election):
    import_bytes(election, "lists", LISTS_HEADER + 'الواحة,١٠١,٥٢٠٠\nالواحة,۱۰۲,"4,700"\n')
    assert sorted(ListResult.objects.values_list("votes", flat=True)) == [4700, 5200]


CANDIDATES_HEADER = "constituency,list,candidate,votes\n"


def test_candidates_by_name_or_number(election):
    import_bytes(
        election,
        "candidates",
        CANDIDATES_HEADER + "الواحة,101,علي النخله,3100\nالواحة,تحالف النجمة,٢,1400\n",
    )
    assert sorted(CandidateResult.objects.values_list("candidate__name", "votes")) == [
        ("سارة الرمل", 1400),
        ("علي النخلة", 3100),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("الواحة,101,9,5", "Line 2, column “candidate”: List “تحالف النجمة” has no candidate “9”"),
        (
            "الواحة,101,1,5\nالواحة,101,علي النخلة,6",
            "Line 3, column “candidate”: This candidate appears twice (first on line 2).",
        ),
        (
            "الواحة,101,1,9999",
            "Line 2, column “list”: The candidates of this list have 9999 "
            "votes here, more than the list's 5200.",
        ),
    ],
)
def test_bad_candidate_votes(counted, rows, expected):
    before = results_snapshot(counted)
    errors = errors_of(counted, "candidates", CANDIDATES_HEADER + rows + "\n")
    assert any(e.startswith(expected) for e in errors), errors
    assert results_snapshot(counted) == before


STATIONS = (
    "constituency,station,list,candidate,votes\n"
    "الواحة,W-1,101,1,1000\nالواحة,W-1,101,2,400\nالواحة,W-1,101,,1600\n"
    "الواحة,W-1,102,1,900\nالواحة,W-1,102,,950\nالواحة,W-1,,,2550\n"
    "الواحة,W-2,101,1,2100\nالواحة,W-2,101,2,1000\nالواحة,W-2,101,,3600\n"
    "الواحة,W-2,102,1,1700\nالواحة,W-2,102,2,1600\nالواحة,W-2,102,,3750\n"
    "الواحة,W-2,103,1,1500\nالواحة,W-2,103,,1900\nالواحة,W-2,,,9250\n"
)


def test_station_votes_add_up_to_list_and_candidate_results(election):
    summary = import_bytes(election, "stations", STATIONS)
    assert summary.counts["stations"] == 2
    assert summary.rows == 15
    waha = Constituency.objects.get(code="waha")
    votes = dict(
        ListResult.objects.filter(constituency=waha).values_list("electoral_list__number", "votes")
    )
    assert votes == {101: 5200, 102: 4700, 103: 1900}
    assert CandidateResult.objects.get(candidate__name="علي النخلة").votes == 3100
    assert CandidateResult.objects.get(candidate__name="نور الغدير").votes == 1600
    assert sorted(PollingStation.objects.values_list("code", "votes")) == [
        ("W-1", 2550),
        ("W-2", 9250),
    ]


def test_a_station_total_that_does_not_add_up(election):
    text = STATIONS.replace("الواحة,W-2,,,9250", "الواحة,W-2,,,9251")
    assert errors_of(election, "stations", text) == [
        "Line 8, column “station”: Station W-2 does not add up: its total row says 9251 "
        "votes, its list rows add up to 9250."
    ]
    assert not ListResult.objects.exists() and not PollingStation.objects.exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "الواحة,W-2,101,1,2100",
            "الواحة,W-2,101,1,-2100",
            "Line 8, column “votes”: The votes “-2100” are negative.",
        ),
        (
            "الواحة,W-2,101,1,2100",
            "الواحة,W-2,105,1,2100",
            "Line 8, column “list”: No list of this election is “105”.",
        ),
        (
            "الواحة,W-2,101,1,2100",
            "الحقول,W-2,101,1,2100",
            "Line 8, column “constituency”: No constituency of this election is “الحقول”.",
        ),
        (
            "الواحة,W-2,101,1,2100",
            "الواحة,W-2,101,7,2100",
            "Line 8, column “candidate”: List “تحالف النجمة” has no candidate “7” in الواحة.",
        ),
    ],
)
def test_bad_station_rows(election, old, new, expected):
    errors = errors_of(election, "stations", STATIONS.replace(old, new))
    assert errors[0] == expected, errors
    assert not ListResult.objects.exists() and not PollingStation.objects.exists()


def test_a_station_code_of_another_constituency_is_refused(election):
    import_bytes(election, "stations", STATIONS)
    other = "constituency,station,list,candidate,votes\nالرافدين,W-1,101,1,10\n"
    assert errors_of(election, "stations", other) == [
        "Line 2, column “station”: Station W-1 is already recorded in الواحة."
    ]
    assert PollingStation.objects.count() == 2


def test_station_file_in_another_column_order_and_utf16(election):
    rows = [line.split(",") for line in STATIONS.strip().split("\n")]
    reordered = "\n".join(",".join([r[4], r[2], r[3], r[1], r[0]]) for r in rows) + "\n"
    import_bytes(election, "stations", reordered.encode("utf-16"))
    assert ListResult.objects.get(electoral_list__number=101).votes == 5200


def test_station_file_in_windows_1256_with_semicolons(election):
    text = STATIONS.replace(",", ";").replace("W-", "")
    summary = import_bytes(election, "stations", text.encode("cp1256"))
    assert summary.encoding == "Windows-1256"
    assert PollingStation.objects.count() == 2


def test_dry_run_writes_nothing(election):
    summary = import_bytes(election, "stations", STATIONS, dry_run=True)
    assert summary.dry_run and summary.counts["stations"] == 2
    assert not ListResult.objects.exists() and not PollingStation.objects.exists()


def test_official_seats_file(allocated):
    import_file(allocated, "official", "official.csv")
    assert OfficialSeats.objects.filter(constituency__code="rafidain").count() == 3


def test_certified_elections_refuse_imports(allocated):
    allocated.certified_at = timezone.now()
    allocated.save()
    errors = errors_of(allocated, "lists", LISTS_HEADER + "الواحة,101,5\n")
    assert errors == ["This election's result is certified: nothing can change."]


def test_imports_are_audited_without_personal_values(counted):
    actions = list(
        AuditEntry.objects.filter(action__startswith="election.").values_list("action", "data")
    )
    assert (
        "election.roster_saved",
        {"lists_created": 4, "parties_created": 2, "candidates_created": 16},
    ) in actions
    assert all("سامر" not in json.dumps(data, ensure_ascii=False) for _a, data in actions)


def test_golden_fictional_election(allocated):
    """The fictional files, end to end: the seats as the golden file records them."""
    expected = json.loads((FICTIONAL / "expected-seats.json").read_text())
    got = {}
    for seat in allocated.current_run.seats.select_related(
        "candidate", "constituency", "electoral_list"
    ).order_by("constituency__code", "position"):
        got.setdefault(seat.constituency.code, []).append(
            [seat.candidate.name, seat.electoral_list.number, seat.basis]
        )
    assert got == expected


def test_services_refuse_another_elections_constituency(counted):
    other = new_election(name="أخرى")
    with pytest.raises(ValueError):
        services.list_results_replace(
            actor=ACTOR,
            election=other,
            votes={Constituency.objects.filter(election=counted).first().pk: {}},
        )


def test_services_refuse_a_code_and_a_name_of_two_constituencies(election):
    row = services.ConstituencyInput(name="الواحة", code="rafidain", seats=5)
    with pytest.raises(ValidationError, match="rafidain"):
        services.constituencies_save(actor=ACTOR, election=election, rows=[row])
    assert election.constituencies.get(code="rafidain").name == "الرافدين"


def test_list_party_names_fold(election):
    text = (
        ROSTER_HEADER.replace("community", "party") + "الواحة,تحالف النجمة,3,اسم,male,حزب الضوء\n"
    )
    import_bytes(election, "roster", text)
    assert ListParty.objects.filter(name="حزب الضوء").count() == 1


def test_the_roster_service_refuses_a_list_number_taken_by_another_list(election):
    rafidain = Constituency.objects.get(code="rafidain")
    entry = services.CandidateInput(
        constituency=rafidain,
        list_name="قائمة أخرى",
        list_number=101,
        number=1,
        name="اسم",
        gender="male",
    )
    with pytest.raises(ValidationError, match="The number 101 belongs to the list"):
        services.roster_save(actor=ACTOR, election=election, entries=[entry])


# --- Hostile files (the fuzz tests' findings) -----------------------------------------------------


def test_a_nul_byte_gives_a_clear_error_and_imports_nothing(election):
    text = STATIONS.replace("الواحة,W-2,101,1,2100", "الواحة,W-2,101,1,2100\x00")
    assert errors_of(election, "stations", text) == [
        "Line 8: This line holds a zero byte (NUL), which text never holds: the file is "
        "damaged, or it is not a text file."
    ]
    assert not PollingStation.objects.exists()


def test_binary_junk_is_not_read_as_windows_1256(election):
    assert errors_of(election, "lists", bytes(range(128, 256)) * 3) == [
        "The file is not UTF-8 text. Save it as “CSV UTF-8” in your spreadsheet and try again."
    ]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "constituencies",
            "constituency,seats\nالنجف,99999\n",
            "Line 2, column “seats”: “99999” is above 1,000.",
        ),
        (
            "constituencies",
            "constituency,seats,women_seats\nالنجف,12," + "9" * 50 + "\n",
            "Line 2, column “women_seats”: “99999999999999999999999999999999999999999999999999” is "
            "above 1,000.",
        ),
        (
            "constituencies",
            "constituency,seats,women_seats\nالنجف,12," + "9" * 5000 + "\n",
            "Line 2, column “women_seats”: At most 300 characters are allowed; this has 5000.",
        ),
        (
            "constituencies",
            "constituency,seats,name_en\nالنجف,12," + "N" * 250 + "\n",
            "Line 2, column “name_en”: At most 200 characters are allowed; this has 250.",
        ),
        (
            "constituencies",
            "constituency,seats\n!!!,12\n",
            "Line 2, column “constituency”: A constituency needs a name.",
        ),
        (
            "lists",
            LISTS_HEADER + "الواحة,101," + "9" * 30 + "\n",
            "Line 2, column “votes”: “999999999999999999999999999999” votes are more than any "
            "constituency has.",
        ),
        (
            "lists",
            LISTS_HEADER + "الواحة," + "1" * 200 + ",5\n",
            "Line 2, column “list”: No list of this election is “1111",
        ),
        (
            "official",
            "constituency,list,seats\nالواحة,101,2\nالواحة,102,2\n",
            "Line 2, column “seats”: 4 seats announced, but الواحة has only 3.",
        ),
        (
            "roster",
            ROSTER_HEADER.replace("community", "list_number")
            + "الواحة,قائمة أ,1,اسم,male,301\nالواحة,قائمة ب,1,اسم,male,301\n",
            "Line 3, column “list_number”: Line 2 gives the number 301 to the list “قائمة أ”.",
        ),
        (
            "roster",
            ROSTER_HEADER + "الواحة,قائمة,1,...,male,\n",
            "Line 2, column “name”: A candidate needs a name.",
        ),
        (
            "lists",
            LISTS_HEADER + '"الواحة' + ",101,5\n" * 30_000,
            "Line 2: A cell is longer than 131072 characters",
        ),
        ("lists", LISTS_HEADER + "x" * 200_000, "Line 2: This line is longer than 131072"),
    ],
)
def test_hostile_cells_name_their_line_and_write_nothing(election, kind, text, expected):
    before = results_snapshot(election), Constituency.objects.count(), Candidate.objects.count()
    errors = errors_of(election, kind, text)
    assert errors[0].startswith(expected), errors
    assert all(len(e) < 1100 for e in errors)
    after = results_snapshot(election), Constituency.objects.count(), Candidate.objects.count()
    assert after == before


def test_a_code_of_one_constituency_with_the_name_of_another_is_refused(election):
    errors = errors_of(election, "constituencies", "constituency,code,seats\nالواحة,rafidain,4\n")
    assert errors == [
        "Line 2, column “constituency”: The code “rafidain” is the constituency الرافدين, but "
        "الواحة is another."
    ]
    assert Constituency.objects.get(code="rafidain").name == "الرافدين"


def test_station_votes_too_big_for_a_running_total_are_refused(election):
    # 2**32 votes would have spilled into the running total's row count.
    text = STATIONS.replace("الواحة,W-1,101,1,1000", "الواحة,W-1,101,1,4294967296")
    errors = errors_of(election, "stations", text)
    assert errors[0] == (
        "Line 2, column “votes”: “4294967296” votes are more than any constituency has."
    )
    assert not ListResult.objects.exists()


def test_a_station_code_too_long_for_the_database_is_refused(election):
    text = STATIONS.replace("W-1", "W" * 120)
    assert errors_of(election, "stations", text)[0] == (
        "Line 2, column “station”: At most 100 characters are allowed; this has 120."
    )


def test_a_quoted_cell_without_its_closing_quote_in_a_station_file(election):
    text = STATIONS.replace("الواحة,W-2,101,1,2100", '"الواحة,W-2,101,1,2100') * 20
    errors = errors_of(election, "stations", text.replace(STATIONS.split("\n")[0] + "\n", "", 19))
    assert errors and all(e.startswith("Line ") for e in errors)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_station_files_read_the_same_in_every_encoding_and_line_break(election, newline, codec):
    text = STATIONS.replace("\n", newline)
    summary = import_bytes(election, "stations", text.encode(codec), dry_run=True)
    assert (summary.rows, summary.counts["stations"]) == (15, 2)


def test_arabic_thousands_separators_and_persian_digits(election):
    import_bytes(election, "lists", LISTS_HEADER + "الواحة,١٠١,٥٬٢٠٠\nالواحة,۱۰۲,۴۷۰۰\n")
    assert sorted(ListResult.objects.values_list("votes", flat=True)) == [4700, 5200]


def test_too_many_rows_stop_the_reading(election, monkeypatch):
    from jisr.elections.importers import base

    monkeypatch.setattr(base, "MAX_ROWS", 3)
    errors = errors_of(election, "lists", LISTS_HEADER + "الواحة,101,5\n" * 10)
    assert errors == [
        "The file has more than 3 rows, more than one import may hold. Split it into smaller files."
    ]
