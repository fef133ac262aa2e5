"""The streaming reader and the station aggregator, without a database: the fast path must
give exactly what a plain csv-module reading gives, whatever the chunking."""

import codecs
import csv
import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jisr.core.text.decoding import CP1256, UTF8, UTF8_BOM, UTF16, DecodeFailed, TextSource
from jisr.elections.stations import (
    MAX_VOTES,
    ConstituencyIndex,
    Problem,
    StationAggregator,
    parse_votes,
)

# Two constituencies; lists 101 and 102 with candidates 1-3 each.
LISTS = ["101", "102"]
CANDIDATES = [(lst, str(n)) for lst in LISTS for n in range(1, 4)]


def index(name: str) -> ConstituencyIndex:
    keys = {f"{lst},{n}": i for i, (lst, n) in enumerate(CANDIDATES)}
    keys.update({f"{lst},": len(CANDIDATES) + j for j, lst in enumerate(LISTS)})
    keys[","] = len(CANDIDATES) + len(LISTS)
    return ConstituencyIndex(
        ref=name,
        label=name,
        candidates=len(CANDIDATES),
        lists=len(LISTS),
        keys=keys,
        candidate_list=[LISTS.index(lst) for lst, _n in CANDIDATES],
        list_labels=LISTS,
    )


def aggregate(text: str, *, chunk: int = 1 << 20, encoding: str = "utf-8", fast: bool = True):
    indexes = {"بغداد": index("بغداد"), "النجف": index("النجف")}

    def constituency(text):
        return indexes.get(text) or Problem(None, "constituency", "unknown_constituency", {})

    def resolve(idx, list_text, candidate_text, line):
        digits = candidate_text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
        key = f"{list_text},{digits}"
        if key in idx.keys:
            return idx.keys[key]
        return Problem(line, "candidate", "unknown_candidate", {"value": candidate_text})

    data = text.encode(encoding)
    source = TextSource(io.BytesIO(data), size=len(data), chunk=chunk)
    pieces = source.chunks()
    first = next(pieces)
    _header, _nl, rest = first.partition("\n")
    aggregator = StationAggregator(constituency=constituency, resolve=resolve)
    body = itertools.chain([rest], pieces)
    if fast:
        aggregator.read_fast(source, body, 2)
    else:
        lines = (line + "\n" for piece in body for line in piece.split("\n"))
        aggregator.read_rows(csv.reader(lines), 2)
    return aggregator, {i.ref: i for i in aggregator.results()}, source


HEADER = "constituency,station,list,candidate,votes\n"


def station_rows(name, code, votes: dict, *, list_rows=True, total=True, extra=0):
    rows, station_total = [], 0
    for lst in LISTS:
        listed = 0
        for n in range(1, 4):
            v = votes.get((lst, str(n)))
            if v is not None:
                rows.append(f"{name},{code},{lst},{n},{v}")
                listed += v
        if list_rows:
            rows.append(f"{name},{code},{lst},,{listed + extra}")
        station_total += listed + (extra if list_rows else 0)
    if total:
        rows.append(f"{name},{code},,,{station_total}")
    return rows


def test_adds_up_candidates_lists_and_stations():
    rows = station_rows("بغداد", "1001", {("101", "1"): 10, ("101", "2"): 5, ("102", "1"): 7})
    rows += station_rows("بغداد", "1002", {("101", "1"): 1, ("102", "3"): 4}, extra=2)
    rows += station_rows("النجف", "2001", {("102", "2"): 9})
    aggregator, totals, _ = aggregate(HEADER + "\n".join(rows) + "\n")
    assert aggregator.problems == []
    assert totals["بغداد"].candidate_votes == [11, 5, 0, 7, 0, 4]
    assert totals["بغداد"].list_votes == [18, 13]  # 10+5 + 1+2 ; 7 + 4+2
    assert totals["النجف"].candidate_votes == [0, 0, 0, 0, 9, 0]
    assert [(s.code, s.votes) for s in aggregator.stations] == [
        ("1001", 22),
        ("1002", 9),
        ("2001", 9),
    ]
    assert aggregator.rows == len(rows)


def test_without_list_rows_list_votes_are_the_candidates_sums():
    rows = station_rows("بغداد", "1", {("101", "1"): 3, ("102", "2"): 4}, list_rows=False)
    aggregator, totals, _ = aggregate(HEADER + "\n".join(rows))
    assert aggregator.problems == []
    assert totals["بغداد"].list_votes == [3, 4]


