"""Progress of `dotterel code` on stderr: a bar with percentage and time left on a terminal, a
plain log line every N seconds elsewhere (a batch job's log shows progress too)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

__all__ = ["RunProgress"]


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _counts(s: Any) -> str:
    return (f"read {s.read:,}  coded {s.coded:,}  duplicates {s.duplicates:,}  failed {s.failed:,}  "
            f"events {s.events:,}")


class RunProgress:
    """Called with the run summary as batches are written; `close()` when the run ends.

    The size of the input files is the total, so the percentage and the time left are of bytes
    read (the only measure known before reading: a JSONL file's records are not counted first).
    """

    def __init__(self, stream: TextIO | None = None, every: float = 30.0) -> None:
        self._stream = stream or sys.stderr
        self._every = every
        self._started = time.monotonic()
        self._last_line = self._started
        self._bar: Any = None
        self._task: Any = None
        if self._stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                SpinnerColumn(), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                TextColumn("left"), TimeRemainingColumn(), TextColumn("{task.description}", markup=False),
                console=Console(file=self._stream), transient=True,
            )
            self._task = self._bar.add_task("starting", total=None)
            self._bar.start()

    def __call__(self, summary: Any) -> None:
        if self._bar is not None:
            total = summary.bytes_total or None
            self._bar.update(self._task, total=total, completed=min(summary.bytes_read, total or summary.bytes_read),
                             description=_counts(summary))
            return
        now = time.monotonic()
        if now - self._last_line >= self._every:
            self._last_line = now
            self._stream.write(f"dotterel: {self.line(summary, now - self._started)}\n")
            self._stream.flush()

    @staticmethod
    def line(summary: Any, elapsed: float) -> str:
        """One plain progress line: bytes read of the total, percent, time spent and left, counts."""
        total, done = summary.bytes_total, summary.bytes_read
        if total:
            fraction = min(1.0, done / total)
            left = f", about {elapsed * (1 - fraction) / fraction:,.0f} s left" if fraction > 0 else ""
            where = f"{_mb(done)} of {_mb(total)} ({fraction:.0%}), {elapsed:,.0f} s{left}"
        else:
            where = f"{elapsed:,.0f} s"
        return f"{where}; {_counts(summary)}"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
