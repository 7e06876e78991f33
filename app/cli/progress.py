"""Progress bars for long commands: drawn (rich, on stderr) only when stderr is a terminal.

Off a terminal (a pipe, a log file, CI) the bar says nothing at all, so scripts
read only what the command prints on purpose.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TaskProgressColumn, TextColumn, TimeElapsedColumn


class ProgressBar:
    """A bar to move on; this base class is the quiet one, drawing nothing."""

    def advance_to(self, done: int, total: int | None = None) -> None:
        """Show `done` of `total` (the total may change, e.g. once it is known)."""

    def describe(self, text: str) -> None:
        """Change what the bar says it is doing."""


class _DrawnBar(ProgressBar):
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress, self._task = progress, task

    def advance_to(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self._progress.update(self._task, total=total)
        self._progress.update(self._task, completed=done)

    def describe(self, text: str) -> None:
        self._progress.update(self._task, description=text)


def is_terminal(stream: TextIO) -> bool:
    """True when the stream is an interactive terminal."""
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def progress_bar(description: str, total: int | None = None, stream: TextIO | None = None) -> Iterator[ProgressBar]:
    """A bar on `stream` (stderr by default) while the block runs, or a quiet one off a terminal."""
    stream = stream or sys.stderr
    if not is_terminal(stream):
        yield ProgressBar()
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(file=stream), transient=True) as progress:
        yield _DrawnBar(progress, progress.add_task(description, total=total))
