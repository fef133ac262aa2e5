"""``jisr elections allocate``: seats from a CSV of votes. Standard library only, no Django,
so it works before any database exists. The contract (docs/elections-allocation.md):

    jisr elections allocate INPUT.csv --seats N [--method sainte-lague|dhondt|hare|droop]
        [--first-divisor D] [--json] [--lot NAME ... | --seed N]
    jisr elections allocate INPUT.csv --constituencies --seats-file SEATS.csv [same options]

INPUT.csv has the header ``list,votes`` (optionally ``candidates``), or with
--constituencies ``constituency,list,votes``; SEATS.csv has ``constituency,seats``. Bad
input exits with status 2 and one message on stderr naming the file and line; nothing is
printed on stdout then.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import secrets
import sys
import textwrap
from collections.abc import Iterator, Sequence
from fractions import Fraction

from jisr.core.text.digits import to_ascii_digits, whole_number_digits
from jisr.elections.allocation import (
    HIGHEST_AVERAGES,
    Allocation,
    AllocationError,
    ListVotes,
    Lot,
    Method,
    Quotient,
    Remainder,
    allocate,
    divisors_for,
    exact_text,
    method_name,
)

BAD_INPUT = 2
METHODS = ("sainte-lague", "dhondt", "hare", "droop")
MAX_QUOTIENT_COLUMNS = 8
_DECIMAL = re.compile(r"\d+(\.\d+)?")


class InputError(Exception):
    """Bad input, said in one line that names the file and, when known, the line."""

    def __init__(self, path: str, message: str, *, line: int | None = None):
        where = path if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {message}")


# --- Numbers as organizers type them --------------------------------------------------------------


def parse_count(text: str, what: str) -> int:
    """Return the whole number in text: ASCII, Arabic-Indic (٠-٩) or Persian (۰-۹) digits,
    with or without thousands separators (56,436 or ٥٦٬٤٣٦)."""
    raw = to_ascii_digits(text).strip()
    if not raw:
        raise ValueError(f"{what} is empty")
    if raw[0] in "-−":
        raise ValueError(f"{what} '{text.strip()}' is negative")
    digits = whole_number_digits(raw)
    if digits is not None:
        return int(digits)
    if _DECIMAL.fullmatch(raw.replace(",", "")):
        raise ValueError(f"{what} '{text.strip()}' is not a whole number")
    raise ValueError(f"{what} '{text.strip()}' is not a number")


def _seats_argument(text: str) -> int:
    try:
        seats = parse_count(text, "the number of seats")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if seats < 1:
        raise argparse.ArgumentTypeError("the number of seats must be at least 1")
    return seats


def _divisor_argument(text: str) -> Fraction:
    raw = to_ascii_digits(text).strip()
    if not _DECIMAL.fullmatch(raw):
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive decimal number such as 1.7")
    return Fraction(raw)


def _seed_argument(text: str) -> int:
    try:
        return parse_count(text, "the seed")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# --- Reading the CSV files ------------------------------------------------------------------------


def read_table(
    path: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each non-blank row of a UTF-8 CSV file (a byte-order
    mark is fine) whose header has the ``required`` columns, in any order."""
    expected = ",".join(required)
    try:
        raw = open(path, "rb").read()  # noqa: SIM115 - a one-shot read
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(path, "is not UTF-8 text", line=line) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise InputError(path, f"the file is empty: expected the header {expected}")
        columns = [to_ascii_digits(cell).strip().lower() for cell in header]
        _check_header(path, reader.line_num, columns, required, optional)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise InputError(
                    path,
                    f"expected {len(columns)} fields ({','.join(columns)}), found {len(row)}",
                    line=reader.line_num,
                )
            yield reader.line_num, {c: cell.strip() for c, cell in zip(columns, row, strict=True)}
    except csv.Error as error:
        raise InputError(path, f"is not valid CSV ({error})", line=reader.line_num) from None


def _check_header(path, line, columns, required, optional) -> None:
    expected = ",".join(required)
    for column in columns:
        if columns.count(column) > 1:
            raise InputError(path, f"the column '{column}' appears twice", line=line)
        if column not in (*required, *optional):
            hint = ""
            if column == "constituency":
                hint = " (for constituency,list,votes use --constituencies)"
            raise InputError(
                path, f"unexpected column '{column}': expected {expected}{hint}", line=line
            )
    missing = [column for column in required if column not in columns]
    if missing:
        raise InputError(
            path, f"the header lacks {', '.join(missing)}: expected {expected}", line=line
        )


