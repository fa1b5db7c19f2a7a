#!/usr/bin/env python
"""Benchmark dotterel on a corpus folder: articles/s, words/s, events/s, time per stage and
peak RSS, for 1 and N workers.

    python bench/bench.py ../shared/data/corpus/bbc --workers 1,2 [--limit N] [--output bench/results/bench_bbc.json]

Same as `dotterel bench`; this script works from a checkout without installing dotterel.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dotterel.errors import DotterelError  # noqa: E402
from dotterel.evaluate.benchmark import bench  # noqa: E402
from dotterel.evaluate.report import render_bench  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    parser.add_argument("--output", type=Path, default=None, help="write the JSON result here")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = parser.parse_args()
    try:
        result = bench(args.corpus, [int(w) for w in args.workers.split(",") if w.strip()], args.limit)
    except DotterelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['corpus']}: {result['articles_in_corpus']} articles, {result['words']} words")
    print(render_bench(result, args.format), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
