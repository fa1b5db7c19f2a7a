"""The small contract every pipeline stage keeps: `__call__(item)` and `pipe(items)`."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["Stage", "OverBudget", "time_budget"]

In = TypeVar("In")
Out = TypeVar("Out")


class Stage(Generic[In, Out]):
    """Base class for a stage. Subclasses implement `__call__`; `pipe` batches when it pays.

    A stage gets its resources in its constructor; nothing heavy happens at import time.
    """

    name: str = "stage"

    def __call__(self, item: In) -> Out:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, items: Iterable[In], batch_size: int = 64) -> Iterator[Out]:
        for item in items:
            yield self(item)


class OverBudget(BaseException):
    """A record took longer than its time budget.

    A BaseException, so that no `except Exception` inside a stage can swallow it.
    """


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `OverBudget` in this block after `seconds` of wall time (SIGALRM, main thread only).

    No input may hang a run: a record over its budget becomes a failure row instead. Python code
    is interrupted between bytecodes; a single C call (one regex match) finishes first. Elsewhere
    than the main thread, or with `seconds <= 0`, the block runs without a budget.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise OverBudget(f"over the time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
