"""Gazetteer start-up time, memory and lookup cost. Prints one JSON line.

Usage: PYTHONPATH=src python scripts/bench_gazetteer.py [--cold]
--cold builds into a fresh temporary cache (what a first run costs); default reads the cache.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    if "--cold" in sys.argv:
        os.environ["DOTTEREL_CACHE"] = tempfile.mkdtemp()
    from dotterel.where import Context, Gazetteer

    before = rss_mb()
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    startup = time.perf_counter() - t0
    after = rss_mb()
    names = ["Bucharest", "Germany", "Tripoli", "Georgia", "Alexandria", "Paris", "U.S.", "Syria",
             "Springfield", "Deir ez-Zor", "Ontario", "Kyiv", "Gaza Strip", "Lagos", "Mosul"]
    ctx = Context()
    ctx.countries.update(["USA", "USA", "FRA"])
    n = 20000
    t0 = time.perf_counter()
    for i in range(n):
        gaz.resolve(names[i % len(names)], ctx)
    exact_us = (time.perf_counter() - t0) / n * 1e6
    fuzzy = ["Deir el-Zour", "Dayr az-Zawr", "Kandahaar", "Aleppoo", "Mosoul"]
    t0 = time.perf_counter()
    for i in range(2000):
        gaz.resolve(fuzzy[i % len(fuzzy)])
    fuzzy_us = (time.perf_counter() - t0) / 2000 * 1e6
    print(json.dumps({
        "cache": "cold build" if "--cold" in sys.argv else "warm (cache file)",
        "startup_s": round(startup, 2), "entries": len(gaz),
        "rss_added_mb": round(after - before, 1), "rss_total_mb": round(after, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "resolve_exact_us": round(exact_us, 1), "resolve_fuzzy_us": round(fuzzy_us, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
