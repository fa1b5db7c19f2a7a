#!/usr/bin/env python
"""Time `dotterel panel` (Store.panel) over a large synthetic events table.

    python bench/panel_query.py [--events 10000000] [--db /tmp/panel.duckdb] [--keep]

Issue 15's target: a weekly panel over 10 million events in under 1 s. The table has the
project's schema (`open_store` runs the migrations) and is filled by SQL: 200 countries drawn
Zipf-like for parties and places, admin1 codes, ten years of dates, every PLOVER type, about
three events per happening (the first of each three is its first report), killed counts on ASSAULT events. Prints the build time, then for
each panel its size and cold and warm times (median of 5), rows fetched into Python dicts as
`dotterel panel` does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dotterel.model import PLOVER_TYPES  # noqa: E402
from dotterel.store import open_store  # noqa: E402
from dotterel.store.filters import EventFilter  # noqa: E402

_COUNTRY = "'C' || lpad(CAST(least(199, CAST(floor(pow(200, random())) - 1 AS INTEGER)) AS VARCHAR), 3, '0')"


def fill(con, n: int) -> None:
    """Insert `n` synthetic events and their dyad rows."""
    types = ", ".join(f"'{t}'" for t in sorted(PLOVER_TYPES))
    con.execute(
        f"""
        INSERT INTO events (event_id, article_id, sentence, date, date_precision, source, target,
                            plover_type, cameo_code, cameo_root, goldstein, quad, negated, future,
                            hypothetical, historical, location_country, admin1, confidence, happening_id,
                            killed_low)
        SELECT
            md5(CAST(r AS VARCHAR)), md5(CAST(r // 7 AS VARCHAR)), r % 7,
            DATE '2016-01-01' + CAST(floor(random() * 3650) AS INTEGER), 'day',
            [{{'text': 'x', 'start': 0, 'end': 1, 'country': {_COUNTRY}, 'sector': 'GOV', 'name': 'x',
               'kb_id': NULL, 'cameo': NULL, 'kind': 'state'}}],
            list_transform(range(CAST(random() < 0.9 AS INTEGER)), lambda k: {{
                'text': 'y', 'start': 2, 'end': 3, 'country': {_COUNTRY}, 'sector': NULL, 'name': 'y',
                'kb_id': NULL, 'cameo': NULL, 'kind': 'state'}}),
            ([{types}])[1 + CAST(floor(random() * {len(PLOVER_TYPES)}) AS INTEGER)],
            '010', '01', round(random() * 20 - 10, 1), 1 + CAST(floor(random() * 4) AS INTEGER),
            false, false, false, random() < 0.05,
            CASE WHEN random() < 0.8 THEN {_COUNTRY} END,
            lpad(CAST(CAST(floor(random() * 20) AS INTEGER) AS VARCHAR), 2, '0'),
            random(), md5(CAST(3 * (r // 3) AS VARCHAR)), NULL
        FROM range({n}) t(r)
        """
    )
    con.execute("UPDATE events SET killed_low = CAST(floor(random() * 5) AS INTEGER) WHERE plover_type = 'ASSAULT'")
    con.execute(
        """INSERT INTO dyads (event_id, article_id, date, source_country, source_sector, target_country,
                              target_sector, plover_type, cameo_root, goldstein, quad, negated, future,
                              hypothetical, historical, confidence, happening_id)
           SELECT p.event_id, p.article_id, p.date, p.source_country, p.source_sector, p.target_country,
                  p.target_sector, p.plover_type, p.cameo_root, p.goldstein, p.quad, p.negated, p.future,
                  p.hypothetical, p.historical, p.confidence, e.happening_id
           FROM event_pairs p JOIN events e USING (event_id)"""
    )


def timed(run) -> str:
    times = []
    rows = []
    for _ in range(6):
        t0 = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - t0) * 1000)
    units = len({r["unit"] for r in rows})
    return (f"{len(rows):,} rows ({units} units), {sum(r['events'] for r in rows):,} events; "
            f"first {times[0]:.0f} ms, median of next 5 {statistics.median(times[1:]):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=None, help="database file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="dotterel-panel-")
        args.db = Path(tmp.name) / "panel.duckdb"
    store = open_store(args.db)
    if store.con.execute("SELECT count(*) FROM events").fetchone()[0] < args.events:
        t0 = time.perf_counter()
        fill(store.con, args.events)
        store.con.execute("CHECKPOINT")
        print(f"built {args.events:,} events in {time.perf_counter() - t0:.1f} s, "
              f"file {args.db.stat().st_size / 1e9:.2f} GB")
    store.close()

    store = open_store(args.db, read_only=True)
    cases = [
        ("weekly panel by country, all ten years", "country", "week", EventFilter()),
        ("weekly panel by country, ASSAULT, 2020", "country", "week",
         EventFilter(plover_type="ASSAULT", since=dt.date(2020, 1, 1), until=dt.date(2020, 12, 31))),
        ("monthly panel by admin1", "admin1", "month", EventFilter()),
        ("weekly panel by dyad, one country", "dyad", "week", EventFilter(country="C000")),
    ]
    for label, by, every, flt in cases:
        print(f"{label}: {timed(lambda: store.panel(by, every, flt))}")
    store.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
