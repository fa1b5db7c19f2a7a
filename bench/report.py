#!/usr/bin/env python
"""Regenerate the README section "Accuracy and speed" from bench/results/*.json.

    python bench/report.py [--results bench/results] [--readme README.md]

Same as `dotterel report`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dotterel.errors import DotterelError  # noqa: E402
from dotterel.evaluate.report import report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args()
    try:
        print(report(args.results, args.readme), end="")
    except DotterelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
