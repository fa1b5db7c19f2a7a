#!/usr/bin/env python
"""Draw a reproducible random sample of coded events for a hand check of precision.

    python scripts/sample_events.py DB [--n 40] [--seed 11] [--min-confidence X]

Prints each event with its parties (name/country+sector), trigger, flags, place, confidence and
evidence sentence. Judge each as right (type and parties as the sentence says), partly right
(a real event, but a party or the type is off) or wrong (no political event), and report the
counts with the command that drew the sample.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dotterel.store import open_store  # noqa: E402

PARTY = "list_transform({side}, lambda x: coalesce(x.name, x.text) || '/' || coalesce(x.country, '') || coalesce(x.sector, ''))"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--min-confidence", type=float, default=0.0)
    args = parser.parse_args()
    with open_store(args.db, read_only=True) as store:
        rows = store.query(
            f"""SELECT plover_type, cameo_code, {PARTY.format(side='source')}, {PARTY.format(side='target')},
                       trigger, historical, location_name, confidence, evidence
                FROM (SELECT * FROM events WHERE confidence >= ? ORDER BY event_id)
                USING SAMPLE reservoir({int(args.n)} ROWS) REPEATABLE ({int(args.seed)})
                ORDER BY plover_type, confidence""",
            [args.min_confidence],
        )
    for i, (ptype, cameo, source, target, trigger, historical, place, conf, evidence) in enumerate(rows):
        flags = " historical" if historical else ""
        print(f"{i:3d} {ptype} {cameo} {source} -> {target} [{trigger}]{flags} @{place or '-'} conf {conf}")
        print(f"      {evidence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
