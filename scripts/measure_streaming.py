"""Check that ingest + clean keep memory flat on a large input.

Usage:
    PYTHONPATH=src python scripts/measure_streaming.py --make /tmp/big/big.jsonl.gz --megabytes 1000
    PYTHONPATH=src python scripts/measure_streaming.py /tmp/big/big.jsonl.gz [--clean]

`--make` writes a synthetic gzipped JSONL of the given uncompressed size (varied sentences, so
the articles differ). The run prints peak RSS every 50,000 records and at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import time

from dotterel.clean import Cleaner
from dotterel.ingest import read_inputs
from dotterel.model import Article

WORDS = (
    "harbour council minister talks quotas fleet border envoy accord storm coast guard trawler "
    "fishermen market prices commission treaty summit delegation ministry statement agreement"
).split()


def make(path: str, megabytes: int) -> None:
    rng = random.Random(1)
    written = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        n = 0
        while written < megabytes * 1024 * 1024:
            text = "\n\n".join(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 40))).capitalize() + "."
                for _ in range(rng.randint(5, 20))
            )
            line = json.dumps({"id": n, "title": f"Story {n}", "text": text, "date": "2024-01-01"}) + "\n"
            out.write(line)
            written += len(line)
            n += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--make", action="store_true")
    parser.add_argument("--megabytes", type=int, default=1000)
    parser.add_argument("--clean", action="store_true")
    args = parser.parse_args()
    if args.make:
        make(args.path, args.megabytes)
        return
    cleaner = Cleaner(detect_language=False) if args.clean else None
    started = time.perf_counter()
    count = 0
    for item in read_inputs([args.path]):
        if cleaner is not None and isinstance(item, Article):
            cleaner(item)
        count += 1
        if count % 50000 == 0:
            print(f"{count} records, {time.perf_counter() - started:.0f} s, peak RSS {peak_mb():.0f} MB", file=sys.stderr)
    print(f"done: {count} records in {time.perf_counter() - started:.0f} s, peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
