"""The event stage: find events in parsed sentences and type them in PLOVER and CAMEO.

    from dotterel.events import EventCoder, classify, train
    coder = EventCoder()                     # lexicon + word vectors, no training data
    analysis = coder(analysis)               # fills analysis.events
    coder.classify("<s>Iran</s> condemned <t>Israel</t>.").plover_type   # 'ACCUSE'
    train(Path("gold.tsv"), Path("model/"))  # supervised model, then EventCoder(model_dir=...)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dotterel.events.classification import Classification
    from dotterel.events.training import TrainReport

__all__ = ["EventCoder", "Classification", "TrainReport", "classify", "train", "cross_validate"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    # Lazy: importing dotterel.events must not load numpy, spaCy or the lexicon.
    if name == "EventCoder":
        from dotterel.events.coder import EventCoder

        return EventCoder
    if name == "Classification":
        from dotterel.events.classification import Classification

        return Classification
    if name == "TrainReport":
        from dotterel.events.training import TrainReport

        return TrainReport
    raise AttributeError(name)


def classify(marked: str, model_dir: Path | None = None) -> "Classification":
    """Type the relation between `<s>source</s>` and `<t>target</t>` in one sentence."""
    from dotterel.events.coder import EventCoder

    return EventCoder(model_dir=model_dir).classify(marked)


def train(gold_file: Path, out_dir: Path) -> "TrainReport":
    """Train a supervised classifier from a gold file (plv_train.tsv layout or PLOVER JSONL)."""
    from dotterel.events.training import train as _train

    return _train(Path(gold_file), Path(out_dir))


def cross_validate(gold_file: Path, folds: int = 5, seed: int = 13):
    """k-fold cross-validation of the trained coder on a gold file; returns gold and predictions."""
    from dotterel.events.training import cross_validate as _cv

    return _cv(Path(gold_file), folds=folds, seed=seed)