def _list_votes(path: str, line: int, row: dict[str, str]) -> ListVotes:
    try:
        votes = parse_count(row["votes"], "votes")
        candidates = None
        if row.get("candidates"):
            candidates = parse_count(row["candidates"], "candidates")
    except ValueError as error:
        raise InputError(path, str(error), line=line) from None
    if not row["list"]:
        raise InputError(path, "the list name is empty", line=line)
    return ListVotes(row["list"], votes, candidates, line)


def read_lists(path: str) -> list[ListVotes]:
    """Read one constituency's ``list,votes`` file."""
    entries = [
        _list_votes(path, line, row)
        for line, row in read_table(path, ("list", "votes"), ("candidates",))
    ]
    if not entries:
        raise InputError(path, "has no lists: expected rows under the header list,votes")
    return entries


def read_seats(path: str) -> dict[str, tuple[int, int]]:
    """Read ``constituency,seats``: return {constituency: (seats, line)}."""
    seats: dict[str, tuple[int, int]] = {}
    for line, row in read_table(path, ("constituency", "seats")):
        name = row["constituency"]
        if not name:
            raise InputError(path, "the constituency name is empty", line=line)
        if name in seats:
            raise InputError(
                path,
                f"constituency '{name}' appears twice (first on line {seats[name][1]})",
                line=line,
            )
        try:
            count = parse_count(row["seats"], "seats")
        except ValueError as error:
            raise InputError(path, str(error), line=line) from None
        if count < 1:
            raise InputError(path, f"constituency '{name}' has {count} seats", line=line)
        seats[name] = (count, line)
    if not seats:
        raise InputError(path, "has no constituencies: expected rows under constituency,seats")
    return seats


def read_constituencies(path: str, seats_path: str) -> dict[str, tuple[int, list[ListVotes]]]:
    """Read ``constituency,list,votes`` and the seats file: {constituency: (seats, lists)}."""
    seats = read_seats(seats_path)
    lists: dict[str, list[ListVotes]] = {name: [] for name in seats}
    for line, row in read_table(path, ("constituency", "list", "votes"), ("candidates",)):
        name = row["constituency"]
        if name not in seats:
            raise InputError(
                path, f"unknown constituency '{name}' (it is not in {seats_path})", line=line
            )
        lists[name].append(_list_votes(path, line, row))
    for name, (_, line) in seats.items():
        if not lists[name]:
            raise InputError(seats_path, f"constituency '{name}' has no votes in {path}", line=line)
    return {name: (count, lists[name]) for name, (count, _) in seats.items()}


# --- Allocating ---------------------------------------------------------------------------------


def _allocate(path: str, entries, seats: int, options, lot: Lot, where: str = "") -> Allocation:
    try:
        return allocate(
            entries,
            seats,
            method=options.method,
            first_divisor=options.first_divisor,
            lot=lot,
        )
    except AllocationError as error:
        place = path if error.line is None else f"{path}, line {error.line}"
        raise InputError(place, f"{where}{error.message}") from None


def _check_lot_names(path: str, lot_names: Sequence[str], known: set[str]) -> None:
    for name in lot_names:
        if name not in known:
            raise InputError(path, f"--lot names '{name}', which is not a list in this file")


