#!/usr/bin/env python
"""Time one dyad's weekly event counts over a large synthetic events table.

    python bench/dyad_query.py [--events 10000000] [--db /tmp/dyad.duckdb] [--keep]

DESIGN.md's target: a query for one dyad's weekly time series over 10 million events in under
200 ms. The table is made with the project's own schema (`open_store` runs the migrations) and
filled by SQL with synthetic rows: 200 countries (Zipf-like, so a few dyads are common as in
real data), sectors, dates over ten years, every PLOVER type, one or two parties a side. The
first query filters the `events` table (`list_contains` over the source and target lists); the
second is `Store.dyad_series`, which `dotterel dyad` runs, on the flat `dyads` table the store
fills on write (one row per source-target pair). Prints build time, file size, and cold and
warm query times (median of 5). A copy of the pair table sorted by dyad and date answered in
1-3 ms, but the unsorted table the store appends to is already under the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dotterel.model import PLOVER_TYPES  # noqa: E402
from dotterel.store import open_store  # noqa: E402
from dotterel.store.migrations import DYADS_FROM_EVENTS  # noqa: E402

DYAD_COLUMNS = ("(event_id, article_id, date, source_country, source_sector, target_country, target_sector, "
                "plover_type, cameo_root, goldstein, quad, negated, future, hypothetical, historical, confidence)")

WEEKLY = """
SELECT date_trunc('week', date) AS week, count(*) AS events, avg(goldstein) AS goldstein
FROM events
WHERE list_contains(list_transform(source, lambda x: x.country), ?)
  AND list_contains(list_transform(target, lambda x: x.country), ?)
GROUP BY week ORDER BY week
"""


def fill(con, n: int) -> None:
    """Insert `n` synthetic events; country i is drawn with weight ~ 1/(i+1)."""
    types = ", ".join(f"'{t}'" for t in sorted(PLOVER_TYPES))
    con.execute(
        f"""
        INSERT INTO events (event_id, article_id, sentence, date, date_precision, source, target,
                            plover_type, cameo_code, cameo_root, goldstein, quad, negated, future,
                            hypothetical, historical, confidence)
        SELECT
            md5(CAST(r AS VARCHAR)), md5(CAST(r // 7 AS VARCHAR)), r % 7,
            DATE '2016-01-01' + CAST(floor(random() * 3650) AS INTEGER), 'day',
            list_transform(range(1 + CAST(random() < 0.1 AS INTEGER)), lambda k: {{
                'text': 'x', 'start': 0, 'end': 1,
                'country': 'C' || lpad(CAST(least(199, CAST(floor(pow(200, random())) - 1 AS INTEGER)) AS VARCHAR), 3, '0'),
                'sector': 'GOV', 'name': 'x', 'kb_id': NULL, 'cameo': NULL, 'kind': 'state'}}),
            list_transform(range(CAST(random() < 0.9 AS INTEGER)), lambda k: {{
                'text': 'y', 'start': 2, 'end': 3,
                'country': 'C' || lpad(CAST(least(199, CAST(floor(pow(200, random())) - 1 AS INTEGER)) AS VARCHAR), 3, '0'),
                'sector': NULL, 'name': 'y', 'kb_id': NULL, 'cameo': NULL, 'kind': 'state'}}),
            ([{types}])[1 + CAST(floor(random() * {len(PLOVER_TYPES)}) AS INTEGER)],
            '010', '01', round(random() * 20 - 10, 1), 1 + CAST(floor(random() * 4) AS INTEGER),
            false, false, false, false, random()
        FROM range({n}) t(r)
        """
    )


def timed(run) -> str:
    """Run a weekly query six times: its size, the first (cold) and the median warm time."""
    times = []
    for _ in range(6):
        t0 = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - t0) * 1000)
    total = sum(r[1] for r in rows)
    return (f"{len(rows)} weeks, {total:,} events; first {times[0]:.0f} ms, "
            f"median of next 5 {statistics.median(times[1:]):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=None, help="database file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="dotterel-dyad-")
        args.db = Path(tmp.name) / "dyad.duckdb"
    store = open_store(args.db)
    con = store.con
    if con.execute("SELECT count(*) FROM events").fetchone()[0] < args.events:
        t0 = time.perf_counter()
        fill(con, args.events)
        # The store fills dyads as it writes events; here the migration's backfill does it.
        con.execute("DELETE FROM dyads")
        # Migration 2's backfill, naming its columns: dyads gained happening_id in migration 3.
        con.execute(DYADS_FROM_EVENTS.replace("INSERT INTO dyads", "INSERT INTO dyads " + DYAD_COLUMNS, 1))
        con.execute("CHECKPOINT")
        print(f"built {args.events:,} events in {time.perf_counter() - t0:.1f} s, "
              f"file {args.db.stat().st_size / 1e9:.2f} GB")
    store.close()

    store = open_store(args.db, read_only=True)
    con = store.con
    common = ("C000", "C001")  # the two most frequent countries: the largest dyad
    rare = ("C000", "C150")
    print(f"{store.query('SELECT count(*) FROM dyads')[0][0]:,} rows in dyads")
    for label, dyad in (("common dyad", common), ("rare dyad", rare)):
        on_events = timed(lambda: con.execute(WEEKLY, list(dyad)).fetchall())
        on_dyads = timed(lambda: [tuple(r.values()) for r in store.dyad_series(*dyad)])
        print(f"{label} {'->'.join(dyad)}\n  events table: {on_events}\n  dyads table (dotterel dyad): {on_dyads}")
    store.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
