"""`jisr elections allocate`: the stable command-line contract others script against."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jisr.elections.allocate_cli import main, parse_count

DATA = Path(__file__).parent / "data"
NAJAF = DATA / "najaf-2025.csv"
NAJAF_SEATS = {
    "Reconstruction and Development": 2,
    "National State Forces": 2,
    "State of Law": 2,
    "Sadiqoon": 2,
    "Khadamat": 1,
    "Abshir": 1,
    "Asas": 1,
    "Ishraqat": 1,
    "Badeel": 0,
    "Badr": 0,
    "Huqooq": 0,
}


def run(capsys, *args):
    status = main(["allocate", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def csv_file(tmp_path, text, name="votes.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jisr_elections_allocate_runs_without_django_or_a_database(tmp_path):
    data_dir = tmp_path / "no-database-here"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "JISR_", "DATABASE"))
    }
    env |= {"JISR_DATA_DIR": str(data_dir), "DATABASE_URL": "postgres://nobody@invalid/none"}
    options = ["--seats", "12", "--first-divisor", "1.7", "--json"]
    result = subprocess.run(
        [sys.executable, "-m", "jisr.cli", "elections", "allocate", str(NAJAF), *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["seats"] == NAJAF_SEATS
    assert not data_dir.exists()


def test_json_has_seats_quotients_cutoff_margins_and_explanations(capsys):
    status, out, err = run(capsys, NAJAF, "--seats", 12, "--first-divisor", "1.7", "--json")
    assert status == 0 and err == ""
    result = json.loads(out)
    assert result["seats"] == NAJAF_SEATS
    assert result["method"] == "sainte-lague" and result["first_divisor"] == "1.7"
    assert result["divisors"][:3] == ["1.7", "3", "5"]
    assert len(result["quotients"]) == 11 * 12
    first = result["quotients"][0]
    assert first == {
        "list": "Reconstruction and Development",
        "votes": 56436,
        "divisor": "1.7",
        "quotient": pytest.approx(33197.647),
        "quotient_exact": "564360/17",
        "seat": 1,
    }
    assert result["last_winning"]["list"] == "Sadiqoon"
    assert result["last_winning"]["quotient_exact"] == "40313/3"
    assert result["first_losing"]["list"] == "Reconstruction and Development"
    assert result["margin"] == {
        "list": "Reconstruction and Development",
        "votes_needed": 10753,
        "seat_from": "Sadiqoon",
    }
    assert result["margins"]["Khadamat"] == 7332
    assert set(result["explanation"]) == {"ar", "en"}
    assert result["decisions"] == [] and result["seed"] is None


def test_the_table_is_readable(capsys):
    status, out, _ = run(capsys, NAJAF, "--seats", "12", "--first-divisor", "1.7")
    assert status == 0
    assert out.startswith("Modified Sainte-Laguë (divisors 1.7, 3, 5, 7, …): 12 seats")
    row = next(line for line in out.splitlines() if line.startswith("Sadiqoon"))
    assert row.split()[1:5] == ["40,313", "2", "23,713.53*", "13,437.67*"]
    assert "Last winning: 13,437.67 (Sadiqoon, 40,313 ÷ 3)" in out
    assert "Margin: Reconstruction and Development needed 10,753 more votes" in out
    assert "سانت ليغو المعدّلة" in out


def test_the_default_is_sainte_lague_with_first_divisor_1(capsys):
    status, out, _ = run(capsys, NAJAF, "--seats", 12, "--json")
    result = json.loads(out)
    assert status == 0 and result["first_divisor"] == "1"
    assert sum(result["seats"].values()) == 12
    assert result["seats"]["Badeel"] == 1  # a smaller first divisor helps small lists


@pytest.mark.parametrize(("method", "badr"), [("dhondt", 0), ("hare", 1), ("droop", 0)])
def test_every_method_is_selectable(capsys, method, badr):
    status, out, _ = run(capsys, NAJAF, "--seats", 12, "--method", method, "--json")
    result = json.loads(out)
    assert status == 0 and result["method"] == method
    assert sum(result["seats"].values()) == 12 and result["seats"]["Badr"] == badr


def test_a_bom_arabic_names_and_arabic_indic_and_persian_digits_are_read(capsys):
    path = DATA / "najaf-2025-arabic.csv"
    status, out, err = run(capsys, path, "--seats", "١٢", "--first-divisor", "١٫٧", "--json")
    assert status == 0, err
    assert list(json.loads(out)["seats"].values()) == list(NAJAF_SEATS.values())
    assert "الإعمار والتنمية" in json.loads(out)["seats"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("56436", 56436), ("56,436", 56436), ("٥٦٤٣٦", 56436), ("۵۶۴۳۶", 56436), ("٥٦٬٤٣٦", 56436)],
)
def test_vote_counts_in_every_script(text, expected):
    assert parse_count(text, "votes") == expected


def test_constituencies_mode(capsys):
    status, out, err = run(
        capsys,
        DATA / "constituencies.csv",
        "--constituencies",
        "--seats-file",
        DATA / "seats.csv",
        "--first-divisor",
        "1.7",
        "--json",
    )
    assert status == 0, err
    result = json.loads(out)
    assert result["constituencies"]["Najaf"]["seats"] == NAJAF_SEATS
    fictional = result["constituencies"]["Fictional Governorate"]["seats"]
    assert fictional == {"State of Law": 3, "Badr": 2, "Independents": 0}
    assert result["seats"]["State of Law"] == 5 and result["seats"]["Badr"] == 2
    assert result["seats_total"] == 17
    status, out, _ = run(
        capsys, DATA / "constituencies.csv", "--constituencies", "--seats-file", DATA / "seats.csv"
    )
    assert status == 0 and "== Najaf ==" in out and "== All constituencies ==" in out


def test_ties_follow_the_organizers_lot_or_a_seed_that_is_shown(capsys, tmp_path):
    path = csv_file(tmp_path, "list,votes\nA,400\nB,100\nC,100\n")
    _, out, _ = run(capsys, path, "--seats", 3, "--lot", "C", "--lot", "B", "--json")
    result = json.loads(out)
    assert result["seats"] == {"A": 2, "B": 0, "C": 1}
    assert result["decisions"][0]["rule"] == "lot/organizer"
    _, out, _ = run(capsys, path, "--seats", 3, "--json")
    seed = json.loads(out)["seed"]
    assert isinstance(seed, int)
    _, again, _ = run(capsys, path, "--seats", 3, "--seed", seed, "--json")
    assert json.loads(again)["seats"] == json.loads(out)["seats"]
    _, text, _ = run(capsys, path, "--seats", 3, "--seed", 42)
    assert "Lot: seeded draw, seed 42" in text


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("list,votes\nA,10\nB,-5\n", (), "votes.csv, line 3: votes '-5' is negative"),
        ("list,votes\nA,10\nB,many\n", (), "votes.csv, line 3: votes 'many' is not a number"),
        ("list,votes\nA,10.5\n", (), "votes.csv, line 2: votes '10.5' is not a whole number"),
        ("list,votes\nA,\n", (), "votes.csv, line 2: votes is empty"),
        ("list,votes\nA,1\n\nA,2\n", (), "line 4: list 'A' appears twice (first on line 2)"),
        ("list,votes\n,5\n", (), "votes.csv, line 2: the list name is empty"),
        ("list,votes\nA,1,2\n", (), "line 2: expected 2 fields (list,votes), found 3"),
        ("party,votes\nA,1\n", (), "line 1: unexpected column 'party': expected list,votes"),
        ("list\nA\n", (), "votes.csv, line 1: the header lacks votes"),
        ("", (), "votes.csv: the file is empty"),
        ("list,votes\nA,0\nB,0\n", (), "votes.csv: no list has any votes"),
        (
            "list,votes,candidates\nA,100,1\nB,50,1\n",
            (),
            "votes.csv: more seats (3) than candidates on the lists with votes (2)",
        ),
        ("list,votes\nA,10\nB,5\n", ("--lot", "Z"), "--lot names 'Z', which is not a list"),
        (
            "constituency,list,votes\nX,A,1\n",
            (),
            "unexpected column 'constituency': expected list,votes (for constituency,list,votes"
            " use --constituencies)",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_line_and_prints_no_result(
    capsys, tmp_path, content, args, message
):
    path = csv_file(tmp_path, content)
    status, out, err = run(capsys, path, "--seats", 3, *args)
    assert status == 2
    assert out == ""
    assert message in err and err.count("\n") == 1


def test_unknown_and_empty_constituencies_are_refused(capsys, tmp_path):
    seats = csv_file(tmp_path, "constituency,seats\nNajaf,12\nBasra,25\n", "seats.csv")
    votes = csv_file(tmp_path, "constituency,list,votes\nNajaf,A,5\nKufa,B,6\n")
    status, out, err = run(capsys, votes, "--constituencies", "--seats-file", seats)
    assert (status, out) == (2, "")
    assert "votes.csv, line 3: unknown constituency 'Kufa' (it is not in" in err
    votes = csv_file(tmp_path, "constituency,list,votes\nNajaf,A,5\n")
    status, out, err = run(capsys, votes, "--constituencies", "--seats-file", seats)
    assert (status, out) == (2, "")
    assert "seats.csv, line 3: constituency 'Basra' has no votes in" in err


def test_a_missing_file_and_an_undecodable_file_are_explained(capsys, tmp_path):
    status, out, err = run(capsys, tmp_path / "absent.csv", "--seats", 3)
    assert (status, out) == (2, "") and "absent.csv: cannot read the file" in err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("list,votes\nCaf\xe9,1\n".encode("latin-1"))
    status, out, err = run(capsys, latin1, "--seats", 3)
    assert (status, out) == (2, "") and "latin1.csv, line 2: is not UTF-8 text" in err


@pytest.mark.parametrize(
    "args",
    [
        ("--method", "hare", "--first-divisor", "1.7"),
        ("--first-divisor", "3"),
        ("--first-divisor", "abc"),
        ("--seats", "0"),
        ("--seats", "12", "--constituencies"),
        ("--lot", "A", "--seed", "4"),
    ],
)
def test_option_mistakes_exit_2(capsys, args):
    argv = ["allocate", str(NAJAF), *args]
    if "--seats" not in args:
        argv += ["--seats", "12"]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "error:" in err