@pytest.mark.parametrize(
    ("line", "key", "column"),
    [
        ("بغداد,1,101,1,-5", "votes_negative", "votes"),
        ("بغداد,1,101,1,−5", "votes_negative", "votes"),
        ("بغداد,1,101,1,abc", "votes_not_a_number", "votes"),
        ("بغداد,1,101,1,", "votes_empty", "votes"),
        ("بغداد,1,101,9,5", "unknown_candidate", "candidate"),
        ("الموصل,1,101,1,5", "unknown_constituency", "constituency"),
        ("بغداد,1,101,1", "cells", ""),
        ("بغداد,1,101,1,5,6", "cells", ""),
    ],
)
def test_bad_rows_name_their_line_and_column(line, key, column):
    text = HEADER + "بغداد,1,101,2,1\nبغداد,1,101,3,2\n" + line + "\n"
    aggregator, _totals, _ = aggregate(text)
    assert [(p.line, p.column, p.key) for p in aggregator.problems] == [(4, column, key)]


def test_arabic_indic_digits_and_separators_are_valid():
    text = HEADER + 'بغداد,١,101,١,٥\nبغداد,١,101,2,"1,200"\nبغداد,١,101,3,۱۲\n'
    aggregator, totals, _ = aggregate(text)
    assert aggregator.problems == []
    assert totals["بغداد"].candidate_votes[:3] == [5, 1200, 12]
    assert aggregator.stations[0].code == "1"


@pytest.mark.parametrize(
    ("rows", "key"),
    [
        (["بغداد,1,101,1,5", "بغداد,1,101,,5", "بغداد,1,,,6"], "total_mismatch_lists"),
        (["بغداد,1,101,1,5", "بغداد,1,,,6"], "total_mismatch_candidates"),
        (["بغداد,1,101,1,5", "بغداد,1,,,5", "بغداد,1,,,5"], "total_twice"),
        (["بغداد,1,101,,5", "بغداد,1,101,,5"], "list_row_twice"),
        (["بغداد,1,101,1,5", "بغداد,1,101,,5", "بغداد,2,101,1,3"], "list_rows_missing"),
        (["بغداد,1,101,1,5", "بغداد,2,101,1,3", "بغداد,2,101,,3"], "list_rows_unexpected"),
        (["بغداد,1,101,1,5", "بغداد,2,101,1,3", "بغداد,1,101,2,3"], "station_again"),
        (["بغداد,1,101,1,5", "النجف,1,101,1,3"], "station_again"),
    ],
)
def test_stations_that_do_not_add_up(rows, key):
    aggregator, _totals, _ = aggregate(HEADER + "\n".join(rows) + "\n")
    assert key in [p.key for p in aggregator.problems]
    problem = next(p for p in aggregator.problems if p.key == key)
    assert problem.column == "station"
    assert problem.line >= 2


def test_a_list_whose_rows_count_fewer_votes_than_its_candidates_overall():
    aggregator = StationAggregator(constituency=lambda t: index(t), resolve=None)
    idx = aggregator._constituency_of("بغداد")
    idx.totals[0] = 10 + (1 << 32)
    idx.totals[len(CANDIDATES)] = 4 + (1 << 32)
    idx.first_line = 2
    aggregator.constituencies[id(idx)] = idx
    aggregator._with_list_rows = True
    aggregator.results()
    assert [p.key for p in aggregator.problems] == ["list_below_candidates"]


def test_a_quoted_cell_switches_to_the_csv_module_for_the_rest():
    text = HEADER + "بغداد,1,101,1,5\n" + '"بغداد",1,101,2,"3"\nبغداد,1,101,3,"1,000"\n'
    aggregator, totals, _ = aggregate(text)
    assert aggregator.problems == []
    assert totals["بغداد"].candidate_votes[:3] == [5, 3, 1000]


def test_blank_lines_and_crlf_are_fine():
    text = HEADER.replace("\n", "\r\n") + "بغداد,1,101,1,5\r\n\r\nبغداد,1,101,2,3\r\n"
    aggregator, totals, _ = aggregate(text)
    assert aggregator.problems == []
    assert totals["بغداد"].candidate_votes[:2] == [5, 3]


