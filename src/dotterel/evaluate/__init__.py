"""Measurement built in: read gold data in many formats, score the coder, gate on a baseline.

```python
from dotterel.evaluate import evaluate
result = evaluate("tests/gold/plover_gold.jsonl")   # the `dotterel eval --format json` dict
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dotterel.evaluate.gold import FORMATS, GoldSet, detect_format, read_gold

__all__ = ["evaluate", "read_gold", "detect_format", "GoldSet", "FORMATS"]


def evaluate(
    gold: str | Path,
    *,
    model_dir: str | Path | None = None,
    dictionaries: str | Path | None = None,
    limit: int | None = None,
    fmt: str | None = None,
    predictor: Any = None,
    errors: int = 0,
    decider: str | None = None,
) -> dict[str, Any]:
    """Score dotterel (or `predictor`) against a gold file or folder; returns the JSON contract.

    `dictionaries` is a PETRARCH dictionary folder: participants are then coded with the
    record set's own actor codes. `limit` scores only the first N gold items; `errors` lists the
    first N wrongly coded items under "errors". `decider`: "off" (rules alone), "default" or a
    folder written by `dotterel train-decider`.
    """
    from dotterel.evaluate.predict import SystemPredictor
    from dotterel.evaluate.scoring import score

    gold_set = read_gold(gold, fmt=fmt, limit=limit)
    if predictor is None:
        predictor = SystemPredictor(model_dir=model_dir, dictionaries=dictionaries, decider=decider)
    return score(gold_set, predictor, errors=errors)
