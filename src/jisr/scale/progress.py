"""What the generator prints while it works, on stderr: a line per phase with its counts
and time, a bar while a big table loads (redrawn in place on a terminal, a line per tenth
elsewhere), the total time, and a table of row counts."""

import sys
import time
from contextlib import contextmanager
from typing import TextIO, cast

from django.core.management.base import OutputWrapper

BAR_WIDTH = 30


class Bar:
    """Rows loaded into one table out of the expected total."""

    def __init__(self, stream, label: str, total: int, tty: bool):
        self.stream, self.label, self.total, self.tty = stream, label, max(total, 0), tty
        self.done = 0
        self.steps = 200 if tty else 10
        # The last step drawn (a 200th on a terminal, a tenth elsewhere); a log gets no 0%.
        self.shown = -1 if tty else 0

    def add(self, n: int = 1) -> None:
        self.done += n
        step = self.steps * min(self.done, self.total) // self.total if self.total else 0
        if step != self.shown:
            self.shown = step
            self._draw()

    def _draw(self) -> None:
        total = self.total or 1
        filled = BAR_WIDTH * min(self.done, total) // total
        percent = 100 * min(self.done, total) // total
        text = (
            f"    {self.label:<20} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% "
            f"{self.done:,}/{self.total:,}"
        )
        if self.tty:
            self.stream.write("\r" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.shown != self.steps:
            self.shown = self.steps
            self._draw()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Progress:
    """The phases of a run, their times and the rows each wrote."""

    def __init__(self, stream: TextIO | OutputWrapper | None = None, *, quiet: bool = False):
        stream = stream if stream is not None else sys.stderr
        # A command's OutputWrapper ends every write with a line break, and a bar would
        # then print a line per redraw: write to the stream it wraps.
        if isinstance(stream, OutputWrapper):
            stream = cast(TextIO, stream._out)  # private, and typed loosely
        self.stream: TextIO = stream
        self.quiet = quiet
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.started = time.perf_counter()
        self.phases: list[tuple[str, float, dict[str, int]]] = []

    def write(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    @contextmanager
    def phase(self, name: str, number: int, of: int):
        """Time a phase; the body fills the dict it gets with what it wrote."""
        self.write(f"[{number}/{of}] {name} …")
        counts: dict[str, int] = {}
        start = time.perf_counter()
        yield counts
        seconds = time.perf_counter() - start
        self.phases.append((name, seconds, counts))
        done = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.write(f"[{number}/{of}] {name}: {done or 'done'} ({seconds:.1f} s)")

    def bar(self, label: str, total: int) -> Bar:
        return Bar(_Null() if self.quiet else self.stream, label, total, self.tty)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


class _Null:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def table(rows: list[tuple[str, int]], headers: tuple[str, str]) -> str:
    """A plain text table of (name, count) rows, counts right-aligned."""
    width = max([len(headers[0])] + [len(name) for name, _n in rows])
    numbers = [f"{n:,}" for _name, n in rows]
    count_width = max([len(headers[1])] + [len(n) for n in numbers])
    lines = [
        f"{headers[0]:<{width}}  {headers[1]:>{count_width}}",
        f"{'-' * width}  {'-' * count_width}",
    ]
    lines += [
        f"{name:<{width}}  {n:>{count_width}}" for (name, _c), n in zip(rows, numbers, strict=True)
    ]
    return "\n".join(lines)
