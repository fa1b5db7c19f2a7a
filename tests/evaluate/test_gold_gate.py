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


def test_real_news_dev_split_meets_its_baseline():
    """The real-news dev split (sentences of one article coded together) stays at or above its
    minimums: whole events fully right, at least partly right, and recall."""
    from dotterel.evaluate import evaluate
    from dotterel.evaluate.baseline import check_baseline

    dev = GOLD_DIR / "realnews" / "dev.jsonl"
    result = evaluate(dev)
    failures = check_baseline(result, GOLD_DIR / "realnews" / "baseline.json", gold=dev)
    assert failures == []
