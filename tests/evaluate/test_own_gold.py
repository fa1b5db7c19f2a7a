"""The project's own gold set covers what it promises: 120+ sentences, every PLOVER type,
every modality and sentences without an event."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from dotterel.evaluate.gold import MODALITIES, read_gold
from dotterel.model import PLOVER_TYPES

GOLD = Path(__file__).parents[1] / "gold" / "plover_gold.jsonl"


def test_own_gold_set_coverage():
    gold = read_gold(GOLD)
    assert len(gold.items) >= 120
    events = [e for i in gold.items for e in i.events]
    by_type = Counter(e.plover_type for e in events)
    assert {t: by_type[t] for t in PLOVER_TYPES if by_type[t] < 5} == {}
    by_modality = Counter(e.modality for e in events)
    assert all(by_modality[m] >= 5 for m in MODALITIES)
    assert sum(1 for i in gold.items if not i.events) >= 8
    assert all(e.source and e.target and e.source[0].country for e in events)
    # trigger words and actor spans are taken from the sentence itself
    for item in gold.items:
        for e in item.events:
            assert e.trigger in item.text and all(a.text in item.text for a in e.source + e.target)
