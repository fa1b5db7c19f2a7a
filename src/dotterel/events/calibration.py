"""Calibrated confidence of pipeline events: how often events with the same evidence were right.

An event's evidence is summed up as a key of four parts, from strongest to weakest signal:
`via/kind/roles/modal` -- lexicon or vector trigger, verb or noun, which sides resolved to an
actor (both, source, target), factual or flagged (negated, future, hypothetical, historical).
The table `data/calibration.tsv` holds, for each key seen when it was fitted, how many of the
events with that key were right, and the confidence that follows. A key's share is shrunk
towards its parent's (the key without its last part), so a rare kind of evidence borrows from
the commoner kinds it belongs to; a key missing from the table takes its nearest parent's
confidence. `scripts/calibrate_events.py --write` refits the table on the project's own gold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from dotterel.errors import GoldFormatError

__all__ = ["Calibration", "evidence_key", "fit", "write_table", "TABLE_FORMAT"]

TABLE_FORMAT = "1"
#: Pseudo-events a key borrows from its parent: how far a rare key is pulled to the parent's share.
PRIOR_WEIGHT = 4.0
_LOWEST, _HIGHEST = 0.05, 0.95  # a table fitted on ~100 events cannot vouch for more than this


def _table_path() -> Path:
    return Path(__file__).parent / "data" / "calibration.tsv"


def evidence_key(trigger: Any, source: tuple, target: tuple, modality: Any) -> str:
    """The evidence key of an event: `via/kind/roles/modal` (see the module doc)."""
    roles = "both" if source and target else ("source" if source else "target")
    modal = "factual" if modality.factual else "modal"
    return f"{trigger.via}/{trigger.kind}/{roles}/{modal}"


def _parents(key: str) -> list[str]:
    """`key` and every prefix of it, most specific first, ending with "" (all events)."""
    parts = key.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts), -1, -1)]


@dataclass(frozen=True)
class Calibration:
    """Confidence per evidence key; `lookup` walks up to the nearest known parent."""

    table: dict[str, float]
    counts: dict[str, tuple[int, int]]  # key -> (right, total) when fitted

    def lookup(self, key: str) -> float:
        """The calibrated confidence of an event with evidence `key`."""
        for parent in _parents(key):
            if parent in self.table:
                return self.table[parent]
        return 0.5

    def confidence(self, trigger: Any, source: tuple, target: tuple, modality: Any) -> float:
        """The calibrated confidence of one pipeline event (rounded to 3 places)."""
        return round(self.lookup(evidence_key(trigger, source, target, modality)), 3)

    @classmethod
    def load(cls, path: Path | None = None) -> "Calibration":
        """Read a table written by `write_table` (by default the one shipped with dotterel)."""
        path = path or _table_path()
        table: dict[str, float] = {}
        counts: dict[str, tuple[int, int]] = {}
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0] != f"# calibration table, format {TABLE_FORMAT}":
            raise GoldFormatError(f"{path}: not a calibration table of format {TABLE_FORMAT}; refit it with scripts/calibrate_events.py --write.")
        for raw in lines:
            if not raw.strip() or raw.startswith("#") or raw.startswith("key\t"):
                continue
            key, right, total, confidence = raw.split("\t")
            key = "" if key == "*" else key
            table[key] = float(confidence)
            counts[key] = (int(right), int(total))
        return cls(table, counts)


def fit(examples: Iterable[tuple[str, bool]], prior_weight: float = PRIOR_WEIGHT) -> Calibration:
    """Fit the table on (evidence key, was the event right) pairs, shrinking keys to parents."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    for key, ok in examples:
        for parent in _parents(key):
            right[parent] = right.get(parent, 0) + bool(ok)
            total[parent] = total.get(parent, 0) + 1
    table: dict[str, float] = {}
    # Parents first (shorter keys), so each key can shrink towards an already smoothed share.
    for key in sorted(total, key=lambda k: (k.count("/") + (k != ""), k)):
        if key == "":
            prior = 0.5
            weight = 2.0  # the overall share needs only a light pull away from 0 and 1
        else:
            prior = table[_parents(key)[1]]
            weight = prior_weight
        share = (right[key] + weight * prior) / (total[key] + weight)
        table[key] = min(_HIGHEST, max(_LOWEST, share))
    return Calibration(table, {k: (right[k], total[k]) for k in total})


def write_table(calibration: Calibration, source: str, path: Path | None = None) -> Path:
    """Store `calibration` as package data, saying what it was fitted on."""
    path = path or _table_path()
    lines = [
        f"# calibration table, format {TABLE_FORMAT}",
        "# Confidence of pipeline events by evidence key (via/kind/roles/modal; * = all events).",
        f"# Fitted by scripts/calibrate_events.py --write on {source};",
        f"# share right, shrunk towards the parent key with {PRIOR_WEIGHT:g} pseudo-events, clipped to {_LOWEST}-{_HIGHEST}.",
        "key\tright\ttotal\tconfidence",
    ]
    for key in sorted(calibration.table, key=lambda k: (k.count("/") + (k != ""), k)):
        r, n = calibration.counts.get(key, (0, 0))
        lines.append(f"{key or '*'}\t{r}\t{n}\t{calibration.table[key]:.3f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
