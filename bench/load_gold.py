#!/usr/bin/env python
"""Check that every gold reader loads its real file: prints items, events, toponyms, notes.

    python bench/load_gold.py [GOLD_ROOT]     (default ../shared/data/gold)

Not a unit test: the suite must pass on a clone without ../shared.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dotterel.errors import DotterelError  # noqa: E402
from dotterel.evaluate.gold import read_gold  # noqa: E402

FILES = (
    "plv_train.tsv",
    "aw_train.tsv",
    "cameo_confliBERT",
    "petrarch_unittest",
    "geo/GWN.xml",
    "geo/lgl.xml",
    "event_location_dev.json",
)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "gold"
    if not root.is_dir():
        root = Path("/work/shared/data/gold")
    failed = 0
    print(f"{'file':28} {'format':15} {'items':>6} {'events':>6} {'toponyms':>8} {'secs':>5}  notes / types")
    for name in [*FILES, str(ROOT / "tests" / "gold" / "plover_gold.jsonl")]:
        path = root / name
        started = time.perf_counter()
        try:
            gold = read_gold(path)
        except DotterelError as exc:
            failed += 1
            print(f"{name:28} FAILED: {exc}")
            continue
        events = [e for i in gold.items for e in i.events]
        toponyms = sum(len(i.toponyms) for i in gold.items)
        types = Counter(e.plover_type for e in events if e.plover_type)
        print(
            f"{Path(name).name:28} {gold.format:15} {len(gold.items):6} {len(events):6} {toponyms:8} "
            f"{time.perf_counter() - started:5.2f}  {gold.notes} {dict(types.most_common(5))}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
