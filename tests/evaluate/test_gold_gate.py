"""The CI accuracy gate: dotterel on its own gold set must stay at or above the baseline.

Runs the real pipeline (spaCy, KB, gazetteer) on tests/gold/plover_gold.jsonl.
"""

from __future__ import annotations

from pathlib import Path

GOLD_DIR = Path(__file__).parents[1] / "gold"


def test_own_gold_set_meets_baseline():
    from dotterel.evaluate import evaluate
    from dotterel.evaluate.baseline import check_baseline

    result = evaluate(GOLD_DIR / "plover_gold.jsonl")
    failures = check_baseline(result, GOLD_DIR / "baseline.json", gold=GOLD_DIR / "plover_gold.jsonl")
    assert failures == []
