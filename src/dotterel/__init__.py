"""dotterel: English news in, political event data (PLOVER, CAMEO) out.

The public API is small: `Pipeline`, `Config`, `open_store` and the dataclasses of
`dotterel.model`. Heavy modules (spaCy, DuckDB) load on first use, not at import.
"""

from __future__ import annotations

import logging
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__", "Pipeline", "Config", "open_store", "Article", "Event", "Actor", "Place", "Analysis",
    "event_json",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_LAZY = {
    "Pipeline": "dotterel.pipeline",
    "Config": "dotterel.config",
    "open_store": "dotterel.store",
    "event_json": "dotterel.store.export",
    "Article": "dotterel.model",
    "Event": "dotterel.model",
    "Actor": "dotterel.model",
    "Place": "dotterel.model",
    "Analysis": "dotterel.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dotterel' has no attribute {name!r}")