@pytest.mark.parametrize(
    ("encoding", "label", "prefix"),
    [
        ("utf-8", UTF8, b""),
        ("utf-8", UTF8_BOM, codecs.BOM_UTF8),
        ("utf-16", UTF16, b""),
        ("utf-16-le", UTF16, b""),
        ("cp1256", CP1256, b""),
    ],
)
def test_encodings(encoding, label, prefix):
    text = HEADER + "بغداد,1,101,1,5\nبغداد,1,101,2,3\n"
    data = prefix + text.encode(encoding)
    source = TextSource(io.BytesIO(data), chunk=7)
    assert source.encoding == label
    assert "\n".join(source.chunks()).rstrip("\n") == text.rstrip("\n")


def test_broken_utf8_among_arabic_is_refused_with_its_line():
    data = (HEADER + "بغداد,1,101,1,5\n" * 20).encode() + b"\xff\xfe,1\n"
    with pytest.raises(DecodeFailed) as caught:
        list(TextSource(io.BytesIO(data)).chunks())
    assert caught.value.key == "utf8_damaged"
    assert caught.value.line == 22


def test_broken_utf8_later_in_the_file_names_its_line():
    good = (HEADER + "بغداد,1,101,1,5\n" * 20000).encode()
    data = good + b"\xd8\n"
    with pytest.raises(DecodeFailed) as caught:
        list(TextSource(io.BytesIO(data), chunk=4096).chunks())
    assert caught.value.key == "not_encoding"
    assert caught.value.line == 20002


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", (12, None)),
        ("٥٦٬٤٣٦", (56436, None)),
        ("56,436", (56436, None)),
        ("۴۰۳۱۳", (40313, None)),
        (" 7 ", (7, None)),
        ("", (None, "empty")),
        ("-1", (None, "negative")),
        ("1.5", (None, "not_a_number")),
        ("x", (None, "not_a_number")),
    ],
)
def test_parse_votes(text, expected):
    assert parse_votes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{MAX_VOTES}", (MAX_VOTES, None)),
        (f"{MAX_VOTES:,}", (MAX_VOTES, None)),
        ("0000000000000007", (7, None)),
        (f"{MAX_VOTES + 1}", (None, "too_big")),
        ("4,294,967,296", (None, "too_big")),
        ("9" * 5000, (None, "too_big")),
    ],
)
def test_no_number_of_votes_overflows_a_running_total(text, expected):
    # A running total keeps its row count above bit 32: votes past it would count rows.
    assert parse_votes(text) == expected


# --- The fast path gives what the careful path gives -------------------------------------------

digits = st.sampled_from(["ascii", "arabic"])
station = st.dictionaries(
    st.sampled_from(CANDIDATES), st.integers(min_value=0, max_value=5000), min_size=1
)


def _arabic(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


@settings(max_examples=60, deadline=None)
@given(
    stations=st.lists(
        st.tuples(st.sampled_from(["بغداد", "النجف"]), station), min_size=1, max_size=12
    ),
    list_rows=st.booleans(),
    chunk=st.integers(min_value=3, max_value=200),
    style=digits,
    crlf=st.booleans(),
)
def test_fast_path_equals_csv_module_whatever_the_chunks(stations, list_rows, chunk, style, crlf):
    rows = []
    for number, (name, votes) in enumerate(stations, start=1):
        for row in station_rows(name, str(1000 + number), votes, list_rows=list_rows):
            if style == "arabic":
                head, _, value = row.rpartition(",")
                row = f"{head},{_arabic(int(value))}"
            rows.append(row)
    text = HEADER + "\n".join(rows) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    fast, fast_totals, _ = aggregate(text, chunk=chunk)
    slow, slow_totals, _ = aggregate(text, fast=False)
    assert fast.problems == slow.problems == []
    assert fast_totals.keys() == slow_totals.keys()
    for name in fast_totals:
        assert fast_totals[name].candidate_votes == slow_totals[name].candidate_votes
        assert fast_totals[name].list_votes == slow_totals[name].list_votes
    assert fast.stations == slow.stations
    expected = {}
    for name, votes in stations:
        for (lst, n), v in votes.items():
            key = (name, lst, n)
            expected[key] = expected.get(key, 0) + v
    for (name, lst, n), v in expected.items():
        assert fast_totals[name].candidate_votes[CANDIDATES.index((lst, n))] == v


def test_list_rows_with_fewer_votes_than_their_candidates_are_refused():
    rows = ["بغداد,1,101,1,5", "بغداد,1,101,,4", "بغداد,1,,,4"]
    aggregator, _totals, _ = aggregate(HEADER + "\n".join(rows) + "\n")
    assert [(p.line, p.column, p.key) for p in aggregator.problems] == [
        (2, "list", "list_below_candidates")
    ]
    assert aggregator.problems[0].values["list"] == "101"
