"""The progress bar of the import commands (and of the search rebuild), drawn by Rich:
redrawn in place on a terminal; in a log file, one line every tenth."""

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn


class ProgressBar:
    """Call it with (done, total) as work is done; ``label(done, total)`` names the step
    being done. ``finish()`` once it is over."""

    def __init__(self, stream, label=None):
        # A command's OutputWrapper ends every write with a line break: write to the stream
        # it wraps.
        out = getattr(stream, "_out", stream)
        self.terminal = hasattr(out, "isatty") and out.isatty()
        console = Console(
            file=out, force_terminal=self.terminal, width=None if self.terminal else 80
        )
        self.label = label or (lambda done, total: "")
        self.bar = Progress(
            BarColumn(bar_width=30),
            TaskProgressColumn(),
            TextColumn("{task.description}"),
            console=console,
            auto_refresh=False,
        )
        self.task = self.bar.add_task("", total=None)
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(100 * done // total, 100) if total else 100
        if percent == self.shown or (not self.terminal and percent // 10 == self.shown // 10):
            return
        if self.shown < 0 and self.terminal:
            self.bar.start()
        self.shown = percent
        self.bar.update(
            self.task,
            completed=done if total else 1,
            total=total or 1,
            description=self.label(done, total),
        )
        if self.terminal:
            self.bar.refresh()
        else:
            self.bar.console.print(self.bar.get_renderable())

    def finish(self) -> None:
        if self.terminal and self.shown >= 0:
            self.bar.stop()
