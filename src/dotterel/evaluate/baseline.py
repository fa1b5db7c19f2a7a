"""The accuracy gate: minimum scores in a baseline file, checked against an eval result.

Baseline file (JSON, `format_version` 1):

```
{"format_version": 1,
 "gold": "plover_gold.jsonl", "gold_sha256": "<hash of the gold file>",
 "note": "why these numbers",
 "minimums": {"slots.type.micro_f1": 0.62, "end_to_end.f1": 0.35, ...}}
```
Keys are dotted paths into the `dotterel eval --format json` result. The gold file is pinned
by hash (as trafilatura does), so a changed gold set cannot pass silently: re-baseline it.
Raising a minimum is always allowed; lowering one needs `allow_lower`.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

from dotterel.errors import GoldFormatError, UserError

__all__ = ["DEFAULT_KEYS", "flatten", "check_baseline", "update_baseline", "sha256_of"]

FORMAT_VERSION = 1

#: Scores gated when a baseline is first written (those the result has).
DEFAULT_KEYS = (
    "slots.type.micro_f1",
    "slots.type.macro_f1",
    "slots.quad.micro_f1",
    "slots.source.accuracy",
    "slots.target.accuracy",
    "slots.modality.accuracy",
    "slots.place.exact",
    "slots.date.exact",
    "slots.binary.accuracy",
    "end_to_end.precision",
    "end_to_end.recall",
    "end_to_end.f1",
    "full_events.precision_full",
    "full_events.precision_partly_or_full",
    "full_events.recall_full",
    "full_events.recall_found",
)


def flatten(result: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a result as dotted paths (per-class tables and matrices left out)."""
    out: dict[str, float] = {}
    for key, value in result.items():
        if key in ("per_class", "confusion", "notes"):
            continue
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[path] = float(value)
    return out


def sha256_of(path: str | Path) -> str:
    """Hash of a gold file (or of every file under a gold folder, in name order)."""
    p = Path(path)
    h = hashlib.sha256()
    for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no baseline file; create one with --update-baseline") from None
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{path}: line {exc.lineno}: the baseline is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("minimums"), dict):
        raise GoldFormatError(f"{path}: line 1: a baseline needs a 'minimums' object")
    if data.get("format_version") != FORMAT_VERSION:
        raise GoldFormatError(f"{path}: format_version {data.get('format_version')!r}; expected {FORMAT_VERSION}")
    return data


def check_baseline(result: dict[str, Any], baseline: str | Path, gold: str | Path | None = None) -> list[str]:
    """Return one message per score below its minimum (empty: the gate passes).

    A minimum whose score is missing from the result fails too, and so does a gold file
    whose hash differs from the pinned one.
    """
    data = _load(Path(baseline))
    failures = []
    pinned = data.get("gold_sha256")
    if gold is not None and pinned and sha256_of(gold) != pinned:
        failures.append(f"gold file {gold} changed since the baseline was set; re-baseline with --update-baseline")
    scores = flatten(result)
    for key, minimum in sorted(data["minimums"].items()):
        value = scores.get(key)
        if value is None:
            failures.append(f"{key}: missing from the result (minimum {minimum})")
        elif value + 1e-9 < float(minimum):
            failures.append(f"{key}: {value:.4f} < minimum {float(minimum):.4f}")
    return failures


def update_baseline(
    result: dict[str, Any],
    baseline: str | Path,
    gold: str | Path | None = None,
    allow_lower: bool = False,
    note: str | None = None,
) -> dict[str, Any]:
    """Set the minimums to the scores of `result` (rounded down to 3 decimals) and write them.

    Keeps the keys of an existing baseline (else DEFAULT_KEYS the result has). Raises
    UserError if a minimum would go down and `allow_lower` is False.
    """
    path = Path(baseline)
    old = _load(path) if path.exists() else {"minimums": {}}
    scores = flatten(result)
    keys = list(old["minimums"]) or [k for k in DEFAULT_KEYS if k in scores]
    missing = [k for k in keys if k not in scores]
    if missing:
        raise UserError(f"the result has no score for {', '.join(missing)}; edit {path} by hand to drop them")
    new = {k: math.floor(scores[k] * 1000) / 1000 for k in keys}
    lowered = [f"{k}: {old['minimums'][k]} -> {v}" for k, v in new.items() if k in old["minimums"] and v < float(old["minimums"][k])]
    if lowered and not allow_lower:
        raise UserError("lowering minimums needs --allow-lower: " + "; ".join(lowered))
    data = {
        "format_version": FORMAT_VERSION,
        "gold": str(Path(gold).name) if gold is not None else old.get("gold"),
        "gold_sha256": sha256_of(gold) if gold is not None else old.get("gold_sha256"),
        "note": note or old.get("note") or "minimums set from a run of dotterel eval --update-baseline",
        "minimums": new,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data
