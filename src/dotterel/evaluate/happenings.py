"""Score happening linking against labelled mention pairs (same / different happening)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Pair", "read_pairs", "score_pairs", "PairScores"]


@dataclass(frozen=True)
class Pair:
    event_a: str
    event_b: str
    label: str  # same | different | unclear
    index: int = 0
    note: str = ""


@dataclass(frozen=True)
class PairScores:
    pairs: int  # labelled same/different and both events found
    missing: int  # pairs whose events the database does not hold (the coder changed)
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"pairs": self.pairs, "missing": self.missing, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "tn": self.tn, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3)}


def read_pairs(path: str | Path) -> list[Pair]:
    """Pairs from a TSV with columns event_a, article_a, event_b, article_b, label, note."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [Pair(r["event_a"], r["event_b"], r["label"].strip(), i, r.get("note") or "") for i, r in enumerate(rows)]


def score_pairs(happening_of: Mapping[str, str], pairs: Iterable[Pair]) -> PairScores:
    """Predicted "same" is both events in one happening; unclear pairs are left out."""
    tp = fp = fn = tn = n = missing = 0
    for p in pairs:
        if p.label not in ("same", "different"):
            continue
        ha, hb = happening_of.get(p.event_a), happening_of.get(p.event_b)
        if ha is None or hb is None:
            missing += 1
            continue
        n += 1
        same = ha == hb
        if p.label == "same":
            tp, fn = tp + same, fn + (not same)
        else:
            fp, tn = fp + same, tn + (not same)
    return PairScores(n, missing, tp, fp, fn, tn)
