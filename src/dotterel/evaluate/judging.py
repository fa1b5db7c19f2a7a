"""Hand-judging coded events: draw a seeded random sample from a store into a sheet a person
fills in (RIGHT / PARTLY / WRONG per event), then read the filled sheet back into counts.

RIGHT: type, source and target are what the sentence says. PARTLY: a real event of the
sentence, but the type or a party is off. WRONG: the sentence holds no such event at all.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from dotterel.errors import UserError

__all__ = ["VERDICTS", "SHEET_COLUMNS", "write_sheet", "count_sheet"]

VERDICTS = ("RIGHT", "PARTLY", "WRONG")
SHEET_COLUMNS = ("n", "event_id", "article_id", "type", "cameo", "source", "target", "trigger", "modality",
                 "date", "place", "confidence", "evidence", "verdict", "note")
#: Confidence bins of the counts, as (label, low, high).
BINS = (("<0.3", 0.0, 0.3), ("0.3-0.6", 0.3, 0.6), (">=0.6", 0.6, 1.01))


def _party(side: Any) -> str:
    out = []
    for p in side or []:
        name = p.get("name") or p.get("text") or "?"
        code = (p.get("country") or "") + (p.get("sector") or "")
        out.append(f"{name} [{code or '-'}]")
    return "; ".join(out)


def _modality(row: dict[str, Any]) -> str:
    return ",".join(m for m in ("negated", "future", "hypothetical", "historical") if row.get(m)) or ""


def write_sheet(rows: list[dict[str, Any]], out: str | Path) -> int:
    """Write sampled event rows (from `Store.sample_events`) as a judging CSV; returns the count."""
    path = Path(out)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(SHEET_COLUMNS)
        for i, r in enumerate(rows, 1):
            writer.writerow([
                i, r.get("event_id"), r.get("article_id"), r.get("plover_type"), r.get("cameo_code"),
                _party(r.get("source")), _party(r.get("target")), r.get("trigger"), _modality(r),
                r.get("date") or "", r.get("location_name") or "", r.get("confidence"), r.get("evidence"), "", "",
            ])
    return len(rows)


def count_sheet(path: str | Path) -> dict[str, Any]:
    """Counts of a filled sheet: verdicts overall and per confidence bin; unjudged rows counted apart."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"no such sheet: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("verdict", "confidence") if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(f"{path}: not a judging sheet (no {', '.join(missing)} column); make one with `dotterel judge sample`")
        rows = list(reader)
    overall: Counter[str] = Counter()
    by_bin: dict[str, Counter[str]] = {label: Counter() for label, _, _ in BINS}
    for line, row in enumerate(rows, 2):
        verdict = (row.get("verdict") or "").strip().upper()
        if not verdict:
            overall["unjudged"] += 1
            continue
        if verdict not in VERDICTS:
            raise UserError(f"{path}: line {line}: verdict {verdict!r}; use one of {', '.join(VERDICTS)} or leave it empty")
        overall[verdict] += 1
        try:
            conf = float(row.get("confidence") or 0)
        except ValueError:
            conf = 0.0
        label = next(label for label, lo, hi in BINS if lo <= conf < hi) if 0 <= conf < 1.01 else BINS[0][0]
        by_bin[label][verdict] += 1
    judged = sum(overall[v] for v in VERDICTS)
    return {
        "judged": judged,
        "unjudged": overall["unjudged"],
        **{v.lower(): overall[v] for v in VERDICTS},
        "right_share": round(overall["RIGHT"] / judged, 3) if judged else None,
        "partly_or_right_share": round((overall["RIGHT"] + overall["PARTLY"]) / judged, 3) if judged else None,
        "by_confidence": {label: {v.lower(): c[v] for v in VERDICTS} for label, c in by_bin.items()},
    }
