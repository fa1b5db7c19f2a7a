"""Measure ingest + clean + dedup on a corpus: duplicates found and time per 1,000 articles.

Usage (from the repository root):
    PYTHONPATH=src python scripts/measure_ingest.py ../shared/data/corpus/bbc \
        ../shared/data/corpus/wikinews_2019.csv ../shared/data/corpus/wikinews_2020.csv \
        ../shared/data/corpus/guardian_syria_sample.csv ../shared/data/corpus/reuters_2020-02-25.jsonl

Prints one JSON object: counts (read, articles, failures by stage and status, exact and near
duplicates), seconds per stage and per 1,000 articles, peak RSS, and the near-duplicate pairs
(all) and exact pairs (first 10) so a reader can check them by eye.
"""

from __future__ import annotations

import argparse
import collections
import json
import resource
import sys
import time

from dotterel.clean import Cleaner
from dotterel.dedup import Deduper
from dotterel.ingest import read_inputs
from dotterel.model import Article, Duplicate, Failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--no-language", action="store_true", help="skip language identification")
    args = parser.parse_args()

    started = time.perf_counter()
    cleaner = Cleaner(detect_language=not args.no_language)
    deduper = Deduper(threshold=args.threshold)
    setup = time.perf_counter() - started

    cpu_started = time.process_time()
    seconds = collections.Counter()
    counts = collections.Counter()
    failures = collections.Counter()
    pairs = []
    by_input: dict[str, collections.Counter] = {name: collections.Counter() for name in args.inputs}

    def input_of(origin: str) -> str:
        return next((name for name in args.inputs if origin.startswith(name)), "?")

    origins: dict[str, str] = {}
    stream = iter(read_inputs(args.inputs))
    while True:
        t0 = time.perf_counter()
        item = next(stream, None)
        seconds["ingest"] += time.perf_counter() - t0
        if item is None:
            break
        counts["read"] += 1
        per_input = by_input.setdefault(input_of(item.origin), collections.Counter())
        per_input["read"] += 1
        if isinstance(item, Failure):
            failures[f"{item.stage}/{item.status}: {item.reason[:60]}"] += 1
            continue
        t0 = time.perf_counter()
        cleaned = cleaner(item)
        seconds["clean"] += time.perf_counter() - t0
        if isinstance(cleaned, Failure):
            failures[f"{cleaned.stage}/{cleaned.status}: {cleaned.reason[:60]}"] += 1
            continue
        t0 = time.perf_counter()
        verdict = deduper(cleaned)
        seconds["dedup"] += time.perf_counter() - t0
        if isinstance(verdict, Duplicate):
            counts[f"duplicate_{verdict.kind}"] += 1
            per_input[f"duplicate_{verdict.kind}"] += 1
            pairs.append(
                {
                    "kind": verdict.kind,
                    "similarity": round(verdict.similarity, 3),
                    "duplicate": verdict.article.origin,
                    "canonical": origins.get(verdict.canonical_id),
                }
            )
        else:
            counts["new"] += 1
            origins[cleaned.article_id] = cleaned.origin
    articles = counts["read"]
    total = sum(seconds.values())
    cpu = time.process_time() - cpu_started
    report = {
        "inputs": args.inputs,
        "threshold": args.threshold,
        "counts": dict(counts),
        "failures": dict(failures),
        "by_input": {name: dict(c) for name, c in by_input.items()},
        "setup_seconds": round(setup, 2),
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "seconds_per_1000_articles": {
            **{k: round(v * 1000 / max(articles, 1), 2) for k, v in seconds.items()},
            "total": round(total * 1000 / max(articles, 1), 2),
        },
        # CPU time is steadier than wall time when other jobs share the machine.
        "cpu_seconds_per_1000_articles": round(cpu * 1000 / max(articles, 1), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "near_duplicates": [p for p in pairs if p["kind"] == "near"],
        "exact_duplicates_first_10": [p for p in pairs if p["kind"] == "exact"][:10],
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