def run(options: argparse.Namespace) -> str:
    """Return what to print, or raise InputError having printed nothing."""
    lot_names = tuple(options.lot or ())
    if not options.constituencies:
        entries = read_lists(options.input)
        _check_lot_names(options.input, lot_names, {entry.name for entry in entries})
        lot = Lot(order=lot_names, seed=options.seed)
        allocation = _allocate(options.input, entries, options.seats, options, lot)
        if options.json:
            return json.dumps(allocation.as_dict(), ensure_ascii=False, indent=2)
        return render_allocation(allocation)
    constituencies = read_constituencies(options.input, options.seats_file)
    every_list = {entry.name for _, entries in constituencies.values() for entry in entries}
    _check_lot_names(options.input, lot_names, every_list)
    seed = options.seed if options.seed is not None else secrets.randbelow(2**53)
    results: dict[str, Allocation] = {}
    for name, (seats, entries) in constituencies.items():
        here = {entry.name for entry in entries}
        lot = Lot(order=tuple(n for n in lot_names if n in here), seed=seed)
        results[name] = _allocate(
            options.input, entries, seats, options, lot, where=f"constituency '{name}': "
        )
    totals: dict[str, int] = {}
    for allocation in results.values():
        for list_name, count in allocation.seats.items():
            totals[list_name] = totals.get(list_name, 0) + count
    used_seed = next((a.seed for a in results.values() if a.seed is not None), None)
    if options.json:
        first = next(iter(results.values()))
        document = {
            "method": first.method.value,
            "first_divisor": first.as_dict()["first_divisor"],
            "seats_total": sum(a.seats_total for a in results.values()),
            "seats": totals,
            "constituencies": {name: a.as_dict() for name, a in results.items()},
            "seed": used_seed,
        }
        return json.dumps(document, ensure_ascii=False, indent=2)
    parts = [f"== {name} ==\n{render_allocation(a)}" for name, a in results.items()]
    parts.append(render_totals(totals))
    return "\n\n".join(parts)


# --- The readable table -------------------------------------------------------------------------


def _cell(value: Fraction) -> str:
    return f"{float(value):,.2f}"


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def render_allocation(allocation: Allocation) -> str:
    """Return the allocation as a table a person reads: quotients, cutoff, margin, why."""
    total_votes = sum(allocation.votes.values())
    title = method_name(allocation.method, allocation.divisors)["en"]
    title = title[0].upper() + title[1:]
    if allocation.quota is not None:
        title += f", quota {_cell(allocation.quota)}"
    lines = [
        f"{title}: {allocation.seats_total} seats, {len(allocation.seats)} lists,"
        f" {total_votes:,} votes",
        "",
        _quotient_table(allocation) if allocation.divisors else _remainder_table(allocation),
        "",
    ]
    marker = "* = won a seat. " if allocation.divisors else ""
    lines.append(f"{marker}More = the fewest extra votes that would win the list one more seat.")
    for label, row in (
        ("Last winning", allocation.last_winning),
        ("First losing", allocation.first_losing),
    ):
        if row is not None:
            lines.append(f"{label}: {_cell(row.value)} ({row.list}, {_formula(row)})")
    margin = allocation.margin
    if margin is not None:
        taken = f" (from {margin.seat_from})" if margin.seat_from else ""
        lines.append(
            f"Margin: {margin.list} needed {margin.votes_needed:,} more votes for one more"
            f" seat{taken}."
        )
    if allocation.seed is not None:
        lines.append(f"Lot: seeded draw, seed {allocation.seed} (repeat it with --seed).")
    lines.append("")
    lines.append(textwrap.fill(allocation.explanation["ar"], width=100))
    lines.append("")
    lines.append(textwrap.fill(allocation.explanation["en"], width=100))
    return "\n".join(lines)


def _formula(row: Quotient | Remainder) -> str:
    if isinstance(row, Quotient):
        return f"{row.votes:,} ÷ {exact_text(row.divisor)}"
    return f"{row.votes:,} − {row.whole_seats} × {_cell(row.quota)}"


def _more(allocation: Allocation, name: str) -> str:
    needed = allocation.margins[name]
    return "-" if needed is None else f"{needed:,}"


def _quotient_table(allocation: Allocation) -> str:
    columns = min(max(allocation.seats.values()) + 1, allocation.seats_total, MAX_QUOTIENT_COLUMNS)
    assert allocation.divisors is not None  # a highest-averages allocation
    divisors = [allocation.divisors.divisor(k) for k in range(columns)]
    by_cell = {(q.list, q.divisor): q for q in allocation.quotient_rows}
    header = ["List", "Votes", "Seats"]
    header += [f"÷{exact_text(d)}" for d in divisors] + ["More"]
    rows = []
    for name, votes in allocation.votes.items():
        cells = [name, f"{votes:,}", str(allocation.seats[name])]
        for divisor in divisors:
            quotient = by_cell.get((name, divisor))
            if quotient is None:
                cells.append("")
            else:
                cells.append(_cell(quotient.value) + ("*" if quotient.seat else " "))
        rows.append([*cells, _more(allocation, name)])
    return _table(header, rows)


