"""The small contract every pipeline stage keeps: `__call__(item)` and `pipe(items)`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["Stage"]

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