def _remainder_table(allocation: Allocation) -> str:
    header = ["List", "Votes", "Quotas", "Full", "Remainder", "+1", "Seats", "More"]
    rows = [
        [
            row.list,
            f"{row.votes:,}",
            f"{float(row.votes / row.quota):,.4f}",
            str(row.whole_seats),
            _cell(row.remainder),
            "yes" if row.remainder_seat else "",
            str(allocation.seats[row.list]),
            _more(allocation, row.list),
        ]
        for row in allocation.remainder_rows
    ]
    return _table(header, rows)


def render_totals(totals: dict[str, int]) -> str:
    rows = [[name, str(seats)] for name, seats in sorted(totals.items(), key=lambda t: -t[1])]
    return "== All constituencies ==\n" + _table(["List", "Seats"], rows)


# --- Entry point --------------------------------------------------------------------------------


def _parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """Return the ``jisr elections`` parser and its ``allocate`` subcommand's."""
    parser = argparse.ArgumentParser(
        prog="jisr elections",
        description="Elections: seats allocated exactly as the electoral law says.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    allocate_parser = commands.add_parser(
        "allocate",
        help="allocate seats from a CSV of votes",
        description="Allocate seats from a CSV of votes (header list,votes; one constituency),"
        " or from constituency,list,votes with --constituencies and --seats-file.",
        epilog="Ties are settled by lot: --lot gives the organizer's lot result, otherwise a"
        " seeded draw decides and its seed is shown. Bad input: exit status 2, message on"
        " stderr. See docs/elections-allocation.md.",
    )
    allocate_parser.add_argument("input", metavar="INPUT.csv", help="the votes, as CSV (UTF-8)")
    allocate_parser.add_argument(
        "--seats", type=_seats_argument, metavar="N", help="seats in the constituency"
    )
    allocate_parser.add_argument(
        "--method",
        choices=METHODS,
        default="sainte-lague",
        help="sainte-lague (default), dhondt, hare or droop",
    )
    allocate_parser.add_argument(
        "--first-divisor",
        type=_divisor_argument,
        metavar="D",
        help="first divisor of sainte-lague or dhondt (default 1; Iraq since 2018: 1.7)",
    )
    allocate_parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a table"
    )
    allocate_parser.add_argument(
        "--constituencies",
        action="store_true",
        help="INPUT.csv has constituency,list,votes; seats come from --seats-file",
    )
    allocate_parser.add_argument(
        "--seats-file", metavar="SEATS.csv", help="constituency,seats (with --constituencies)"
    )
    lots = allocate_parser.add_mutually_exclusive_group()
    lots.add_argument(
        "--lot",
        action="append",
        metavar="NAME",
        help="the organizer's lot result: a list name, repeated in the order drawn",
    )
    lots.add_argument(
        "--seed", type=_seed_argument, metavar="N", help="seed of the draw that settles ties"
    )
    return parser, allocate_parser


def _check_options(parser: argparse.ArgumentParser, options: argparse.Namespace) -> None:
    if options.constituencies:
        if options.seats_file is None:
            parser.error("--constituencies needs --seats-file SEATS.csv")
        if options.seats is not None:
            parser.error("--seats does not go with --constituencies: seats come from --seats-file")
    else:
        if options.seats is None:
            parser.error("--seats N is required (or --constituencies with --seats-file)")
        if options.seats_file is not None:
            parser.error("--seats-file goes with --constituencies")
    if options.first_divisor is not None:
        if Method(options.method) not in HIGHEST_AVERAGES:
            parser.error("--first-divisor applies only to sainte-lague and dhondt")
        try:
            divisors_for(options.method, options.first_divisor)
        except AllocationError as error:
            parser.error(f"--first-divisor: {error}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``jisr elections …``; return the exit status (2 for bad input)."""
    parser, allocate_parser = _parsers()
    options = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    _check_options(allocate_parser, options)
    try:
        output = run(options)
    except InputError as error:
        print(f"jisr elections allocate: {error}", file=sys.stderr)
        return BAD_INPUT
    try:
        print(output)
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
